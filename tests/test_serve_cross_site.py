"""Issue 16.2: a page of another origin cannot use the endpoint, through a real browser or by forged headers."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse

import pytest

from browser import dump, require_chromium
from serve_helpers import all_ways, get_query, request, running

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(devset_build):
    with running(devset_build.out) as srv:
        yield srv


def _origin(srv) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"


@pytest.mark.parametrize("headers", [
    {"Origin": "http://127.0.0.1:1"},  # another port is another origin
    {"Origin": "http://evil.example"},
    {"Origin": "null"},  # sandboxed frames, file:// pages
    {"Sec-Fetch-Site": "same-site"},  # what Chromium says for a page on another port of 127.0.0.1
    {"Sec-Fetch-Site": "cross-site"},
    {"Host": "evil.example"},  # DNS rebinding
])
def test_other_origins_get_403(server, headers):
    for response, data in all_ways(server, COUNT, headers):
        assert response.status == 403 and data.startswith(b"forbidden"), headers
        assert b"bindings" not in data
    response, _ = request(server, "GET", "/network.html", headers=headers)
    assert response.status == 403


def test_this_server_and_plain_clients_are_served(server):
    own = {"Origin": _origin(server), "Sec-Fetch-Site": "same-origin"}
    for headers in ({}, own, {"Sec-Fetch-Site": "none"}, {"Origin": f"http://localhost:{server.server_address[1]}"}):
        for response, data in all_ways(server, COUNT, headers):
            assert response.status == 200 and b"bindings" in data, headers


def test_post_takes_only_the_protocols_query_types(server):
    for media in ("text/plain", "multipart/form-data; boundary=x", "application/json", ""):
        response, _ = request(server, "POST", "/sparql", b"query=" + urllib.parse.quote(COUNT).encode(),
                              {"Content-Type": media} if media else {})
        assert response.status == 415, media


def test_every_answer_forbids_cross_origin_use(server):
    for path in ("/sparql?" + urllib.parse.urlencode({"query": COUNT}), "/network.html", "/sparql", "/nope"):
        response, _ = request(server, "GET", path)
        assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin", path


ATTACK = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>win a prize</title></head><body>
<form id="f" method="{method}" action="{target}/sparql"{enctype}>
<input type="hidden" name="query" value="{query}"></form>
<script>document.getElementById("f").submit();</script></body></html>"""


class _AttackSite:
    """A page on another port of 127.0.0.1 that auto-submits a form to the endpoint."""

    def __init__(self, page: str) -> None:
        body = page.encode("utf-8")

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "_AttackSite":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("method,enctype", [("post", ""), ("get", ""), ("post", ' enctype="text/plain"')])
def test_a_page_on_another_port_cannot_run_a_query_through_chromium(server, method, enctype):
    require_chromium()
    page = ATTACK.format(method=method, target=_origin(server), enctype=enctype,
                         query=COUNT.replace('"', "&quot;"))
    with _AttackSite(page) as site:
        seen = dump(site.url, budget_ms=5000)
    assert "forbidden" in seen.dom, seen.dom[:500]
    assert "bindings" not in seen.dom and "6875" not in seen.dom


def test_chromium_opening_the_endpoint_itself_gets_the_answer(server):
    """Control for the test above: the same query, typed in the address bar, is answered."""
    require_chromium()
    seen = dump(_origin(server) + "/sparql?" + urllib.parse.urlencode({"query": COUNT}), budget_ms=3000)
    n = json.loads(get_query(server, COUNT)[1])["results"]["bindings"][0]["n"]["value"]
    assert "forbidden" not in seen.dom and f"<td>{n}</td>" in seen.dom
