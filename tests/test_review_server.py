"""The review server saves decisions only for its own page: other sites, other Host names, forms and
bad records are refused and nothing is written; `graphkit serve` shows the same page read-only."""

from __future__ import annotations

import http.client
import json
import shutil
from pathlib import Path

import pytest

from graphkit.pipeline import build
from graphkit.review.decisions import decisions_path, read_decisions
from graphkit.review.server import review_in_thread
from graphkit.serve import serve_in_thread


@pytest.fixture(scope="module")
def built(devset: Path, tmp_path_factory):
    root = tmp_path_factory.mktemp("review-server")
    collection = Path(shutil.copytree(devset, root / "collection"))
    return collection, build(collection, root / "out").out


@pytest.fixture()
def server(built):
    srv, _ = review_in_thread(built[1])
    yield srv
    srv.shutdown()
    srv.server_close()


def _post(srv, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=60)
    conn.request("POST", path, body, headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, json.loads(data or b"{}") if response.getheader("Content-Type") == "application/json" else {}


def _accept(built) -> bytes:
    facts = json.loads((built[1] / "review.json").read_text(encoding="utf-8"))["facts"]
    return json.dumps({"action": "accept", "fact": facts[0]["ref"], "reviewer": "AB"}).encode()


def _own(srv) -> dict[str, str]:
    return {"Host": f"127.0.0.1:{srv.server_address[1]}", "Content-Type": "application/json"}


@pytest.mark.parametrize(("headers", "status"), [
    ({"Origin": "http://evil.example"}, 403),  # a page of another site open in the same browser
    ({"Host": "evil.example"}, 403),  # DNS rebinding: another name for 127.0.0.1
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415),  # a cross-site form can only send this
    ({"Content-Type": "text/plain"}, 415),
], ids=["other-origin", "other-host", "form", "text"])
def test_a_decision_from_elsewhere_is_refused_and_nothing_is_written(built, server, headers, status) -> None:
    got, _ = _post(server, "/review/decision", _accept(built), {**_own(server), **headers})
    assert got == status
    assert not decisions_path(built[0]).exists()


def test_a_bad_record_is_refused_with_its_reason(built, server) -> None:
    body = json.dumps({"action": "correct", "fact": {"kind": "care"}, "reviewer": "AB"}).encode()
    got, reply = _post(server, "/review/decision", body, _own(server))
    assert got == 400 and "must be a non-empty string" in reply["error"]
    assert not decisions_path(built[0]).exists()


def test_its_own_page_saves_a_decision_and_can_take_it_back(built, server) -> None:
    got, reply = _post(server, "/review/decision", _accept(built), {**_own(server), "Origin": server.url.rstrip("/")})
    assert (got, reply["state"], reply["count"]) == (200, "accepted", 1)
    saved = read_decisions(decisions_path(built[0]))[0]
    assert [(d.action, d.reviewer) for d in saved] == [("accept", "AB")] and saved[0].at.endswith("Z")
    fact = json.loads(_accept(built))["fact"]
    got, reply = _post(server, "/review/withdraw", json.dumps({"fact": fact}).encode(), _own(server))
    assert (got, reply["count"]) == (200, 0) and read_decisions(decisions_path(built[0]))[0] == []


def test_serve_shows_the_review_page_read_only(built) -> None:
    srv, _ = serve_in_thread(built[1])
    try:
        conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=60)
        conn.request("GET", "/review.html", headers={"Host": f"127.0.0.1:{srv.server_address[1]}"})
        response = conn.getresponse()
        page = response.read().decode("utf-8")
        assert response.status == 200 and 'data-editable="false"' in page
        conn.request("POST", "/review/decision", _accept(built),
                     {"Host": f"127.0.0.1:{srv.server_address[1]}", "Content-Type": "application/json"})
        assert conn.getresponse().status == 405  # serve changes nothing
        conn.close()
    finally:
        srv.shutdown()
        srv.server_close()
