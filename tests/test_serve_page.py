"""Issue 18.5 and 18.6: content negotiation by RFC 9110 q-values, and the query page at GET /sparql."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from browser import dump, require_chromium
from graphkit.content_negotiation import choose
from graphkit.questions import COLUMNS, STANDARD
from graphkit.sparql_worker import Limits
from graphkit.views.html import remote_refs
from serve_helpers import get_query, request, running

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SELECT_TYPES = ["application/sparql-results+json", "application/json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "text/html"]


@pytest.mark.parametrize("accept,expected", [
    ("text/csv;q=0.2, application/sparql-results+json;q=0.9", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0.2, text/csv", "text/csv"),
    ("text/csv;q=0", None),  # q=0 is "not acceptable"
    ("*/*;q=0.1, text/csv;q=0.5", "text/csv"),
    ("text/*;q=0.5, text/csv;q=0", "text/tab-separated-values"),  # the more specific range wins for text/csv
    ("*/*", "application/sparql-results+json"),  # a tie goes to the server's order
    ("", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
    ("image/png", None),
    ("text/csv;q=abc, text/tab-separated-values;q=0.3", "text/tab-separated-values"),  # an unreadable weight: ignored
    ("TEXT/CSV; Q=0.9, application/sparql-results+xml;q=0.8", "text/csv"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # what a browser sends
])
def test_choose_follows_rfc_9110(accept, expected):
    assert choose(accept, SELECT_TYPES) == expected


@pytest.fixture(scope="module")
def server(devset_build):
    with running(devset_build.out, Limits(html_rows=5)) as srv:
        yield srv


def test_the_endpoint_weighs_q_values(server):
    response, data = get_query(server, COUNT, {"Accept": "text/csv;q=0.2, application/sparql-results+json;q=0.9"})
    assert response.status == 200 and response.getheader("Content-Type") == "application/sparql-results+json"
    response, data = get_query(server, COUNT, {"Accept": "text/csv;q=0, application/sparql-results+json;q=0"})
    assert response.status == 406 and b"not acceptable" in data
    response, data = get_query(server, "ASK { ?s ?p ?o }", {"Accept": "text/csv"})
    assert response.status == 406  # CSV has no boolean form: not a silent switch to JSON
    response, data = get_query(server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
                               {"Accept": "application/n-triples;q=0.1, text/turtle"})
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/turtle")


def test_get_without_a_query_is_the_query_page(server):
    response, data = request(server, "GET", "/sparql")
    page = data.decode("utf-8")
    assert response.status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "form-action 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert '<form method="get" action="/sparql">' in page and '<textarea id="query" name="query"' in page
    assert all(ref.startswith("/sparql") or ref == "/network.html" for ref in remote_refs(page))  # this server only
    links = re.findall(r'<a href="(/sparql\?query=[^"]+)">([\w-]+)</a>', page)
    assert [name for _, name in links] == list(STANDARD)


@pytest.mark.parametrize("name", ["parents", "professionals"])
def test_a_standard_question_is_one_click_away(server, name):
    page = request(server, "GET", "/sparql")[1].decode("utf-8")
    href = dict((n, h) for h, n in re.findall(r'<a href="(/sparql\?query=[^"]+)">([\w-]+)</a>', page))[name]
    response, data = request(server, "GET", href.replace("&amp;", "&"), headers={"Accept": "text/html"})
    answer = data.decode("utf-8")
    assert response.status == 200
    assert re.findall(r"<th>([^<]*)</th>", answer) == COLUMNS[name]
    assert answer.count("<tr>") - 1 == 5 and "the first 5; there are more" in answer  # Limits(html_rows=5)
    full = json.loads(request(server, "GET", href.replace("&amp;", "&"))[1])["results"]["bindings"]
    assert len(full) > 5


def test_the_page_escapes_the_query_and_the_results(server):
    hostile = '</textarea><script>alert(1)</script><img src=x onerror=alert(2)>'
    query = f'SELECT ("{hostile}" AS ?x) WHERE {{}}'
    response, data = get_query(server, query, {"Accept": "text/html"})
    page = data.decode("utf-8")
    assert response.status == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response, data = get_query(server, hostile + " SELECT", {"Accept": "text/html"})
    page = data.decode("utf-8")
    assert response.status == 400 and "SPARQL syntax error" in page and "<script>alert" not in page


def test_chromium_shows_the_page_and_a_table(server):
    require_chromium()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    form = dump(base + "/sparql", budget_ms=2000)
    assert form.errors == [] and form.blocked == [] and 'name="query"' in form.dom
    seen = dump(base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?parent WHERE { ?s <http://purl.org/dc/terms/identifier> ?parent FILTER(STRSTARTS(?parent, 'DP0')) } ORDER BY ?parent"}), budget_ms=2000)
    assert seen.errors == [] and seen.blocked == []
    assert re.findall(r"<td>(DP0\d)</td>", seen.dom)[:2] == ["DP01", "DP02"]
