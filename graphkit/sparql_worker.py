"""SPARQL queries run in worker processes: a time budget, caps on rows, bytes and memory, and no way out.

Oxigraph cannot interrupt a query from Python, so each query runs in a worker
process that is killed when its time is up or its client has gone, and
replaced; a query that exhausts memory kills its worker, not the server. Each
worker holds its own in-memory copy of the store, loaded from one N-Quads
snapshot taken when the server started (so a rebuild underneath changes
nothing mid-session).

Before it takes a query a worker locks itself down: it may open no new file
descriptor at all (no socket for ``SERVICE``, no file), and its address space
is capped. The read-only check (``sparql_guard``) refuses federated queries
first; the lock-down makes sure that a query the check misread still cannot
send one byte anywhere (pyoxigraph 0.5's ``Store.query`` has no switch to turn
``SERVICE`` off, so the process is what refuses). The dataset is fixed at the
engine too (``engine_dataset``), so ``FROM`` cannot name another graph.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import resource
import socket
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from pyoxigraph import (
    BlankNode, DefaultGraph, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store,
    Triple, parse, parse_query_results, serialize,
)

from graphkit.content_negotiation import choose
from graphkit.errors import QueryError
from graphkit.sparql_guard import UncheckedQuery, check_query

HTML = "text/html"
SOLUTION_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
BOOLEAN_TYPES = {k: v for k, v in SOLUTION_TYPES.items() if v in (QueryResultsFormat.JSON, QueryResultsFormat.XML)}
GRAPH_TYPES = {"application/n-triples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE}
# What each query form can be answered as, in the server's order of preference (HTML is the query page's table).
OFFERED = {
    "select": [*SOLUTION_TYPES, HTML],
    "ask": [*BOOLEAN_TYPES, HTML],
    "construct": [*GRAPH_TYPES, HTML],
    "describe": [*GRAPH_TYPES, HTML],
}
STARTUP_SECONDS = 120.0  # loading a large store into a fresh worker
CLIENT_GONE = 499  # nginx's code for it; never sent, as there is nobody left to send it to
QUEUE_SECONDS = 2.0  # how long a request waits for a free worker before "busy"


@dataclass(frozen=True)
class Limits:
    """What one query may use; ``graphkit serve`` sets each from its options."""

    timeout: float = 30.0  # seconds of work per query
    max_rows: int = 100_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer
    max_bytes: int = 64 << 20  # bytes in one serialized answer
    max_queries: int = 2  # queries running at once (one worker process each)
    max_memory: int = 2048 << 20  # address space a worker's query may add to the loaded store
    html_rows: int = 1000  # rows the query page shows; the rest is for CSV/JSON clients


@dataclass(frozen=True)
class Answer:
    status: int
    media: str
    body: bytes
    truncated: bool = False  # HTML only: the table shows the first ``Limits.html_rows`` rows
    headers: dict[str, str] = field(default_factory=dict)


def _text(status: int, message: str, **headers: str) -> Answer:
    return Answer(status, "text/plain", (message + "\n").encode("utf-8"), headers=headers)


# -- inside a worker -------------------------------------------------------


class _Overflow(Exception):
    """Raised from inside Oxigraph's serializer by ``_Capped.write`` to stop it."""


class _Capped:
    """A write-only byte sink that stops the serializer after ``max_bytes`` bytes or ``max_lines`` lines.

    With ``keep_lines`` it keeps exactly the first ``max_lines`` lines and stops quietly (a truncated table);
    otherwise going over either cap is an error naming the cap.
    """

    def __init__(self, max_bytes: int, max_lines: int | None = None, *, keep_lines: bool = False) -> None:
        self.parts: list[bytes] = []
        self.size = self.lines = 0
        self.max_bytes, self.max_lines, self.keep_lines = max_bytes, max_lines, keep_lines
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full:
            raise _Overflow("kept")  # the serializer may flush its buffer once more on the way out
        chunk = bytes(data)
        if self.max_lines is not None and self.lines + chunk.count(b"\n") > self.max_lines:
            if not self.keep_lines:
                raise _Overflow("rows")
            cut = -1
            for _ in range(self.max_lines - self.lines):
                cut = chunk.index(b"\n", cut + 1)
            self.parts.append(chunk[:cut + 1])
            self.full = True
            raise _Overflow("kept")
        self.lines += chunk.count(b"\n")
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise _Overflow("bytes")
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


def _serialize(write: Any, sink: _Capped) -> bytes:
    try:
        write(sink)
    except _Overflow as exc:
        if str(exc) != "kept":
            raise
    return sink.value()


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        return {"type": "literal", "value": term.value}
    return {"type": "triple", "value": str(term)}


