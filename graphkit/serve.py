"""``graphkit serve``: the pages of a build and a read-only SPARQL 1.1 endpoint, on 127.0.0.1 only.

::

    GET  /                       -> redirect to /network.html
    GET  /network.html, /families/<id>.html, /families/index.html
    GET  /sparql                 the query page (a form, the standard questions, results as a table)
    GET  /sparql?query=...       SPARQL 1.1 protocol, query operation
    POST /sparql                 form (query=...) or application/sparql-query

Refused: updates (405), ``SERVICE``, dataset clauses (``FROM``, ``FROM
NAMED``) and the protocol's ``default-graph-uri``/``named-graph-uri`` (400),
any other path (404), and every request a browser makes for another site
(403): a Host header that is not this server (a page that rebinds its own
name to 127.0.0.1), an ``Origin`` that is not this server, a
``Sec-Fetch-Site`` other than ``same-origin`` or ``none``.

Queries run in worker processes (``sparql_worker``) with a time budget, caps
on rows, bytes and memory, and a cap on how many run at once; a query that
fails takes its worker with it, never the server.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from pyoxigraph import RdfFormat

from graphkit.content_negotiation import choose
from graphkit.sparql_guard import check_query
from graphkit.questions import STANDARD, load_question
from graphkit.sparql_worker import CLIENT_GONE, HTML, Answer, Limits, QueryPool
from graphkit.stores.oxigraph import open_store
from graphkit.views.query_page import render_query_page

HOST = "127.0.0.1"
MAX_BODY = 1 << 20  # a query longer than 1 MiB is not a question anyone typed
PAGE = re.compile(r"network\.html|review\.html|families/(?:[A-Za-z0-9][A-Za-z0-9_-]{0,63})\.html")
# Requests a browser makes on its own: typed or bookmarked ("none"), or from a page of this server.
SAME_SITE = ("same-origin", "none")


class BodyError(Exception):
    """A request body refused before it is read: its status and message."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def body_length(headers: Message) -> int:
    """The length a request declares for its body, refused (BodyError) when unreadable or over MAX_BODY."""
    try:
        length = int(headers.get("Content-Length", "0"))
    except ValueError:
        raise BodyError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
    if length < 0 or length > MAX_BODY:
        raise BodyError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
    return length


def refuse_unsafe(query: str) -> None:
    """Raise QueryError for anything but a plain read of this store (updates, SERVICE, FROM), decided on the
    parsed query; the workers refuse it too, and could not reach out if they tried."""
    check_query(query)


