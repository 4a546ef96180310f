"""``graphkit review``: the review page of a build, served on 127.0.0.1 with saving switched on.

::

    GET  /, /review.html        the page (editable)
    POST /review/decision       {"action", "fact": {kind, who, whom, arrangement, file, quote}, "set", "note",
                                 "reviewer", "carer"} -> saved to the decisions file, one record a fact
    POST /review/withdraw       {"fact": {...}} -> the fact is unreviewed again
    POST /review/rebuild        rebuild the graph with the decisions (the extraction cache makes it quick)

Everything else is ``graphkit serve``'s (the other pages, ``/sparql``). A POST must be
``application/json`` and, when the browser names an ``Origin``, come from this server's own pages:
another site open in the same browser cannot save a decision (a cross-site form cannot send JSON).
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graphkit.errors import GraphkitError
from graphkit.review import source_paths
from graphkit.review.decisions import ACTIONS, Decision, DecisionError, FactRef, save_decision, withdraw_decision
from graphkit.review.page import editable
from graphkit.serve import BodyError, GraphServer, _Handler, body_length

FACT_FIELDS = ("kind", "who", "whom", "arrangement", "file", "quote")


class ReviewServer(GraphServer):
    """A ``graphkit serve`` server whose review page saves decisions and rebuilds the graph."""

    def __init__(self, out: Path, port: int = 8000) -> None:
        super().__init__(out, port)
        self.RequestHandlerClass = _ReviewHandler
        self.collection, self.decisions = source_paths(self.out)
        self.lock = threading.Lock()  # one decision or rebuild at a time: the file is rewritten whole

    def rebuild(self) -> int:
        """Build the graph again with the decisions; the number of problems found."""
        from graphkit.pipeline import build

        result = build(self.collection, self.out, decisions=self.decisions)
        self.reload()
        return len(result.problems)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def decision_from_request(body: dict[str, Any], at: str) -> Decision:
    """The decision a page sent: its fact as the page got it from ``review.json``, stamped with ``at``."""
    fact = body.get("fact")
    if not isinstance(fact, dict):
        raise DecisionError("'fact' must be an object")
    record = {name: fact.get(name) for name in FACT_FIELDS if fact.get(name) is not None}
    for name in ("action", "note", "reviewer", "carer", "set"):
        if body.get(name):
            record[name] = body[name]
    return Decision.from_record({**record, "at": at})


class _ReviewHandler(_Handler):
    server: ReviewServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        if path not in ("/", "/review.html"):
            return super().do_GET()
        if self._route() is None:
            return
        page = (self.server.out / "review.html").read_text(encoding="utf-8")
        self._send(HTTPStatus.OK, editable(page).encode("utf-8"), "text/html; charset=utf-8")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if not path.startswith("/review/"):
            return super().do_POST()
        refusal = self._cross_site()
        if refusal:
            return self._json(HTTPStatus.FORBIDDEN, {"error": refusal})
        if self.headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            return self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send application/json"})
        try:
            length = body_length(self.headers)
        except BodyError as exc:
            return self._json(exc.status, {"error": str(exc)})
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._json(HTTPStatus.BAD_REQUEST, {"error": "body is not JSON"})
        if not isinstance(body, dict):
            return self._json(HTTPStatus.BAD_REQUEST, {"error": "body is not a JSON object"})
        actions = {"/review/decision": self._decide, "/review/withdraw": self._withdraw, "/review/rebuild": self._rebuild}
        if path not in actions:
            return self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
        with self.server.lock:
            try:
                self._json(HTTPStatus.OK, actions[path](body))
            except DecisionError as exc:
                self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
            except GraphkitError as exc:
                self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": str(exc)})

    def _json(self, status: int, value: dict[str, Any]) -> None:
        self._send(status, json.dumps(value).encode("utf-8"), "application/json")

    def _decide(self, body: dict[str, Any]) -> dict[str, Any]:
        decision = decision_from_request(body, _now())
        held = save_decision(self.server.decisions, decision)
        return {"state": ACTIONS[decision.action], "count": len(held), "record": decision.to_record()}

    def _withdraw(self, body: dict[str, Any]) -> dict[str, Any]:
        fact = body.get("fact")
        if not isinstance(fact, dict):
            raise DecisionError("'fact' must be an object")
        try:
            ref = FactRef(**{name: fact.get(name) for name in FACT_FIELDS})
        except TypeError as exc:
            raise DecisionError(str(exc)) from exc
        return {"count": len(withdraw_decision(self.server.decisions, ref))}

    def _rebuild(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"problems": self.server.rebuild()}


def review_in_thread(out: Path, *, port: int = 0) -> tuple[ReviewServer, threading.Thread]:
    """Start a review server in a daemon thread (tests); stop it with ``server.shutdown()``."""
    server = ReviewServer(out, port)
    thread = threading.Thread(target=server.serve_forever, name="graphkit-review", daemon=True)
    thread.start()
    return server, thread
