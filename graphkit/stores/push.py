"""Push a built graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``PUT`` replaces the target graph, ``POST`` adds to it. The target is the
default graph (``?default``) or a named graph (``?graph=<IRI>``) of the
endpoint, e.g. Fuseki's ``http://localhost:3030/ds`` or ``.../ds/data``. The
N-Triples file is sent when there is one (every store reads it, and it streams),
else the Turtle. Only the standard library is used.

A store may refuse a request (404, 405, 401...) as soon as it has read the
headers, and close the connection before reading a large body. So the request
says ``Expect: 100-continue`` and waits up to :data:`CONTINUE_WAIT` seconds for
the store's go-ahead before it sends the body (a store that never answers
interim responses gets the body after that wait, as curl does); and if the
connection breaks while the body is on its way, the answer the store sent
before closing is read and reported, status and message, instead of the
broken pipe.
"""

from __future__ import annotations

import base64
import http.client
import select
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit

from graphkit.errors import BackendError

#: seconds to wait for "100 Continue" before sending the body anyway
CONTINUE_WAIT = 1.0
#: characters of the store's message kept for the error
DETAIL_CHARS = 500
CHUNK = 1 << 16
MEDIA_TYPES = {".nt": "application/n-triples", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}
#: the files of a build folder that can be pushed, best first
CANDIDATES = ("graph.nt", "graph.ttl")


@dataclass(frozen=True)
class PushResult:
    url: str
    method: str
    status: int
    source: Path
    bytes_sent: int
    triples: int | None


def source_file(out: Path) -> Path:
    """The file to send: ``out`` itself, or the best RDF file in a build folder."""
    out = Path(out)
    if out.is_file():
        if out.suffix not in MEDIA_TYPES:
            raise BackendError(f"{out}: cannot push a {out.suffix or 'suffix-less'} file (use .nt, .ttl or .jsonld)")
        return out
    for name in CANDIDATES:
        if (out / name).is_file():
            return out / name
    raise BackendError(f"{out}: no graph.nt or graph.ttl here (run `graphkit build` first)")


def target_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of the default graph or of the named graph ``graph``."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BackendError(f"not an http(s) endpoint URL: {endpoint!r}")
    query = f"graph={quote(graph, safe='')}" if graph else "default"
    return f"{endpoint}{'&' if parts.query else '?'}{query}"


def _count_triples(path: Path) -> int | None:
    if path.suffix != ".nt":
        return None
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.lstrip().startswith(b"#"))


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    detail: str


def _connect(url: str, timeout: float) -> socket.socket:
    parts = urlsplit(url)
    https = parts.scheme == "https"
    try:
        sock = socket.create_connection((parts.hostname or "", parts.port or (443 if https else 80)), timeout=timeout)
        if https:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
    except OSError as exc:
        raise BackendError(f"cannot reach the endpoint ({exc.strerror or exc})") from exc
    return sock


def _request_head(url: str, method: str, headers: dict[str, str]) -> bytes:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.netloc.rsplit("@", 1)[-1]
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target + host):
        raise BackendError(f"{url!r}: a space or control character cannot go into an HTTP request line")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _answered(sock: socket.socket, wait: float) -> bool:
    """Whether the store has sent something within ``wait`` seconds."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    return bool(select.select([sock], [], [], wait)[0])


def _read_head(reader: BinaryIO) -> tuple[int, str, http.client.HTTPMessage]:
    line = reader.readline(65537)
    if not line:
        raise ConnectionError("the store closed the connection without an answer")
    version, _, rest = line.decode("latin-1").strip().partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/") or not code.isdigit():
        raise ConnectionError(f"not an HTTP answer: {line[:80]!r}")
    return int(code), reason, http.client.parse_headers(reader)


def _read_detail(reader: BinaryIO, headers: http.client.HTTPMessage) -> str:
    """The start of the answer's body: the store's own message."""
    if headers.get("Transfer-Encoding", "").lower() == "chunked":
        size = int(reader.readline(1024).split(b";")[0].strip() or b"0", 16)
        data = reader.read(min(size, DETAIL_CHARS))
    elif headers.get("Content-Length", "").isdigit():
        data = reader.read(min(int(headers["Content-Length"]), DETAIL_CHARS))
    else:
        data = reader.read(DETAIL_CHARS)  # ends when the store closes the connection
    return " ".join(data.decode("utf-8", "replace").split())


def _read_answer(reader: BinaryIO, head: tuple[int, str, http.client.HTTPMessage] | None = None) -> _Answer:
    """The final answer (interim 1xx answers skipped), ``head`` if it was read already."""
    status, reason, headers = head or _read_head(reader)
    while 100 <= status < 200:
        status, reason, headers = _read_head(reader)
    return _Answer(status, reason, _read_detail(reader, headers))


def _send(url: str, method: str, source: Path, headers: dict[str, str], timeout: float, expect: bool) -> _Answer:
    """One request: the head, the store's early answer if it gives one, else the body, then the answer."""
    request_head = _request_head(url, method, headers | ({"Expect": "100-continue"} if expect else {}))
    with _connect(url, timeout) as sock, sock.makefile("rb") as reader:
        sock.sendall(request_head)
        if expect and _answered(sock, CONTINUE_WAIT):
            head = _read_head(reader)
            if head[0] != 100:  # refused (or accepted) before the body: its answer is final
                return _read_answer(reader, head)
        try:
            with source.open("rb") as body:
                while chunk := body.read(CHUNK):
                    sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError) as exc:
            try:  # the store answered, then closed before reading the rest: its answer says why
                return _read_answer(reader)
            except OSError:
                raise ConnectionError(f"the store closed the connection before it had the whole body, "
                                      f"and gave no answer ({exc.strerror})") from exc
        return _read_answer(reader)


def _reason(exc: Exception, timeout: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer from the store within {timeout:g} s"
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def push(
    out: Path,
    endpoint: str,
    *,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    replace: bool = True,
    timeout: float = 300.0,
) -> PushResult:
    """Send the graph built in ``out`` to ``endpoint``: ``PUT`` (replace, the default) or ``POST`` (add)."""
    source = source_file(Path(out))
    url = target_url(endpoint, graph)
    method = "PUT" if replace else "POST"
    size = source.stat().st_size
    headers = {"Content-Type": MEDIA_TYPES[source.suffix], "Content-Length": str(size), "Connection": "close"}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    try:
        answer = _send(url, method, source, headers, timeout, expect=True)
        if answer.status == 417:  # a store that refuses "Expect": the body goes at once
            answer = _send(url, method, source, headers, timeout, expect=False)
    except (BackendError, OSError) as exc:
        raise BackendError(f"{method} {url} failed: {_reason(exc, timeout)}") from exc
    if not 200 <= answer.status < 300:
        raise BackendError(f"{method} {url} failed: HTTP {answer.status} {answer.reason}"
                           + (f": {answer.detail}" if answer.detail else ""))
    return PushResult(url, method, answer.status, source, size, _count_triples(source))