class GraphServer(ThreadingHTTPServer):
    """Serves one build folder; queries go to a pool of worker processes holding a snapshot of its store."""

    daemon_threads = True

    def __init__(self, out: Path, port: int = 8000, limits: Limits | None = None) -> None:
        self.out = Path(out).resolve()
        self.limits = limits or Limits()
        self.questions = {name: load_question(name).text for name in STANDARD}
        super().__init__((HOST, port), _Handler)
        self.pool = QueryPool(self._snapshot(), self.limits)

    def _snapshot(self) -> bytes:
        return open_store(self.out).dump(format=RdfFormat.N_QUADS)

    def reload(self) -> None:
        """Serve the store as it is now (after a rebuild into the same folder)."""
        old, self.pool = self.pool, QueryPool(self._snapshot(), self.limits)
        old.close()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    @property
    def origins(self) -> tuple[str, ...]:
        """The ``host:port`` names this server answers to."""
        port = self.server_address[1]
        return (f"{HOST}:{port}", f"localhost:{port}")

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client went away mid-answer: nothing to tell anyone
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: GraphServer
    server_version = "graphkit"
    sys_version = ""
    timeout = 60  # a client that stalls mid-request gives its thread back
    # path -> method name; a path not listed here may still be one of the build's pages (PAGE).
    GET_ROUTES = {"/": "_home", "/sparql": "_sparql_get"}
    POST_ROUTES = {"/sparql": "_sparql_post"}

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
        # Another site's page can neither embed nor read anything from here, nor keep a handle on our window.
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus | int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message + "\n").encode("utf-8"), headers=headers)

    def _cross_site(self) -> str | None:
        """Why this request must be refused as coming from another site, or None when it is this server's own."""
        origins = self.server.origins
        if self.headers.get("Host", "") not in origins:
            return "forbidden: unexpected Host header"
        origin = self.headers.get("Origin")
        if origin is not None and origin not in tuple(f"http://{o}" for o in origins):
            return "forbidden: a page of another origin cannot use this server"
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site.lower() not in SAME_SITE:
            return f"forbidden: a {site} request; open {self.server.url} directly"
        return None

    def _route(self) -> SplitResult | None:
        """The parsed request target, or None when the request was answered (refused) here."""
        refusal = self._cross_site()
        if refusal:
            self._error(HTTPStatus.FORBIDDEN, refusal)
            return None
        return urlsplit(self.path)

    # -- methods ----------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        parts = self._route()
        if parts is None:
            return
        name = self.GET_ROUTES.get(parts.path)
        if name is None:
            return self._page(parts.path)
        getattr(self, name)(parts)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        parts = self._route()
        if parts is None:
            return
        name = self.POST_ROUTES.get(parts.path)
        if name is None:
            return self._error(HTTPStatus.METHOD_NOT_ALLOWED, "only /sparql accepts POST", {"Allow": "GET, HEAD"})
        getattr(self, name)(parts)

    def _refuse(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: this server changes nothing", {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "refused: SPARQL update is not allowed on this read-only endpoint",
                    {"Allow": "GET, HEAD, POST"})

    # -- pages ------------------------------------------------------------
    def _home(self, parts: SplitResult) -> None:
        self._send(HTTPStatus.FOUND, b"", headers={"Location": "/network.html"})

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

    def _query_page(self, status: int, query: str = "", answer: Answer | None = None, error: str | None = None) -> None:
        limits = self.server.limits
        results = json.loads(answer.body) if answer is not None else None
        page = render_query_page(self.server.questions, query=query, results=results, error=error,
                                 truncated=bool(answer and answer.truncated), shown=limits.html_rows,
                                 max_rows=limits.max_rows)
        self._send(status, page.html.encode("utf-8"), "text/html; charset=utf-8",
                   {"Content-Security-Policy": page.csp})

    # -- SPARQL -----------------------------------------------------------
    def _sparql_get(self, parts: SplitResult) -> None:
        params = parse_qs(parts.query, keep_blank_values=True)
        if not params:
            return self._query_page(HTTPStatus.OK)
        self._sparql(params, None)

    def _sparql_post(self, parts: SplitResult) -> None:
        try:
            length = body_length(self.headers)
        except BodyError as exc:
            return self._error(exc.status, str(exc))
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return self._refuse_update()
        # The protocol's two query types only: a text/plain or multipart form from a page is not a query.
        if media not in ("application/sparql-query", "application/x-www-form-urlencoded"):
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                               "POST application/sparql-query or application/x-www-form-urlencoded (query=...)")
        body = self.rfile.read(length)
        params = parse_qs(parts.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            return self._sparql({**params, **parse_qs(text, keep_blank_values=True)}, None)
        self._sparql(params, text)

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
        accept = self.headers.get("Accept")
        answer = self.server.pool.run(query, accept, self.connection)
        if answer.status == CLIENT_GONE:
            self.close_connection = True
            return
        if answer.media == HTML:
            return self._query_page(answer.status, query, answer)
        if answer.status != HTTPStatus.OK and choose(accept, ["text/plain", HTML]) == HTML:
            return self._query_page(answer.status, query, error=answer.body.decode("utf-8").strip())
        media = answer.media
        content_type = f"{media}; charset=utf-8" if media.startswith("text/") else media
        self._send(answer.status, answer.body, content_type, answer.headers)


def make_server(out: Path, *, port: int = 8000, limits: Limits | None = None) -> GraphServer:
    """A server bound to 127.0.0.1 (``port=0`` picks a free port; see ``server.url``)."""
    return GraphServer(out, port, limits)


def serve_in_thread(out: Path, *, port: int = 0, limits: Limits | None = None) -> tuple[GraphServer, threading.Thread]:
    """Start a server in a daemon thread (tests, notebooks); stop it with ``server.shutdown()``."""
    server = make_server(out, port=port, limits=limits)
    thread = threading.Thread(target=server.serve_forever, name="graphkit-serve", daemon=True)
    thread.start()
    return server, thread
