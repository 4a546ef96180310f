"""Push a built graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``PUT`` replaces the target graph, ``POST`` adds to it. The target is the
default graph (``?default``) or a named graph (``?graph=<IRI>``) of the
endpoint, e.g. Fuseki's ``http://localhost:3030/ds`` or ``.../ds/data``. The
N-Triples file is sent when there is one (every store reads it, and it streams),
else the Turtle. Only the standard library is used (``urllib``).
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from graphkit.errors import BackendError

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
    headers = {"Content-Type": MEDIA_TYPES[source.suffix], "Content-Length": str(size)}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    with source.open("rb") as body:
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            raise BackendError(f"{method} {url} failed: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BackendError(f"{method} {url} failed: cannot reach the endpoint ({reason})") from exc
    return PushResult(url, method, status, source, size, _count_triples(source))