def _too_big(limits: Limits, what: str) -> Answer:
    if what == "rows":
        return _text(422, f"result too large: more than {limits.max_rows} rows; add LIMIT, or raise --max-rows")
    return _text(422, f"result too large: more than {limits.max_bytes} bytes; add LIMIT, or raise --max-bytes")


def _answer_solutions(result: QuerySolutions, media: str, limits: Limits) -> Answer:
    # TSV first: one line per row (newlines inside values are escaped), so rows are counted while they stream.
    html = media == HTML
    rows = limits.html_rows if html else limits.max_rows
    sink = _Capped(limits.max_bytes, rows + 1, keep_lines=html)
    tsv = _serialize(lambda out: result.serialize(out, QueryResultsFormat.TSV), sink)
    if media == "text/tab-separated-values":
        return Answer(200, media, tsv)
    target = QueryResultsFormat.JSON if html else SOLUTION_TYPES[media]
    again = parse_query_results(tsv, QueryResultsFormat.TSV)
    body = _serialize(lambda out: again.serialize(out, target), _Capped(limits.max_bytes))
    return Answer(200, media, body, truncated=sink.full)


def _answer_graph(result: Any, media: str, limits: Limits) -> Answer:
    html = media == HTML
    sink = _Capped(limits.max_bytes, limits.html_rows if html else limits.max_rows, keep_lines=html)
    nt = _serialize(lambda out: result.serialize(out, RdfFormat.N_TRIPLES), sink)
    if media == "application/n-triples":
        return Answer(200, media, nt)
    triples: list[Triple] = list(parse(nt, format=RdfFormat.N_TRIPLES))
    if html:
        bindings = [{"subject": _term_json(t.subject), "predicate": _term_json(t.predicate), "object": _term_json(t.object)}
                    for t in triples]
        body = json.dumps({"head": {"vars": ["subject", "predicate", "object"]}, "results": {"bindings": bindings}})
        return Answer(200, media, body.encode("utf-8"), truncated=sink.full)
    body = _serialize(lambda out: serialize(triples, out, GRAPH_TYPES[media]), _Capped(limits.max_bytes))
    return Answer(200, media, body)


def _syntax_error(text: str) -> str | None:
    """Oxigraph's own syntax error for ``text`` (parsed against an empty store), or None if it parses."""
    try:
        Store().query(text)
    except SyntaxError as exc:
        message = str(exc)
        # The parser lists every token it expected; the position and the first few say enough.
        head, sep, expected = message.partition("expected one of ")
        if sep:
            tokens = expected.split(", ")
            message = head + sep + ", ".join(tokens[:8]) + (" ..." if len(tokens) > 8 else "")
        return f"SPARQL syntax error: {message}"
    except Exception:  # noqa: BLE001 -- it parsed; evaluating an ASK against nothing may still fail
        return None
    return None


def engine_dataset(store: Store) -> dict[str, Any]:
    """Query options that fix the dataset to the store's own graphs, whatever FROM / FROM NAMED a query names."""
    return {"default_graph": [DefaultGraph()], "named_graphs": list(store.named_graphs())}


def answer(store: Store, dataset: dict[str, Any], query: str, accept: str | None, limits: Limits) -> Answer:
    """Check, run and serialize one query (in a worker)."""
    try:
        form = check_query(query)
    except UncheckedQuery as exc:
        return _text(400, _syntax_error(query) or str(exc))
    except QueryError as exc:
        return _text(400, str(exc))
    media = choose(accept, OFFERED[form])
    if media is None:
        return _text(406, f"not acceptable: a {form.upper()} result is one of {', '.join(OFFERED[form])}")
    try:
        # The dataset is fixed here too, so no dataset clause can reach anything but this store's graphs.
        result = store.query(query, **dataset)
        if isinstance(result, QueryBoolean):
            target = QueryResultsFormat.JSON if media == HTML else BOOLEAN_TYPES[media]
            return Answer(200, media, result.serialize(format=target) or b"")
        if isinstance(result, QuerySolutions):
            return _answer_solutions(result, media, limits)
        return _answer_graph(result, media, limits)
    except _Overflow as exc:
        return _too_big(limits, str(exc))
    except SyntaxError as exc:
        return _text(400, f"SPARQL syntax error: {exc}")
    except (OSError, MemoryError) as exc:
        return _text(500, f"query failed: {exc}")


