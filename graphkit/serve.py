"""``graphkit serve``: the pages of a build and a read-only SPARQL 1.1 endpoint, on 127.0.0.1 only.

::

    GET  /                       -> redirect to /network.html
    GET  /network.html, /families/<id>.html, /families/index.html
    GET  /sparql?query=...       SPARQL 1.1 protocol, query operation
    POST /sparql                 form (query=...) or application/sparql-query

Refused: updates (405), ``SERVICE``, dataset clauses (``FROM``, ``FROM
NAMED``) and the protocol's ``default-graph-uri``/``named-graph-uri`` (400),
any other path (404), a Host header that is not this server (403: a web page
that rebinds its own host name to 127.0.0.1 must not read safeguarded data).
"""

from __future__ import annotations

import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store

from graphkit.errors import QueryError
from graphkit.stores.oxigraph import check_read_only, open_store

HOST = "127.0.0.1"
MAX_BODY = 1 << 20  # a query longer than 1 MiB is not a question anyone typed
PAGE = re.compile(r"network\.html|review\.html|families/(?:[A-Za-z0-9][A-Za-z0-9_-]{0,63})\.html")
RESULT_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE}
def refuse_unsafe(query: str) -> None:
    """Raise QueryError for anything but a plain read of this store (updates, SERVICE, FROM)."""
    check_read_only(query)


def _negotiate(accept: str, table: dict[str, object], default: str) -> str:
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in table:
            return media
    return default


class GraphServer(ThreadingHTTPServer):
    """Serves one build folder; the store is copied into memory once and shared by the threads."""

    daemon_threads = True

    def __init__(self, out: Path, port: int = 8000) -> None:
        self.out = Path(out).resolve()
        self.store: Store = open_store(self.out, in_memory=True)
        super().__init__((HOST, port), _Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    server: GraphServer
    server_version = "graphkit"
    sys_version = ""

    # -- plumbing ---------------------------------------------------------
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib's name)
        pass  # queries may quote pseudonyms: keep them out of terminal scrollback and logs

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), headers=headers)

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    # -- methods ----------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if not self._host_ok():
            return self._error(HTTPStatus.FORBIDDEN, "forbidden: unexpected Host header")
        parts = urlsplit(self.path)
        if parts.path == "/sparql":
            return self._sparql(parse_qs(parts.query, keep_blank_values=True), None)
        if parts.path == "/":
            return self._send(HTTPStatus.FOUND, b"", headers={"Location": "/network.html"})
        self._page(parts.path)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._error(HTTPStatus.FORBIDDEN, "forbidden: unexpected Host header")
        parts = urlsplit(self.path)
        if parts.path != "/sparql":
            return self._error(HTTPStatus.METHOD_NOT_ALLOWED, "only /sparql accepts POST", {"Allow": "GET, HEAD"})
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        if length < 0 or length > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
        body = self.rfile.read(length)
        params = parse_qs(parts.query, keep_blank_values=True)
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self._refuse_update()
        if media == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                return self._error(HTTPStatus.BAD_REQUEST, "form is not UTF-8")
            return self._sparql({**params, **form}, None)
        if media == "application/sparql-query":
            try:
                return self._sparql(params, body.decode("utf-8"))
            except UnicodeDecodeError:
                return self._error(HTTPStatus.BAD_REQUEST, "query is not UTF-8")
        self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST application/sparql-query or application/x-www-form-urlencoded (query=...)")

    def _refuse(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: this server changes nothing", {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "refused: SPARQL update is not allowed on this read-only endpoint",
                    {"Allow": "GET, HEAD, POST"})

    # -- pages ------------------------------------------------------------
    def _page(self, raw: str) -> None:
        path = unquote(raw)
        relative = path.removeprefix("/")
        # Only the pages graphkit writes, named by a strict pattern: no '..', no backslash, no NUL, no store files.
        if not PAGE.fullmatch(relative):
            return self._error(HTTPStatus.NOT_FOUND, "not found")
        target = (self.server.out / relative).resolve()
        if not target.is_relative_to(self.server.out) or not target.is_file():
            return self._error(HTTPStatus.NOT_FOUND, "not found")
        self._send(HTTPStatus.OK, target.read_bytes(), "text/html; charset=utf-8")

    # -- SPARQL -----------------------------------------------------------
    def _sparql(self, params: dict[str, list[str]], body_query: str | None) -> None:
        if "update" in params:
            return self._refuse_update()
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return self._error(HTTPStatus.BAD_REQUEST, "refused: default-graph-uri / named-graph-uri are not allowed")
        queries = params.get("query", [])
        if body_query is not None:
            queries = [*queries, body_query]
        if len(queries) != 1:
            return self._error(HTTPStatus.BAD_REQUEST, "give exactly one query")
        query = queries[0]
        try:
            refuse_unsafe(query)
            result = self.server.store.query(query)
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except SyntaxError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {exc}")
        except OSError as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
        accept = self.headers.get("Accept", "")
        if isinstance(result, (QuerySolutions, QueryBoolean)):
            media = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
            if isinstance(result, QueryBoolean) and media in ("text/csv", "text/tab-separated-values"):
                media = "application/sparql-results+json"  # CSV/TSV have no boolean form
            data = result.serialize(format=RESULT_TYPES[media])
        else:
            media = _negotiate(accept, GRAPH_TYPES, "application/n-triples")
            data = result.serialize(format=GRAPH_TYPES[media])
        self._send(HTTPStatus.OK, data or b"", f"{media}; charset=utf-8" if media.startswith("text/") else media)


def make_server(out: Path, *, port: int = 8000) -> GraphServer:
    """A server bound to 127.0.0.1 (``port=0`` picks a free port; see ``server.url``)."""
    return GraphServer(out, port)


def serve_in_thread(out: Path, *, port: int = 0) -> tuple[GraphServer, threading.Thread]:
    """Start a server in a daemon thread (tests, notebooks); stop it with ``server.shutdown()``."""
    server = make_server(out, port=port)
    thread = threading.Thread(target=server.serve_forever, name="graphkit-serve", daemon=True)
    thread.start()
    return server, thread