def _mapped_bytes() -> int:
    """This process's address space now (Linux), 0 where /proc does not say."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def lock_down(max_memory: int) -> None:
    """From now on this process can open no file descriptor (so no socket) and map at most ``max_memory`` bytes
    more than it holds now (the loaded store is not the query's doing).

    The kernel hands out the lowest free descriptor number, so capping the count at the lowest free number
    refuses every new one while the open ones (the pipe to the server) keep working.
    """
    cap = _mapped_bytes() + max_memory
    lowest = os.open(os.devnull, os.O_RDONLY)
    os.close(lowest)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowest, lowest))


def _warm_up(limits: Limits) -> None:
    """Import everything a query can need before the lock-down: a lazy import later could not open its file.
    (On an empty store: the same code paths, none of the data's cost.)"""
    store = Store()
    dataset = engine_dataset(store)
    probe = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), 'x')) } GROUP BY ?s ORDER BY ?s LIMIT 1"
    for media in OFFERED["select"]:
        answer(store, dataset, probe, media, limits)
    for media in OFFERED["construct"]:
        answer(store, dataset, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", media, limits)
    for media in OFFERED["ask"]:
        answer(store, dataset, "ASK { ?s ?p ?o }", media, limits)
    answer(store, dataset, "SELECT WHERE {", None, limits)
    answer(store, dataset, "DESCRIBE <http://example.org/x>", None, limits)


def _exit_with(parent: int) -> None:
    """End this worker when the server is gone, even mid-query (Oxigraph releases the GIL while it works)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _worker_main(conn: Connection, snapshot: bytes, limits: Limits) -> None:
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True, name="watch-server").start()
    store = Store()
    store.bulk_load(snapshot, format=RdfFormat.N_QUADS)
    del snapshot
    dataset = engine_dataset(store)
    _warm_up(limits)
    lock_down(limits.max_memory)
    conn.send("ready")
    while True:
        try:
            query, accept = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(answer(store, dataset, query, accept, limits))
        except Exception as exc:  # noqa: BLE001 -- one query's failure is its answer, not the worker's end
            conn.send(_text(500, f"query failed: {type(exc).__name__}: {exc}"))


# -- in the server ---------------------------------------------------------


class _Worker:
    def __init__(self, context: Any, snapshot: bytes, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, snapshot, limits), daemon=True,
                                       name="graphkit-sparql")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> bool:
        if not self.ready and self.conn.poll(STARTUP_SECONDS):
            self.ready = self.conn.recv() == "ready"
        return self.ready

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _client_gone(client: socket.socket) -> bool:
    """True when the client closed its end (readable with nothing to read)."""
    try:
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class QueryPool:
    """``limits.max_queries`` worker processes; ``run`` hands a query to a free one and enforces the budget."""

    def __init__(self, snapshot: bytes, limits: Limits) -> None:
        self.limits = limits
        self._snapshot = snapshot
        self._context = multiprocessing.get_context("spawn")  # fork in a threaded server is unsafe
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._pids: set[int] = set()
        for _ in range(limits.max_queries):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._snapshot, self.limits)
        self._pids.add(worker.process.pid)
        return worker

    @property
    def pids(self) -> set[int]:
        """Process ids of the workers alive now (a cancelled query's worker is gone from here)."""
        self._pids = {pid for pid in self._pids if _alive(pid)}
        return set(self._pids)

    def run(self, query: str, accept: str | None, client: socket.socket | None = None) -> Answer:
        """The answer to ``query``; a client that closes its connection cancels its query."""
        try:
            worker = self._idle.get(timeout=QUEUE_SECONDS)
        except queue.Empty:
            return _text(503, f"busy: {self.limits.max_queries} queries are running; try again (--max-queries)",
                         **{"Retry-After": "2"})
        replace = True
        try:
            if not worker.wait_ready():
                return _text(503, "the query worker did not start; try again")
            worker.conn.send((query, accept))
            deadline = time.monotonic() + self.limits.timeout
            watched: list[Any] = [worker.conn] + ([client] if client is not None else [])
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return _text(503, f"query cancelled: it ran past the {self.limits.timeout:g} s budget; "
                                      "narrow it, or raise --timeout")
                ready = wait(watched, remaining)
                if worker.conn in ready:
                    try:
                        answered: Answer = worker.conn.recv()
                    except (EOFError, OSError):
                        return _text(500, "query failed: it stopped its worker (out of memory? "
                                          f"the cap is {self.limits.max_memory >> 20} MiB, --max-memory)")
                    replace = False
                    return answered
                if client is not None and client in ready:
                    if _client_gone(client):
                        return _text(CLIENT_GONE, "query cancelled: the client went away")
                    watched.remove(client)  # it sent more (pipelining): stop watching, keep the budget
        finally:
            if replace:
                worker.stop()
                worker = self._start()
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
