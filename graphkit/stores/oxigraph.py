"""The embedded Oxigraph store inside ``<out>/store`` and SPARQL over it."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import (
    BlankNode, Literal, NamedNode, QuerySolutions, RdfFormat, Store, Triple, Variable, parse, serialize,
)

from graphkit.errors import BackendError, QueryError
from graphkit.stores import memo
from graphkit.stores.files import replace_dir_atomic

STORE_DIR = "store"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "int", "long", "decimal", "nonNegativeInteger")}
# SPARQL's lexical tokens that can hide a keyword: strings (long forms first), IRIs, comments.
# Scanning left to right matters: a '#' inside <http://x/#p> is not a comment.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*',
    re.DOTALL,
)
_NAMES = re.compile(r"[?$][\w]+|[A-Za-z_][\w.-]*:[\w.:%-]*|[\w-]*:")  # variables and prefixed names
# Updates, federation, and reading other graphs: none has a place in a read-only query.
_REFUSED = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|USING|SERVICE|FROM)\b", re.IGNORECASE)


def write_store(triples: list[Triple], out: Path, *, ntriples: bytes | None = None,
                previous: Path | None = None, ntriples_file: Path | None = None) -> Path:
    """Load the triples into a fresh folder, then swap it in (bulk load is not transactional).

    ``ntriples`` is their N-Triples when the caller has it, a line a triple and none twice (and
    ``ntriples_file``, a file of ``out`` that holds them). With ``previous`` (the folder of the build
    before, perhaps ``out`` itself), when its ``cache`` records exactly what its store holds and the
    store's folder is as this function left it, the fresh folder starts as a copy of it and only the
    triples that changed are removed and added; either way the store ends holding exactly ``triples``,
    and ``<out>/cache`` records it for the next build."""
    out.mkdir(parents=True, exist_ok=True)
    data = ntriples if ntriples is not None else serialize(sorted(set(triples), key=str), format=RdfFormat.N_TRIPLES)
    before = None if previous is None else _recorded(previous)
    fresh = Path(tempfile.mkdtemp(prefix=".store-", dir=out))
    try:
        if before is None:
            store = Store(str(fresh))
            # Oxigraph parses N-Triples in Rust about twice as fast as it takes Quads one by one from Python.
            store.bulk_load(data, format=RdfFormat.N_TRIPLES)
        else:
            store = _updated(previous / STORE_DIR, fresh, before, data)
        store.flush()
        del store
        replace_dir_atomic(fresh, out / STORE_DIR)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if previous is not None:
        memo.save_plain(out / memo.FOLDER / RECORD, _RECORD_KEY, _record(out, data, ntriples_file))
    return out / STORE_DIR


RECORD = "store.pickle"
#: the record names Oxigraph's version: another version may keep its folder otherwise
_RECORD_KEY = f"store-1-{pyoxigraph.__version__}"


def _fingerprint(folder: Path) -> list[tuple[str, int, int]]:
    """Each file of the store folder by name, size and modification time: any write to it changes one."""
    return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir())


def _record(out: Path, ntriples: bytes, ntriples_file: Path | None) -> dict[str, Any]:
    """What the next build needs to trust the store: its files, and the N-Triples it holds, or rather the name
    and stamp of the file that holds them (a stamp costs nothing; a copy is as large as the file)."""
    held = {"file": ntriples_file.name, "stamp": memo.stamp(ntriples_file)} if ntriples_file else {"ntriples": ntriples}
    return {"folder": _fingerprint(out / STORE_DIR), **held}


def _recorded(previous: Path) -> bytes | None:
    """The N-Triples the store in ``previous`` was last written with, when it and the file holding them are
    untouched since."""
    found = memo.load_plain(previous / memo.FOLDER / RECORD, _RECORD_KEY)
    try:
        if not isinstance(found, dict) or found.get("folder") != _fingerprint(previous / STORE_DIR):
            return None
        if isinstance(found.get("file"), str):
            held = previous / Path(found["file"]).name
            return held.read_bytes() if memo.stamp(held) == found.get("stamp") else None
    except OSError:
        return None
    return found["ntriples"] if isinstance(found.get("ntriples"), bytes) else None


#: how much of two N-Triples texts is compared at a time to find what they begin and end with alike
_CHUNK = 1 << 16


def _same_head(a: bytes, b: bytes) -> int:
    """The length of a run of whole lines that ``a`` and ``b`` both begin with (compared a chunk at a time)."""
    n, limit = 0, min(len(a), len(b))
    while n + _CHUNK <= limit and a[n:n + _CHUNK] == b[n:n + _CHUNK]:
        n += _CHUNK
    return a.rfind(b"\n", 0, n) + 1


def _same_tail(a: bytes, b: bytes, limit: int) -> int:
    """The length, at most ``limit``, of a run of whole lines that ``a`` and ``b`` both end with."""
    n = 0
    while n + _CHUNK <= limit and a[len(a) - n - _CHUNK:len(a) - n] == b[len(b) - n - _CHUNK:len(b) - n]:
        n += _CHUNK
    cut = a.find(b"\n", len(a) - n) if n else -1
    return len(a) - cut - 1 if cut != -1 else 0


def _link_or_copy(source: str, target: str) -> None:
    """RocksDB never changes a table file (``*.sst``) once written, only deletes it: the copy of the store links
    them, as RocksDB's own checkpoints do; every other file is copied."""
    if source.endswith(".sst"):
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copy2(source, target)


@lru_cache(maxsize=2)
def changed_lines(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    """The lines only ``before`` holds and those only ``after`` holds, each sorted. Kept for the next caller:
    the store and the validation of a rebuild both read the change of the same two texts.

    A rebuild changes a few subjects' lines, between long runs that are alike: those are cut off as bytes
    first, so only the lines between are split and compared (no line is in a text twice, so a line of a
    common run is in neither difference)."""
    head = _same_head(before, after)
    tail = _same_tail(before, after, min(len(before), len(after)) - head)
    old = set(before[head:len(before) - tail].split(b"\n"))
    new = set(after[head:len(after) - tail].split(b"\n"))
    return sorted(old - new - {b""}), sorted(new - old - {b""})


def _updated(previous: Path, fresh: Path, before: bytes, after: bytes) -> Store:
    """A copy of the store in ``previous`` in ``fresh``, changed from the triples ``before`` to those ``after``;
    a fresh store of ``after`` when a changed triple may name a blank node (its label in the store is not
    the one in the text, so it could not be found to remove)."""
    removed, added = (b"\n".join(lines) + b"\n" for lines in changed_lines(before, after))
    if b"_:" in removed or b"_:" in added:
        store = Store(str(fresh))
        store.bulk_load(after, format=RdfFormat.N_TRIPLES)
        return store
    shutil.rmtree(fresh)
    # RocksDB's old info logs (LOG.old.*) are not data; left out, they would pile up one a rebuild
    shutil.copytree(previous, fresh, ignore=shutil.ignore_patterns("LOG.old.*", "LOCK"), copy_function=_link_or_copy)
    store = Store(str(fresh))
    for quad in parse(removed, format=RdfFormat.N_TRIPLES):
        store.remove(quad)
    store.extend(parse(added, format=RdfFormat.N_TRIPLES))
    return store


def memory_store(ntriples: bytes) -> Store:
    """An in-memory store of N-Triples (Oxigraph's parser: faster than adding Quads from Python)."""
    store = Store()
    store.bulk_load(ntriples, format=RdfFormat.N_TRIPLES)
    return store


def open_store(out: Path, *, in_memory: bool = False) -> Store:
    """The build's store, read-only; ``in_memory=True`` copies it into memory first.

    A copy in memory answers the standard questions about four times faster
    than the on-disk store (no RocksDB lookups), at the price of loading it:
    worth it for a server, not for one query."""
    path = Path(out) / STORE_DIR
    if not path.is_dir():
        raise BackendError(f"{out}: no graph store here (run `graphkit build` first)")
    try:
        store = Store.read_only(str(path))
    except OSError as exc:
        raise BackendError(f"{path}: cannot open the store: {exc}") from exc
    if not in_memory:
        return store
    copy = Store()
    copy.bulk_load(store.dump(format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return copy


def sparql_code(query: str) -> str:
    """``query`` with its strings, IRIs and comments blanked out: only keywords, names and punctuation are left."""
    return _TOKENS.sub(" ", query)


def check_read_only(query: str) -> None:
    """Refuse every update keyword, SERVICE and any FROM outside strings, IRIs and comments."""
    bare = _NAMES.sub(" ", sparql_code(query))
    match = _REFUSED.search(bare)
    if match:
        raise QueryError(f"refused: {match.group(1).upper()} is not allowed on a read-only graph")


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype == XSD + "boolean":
            return term.value == "true"
        if datatype in _NUMERIC:
            return int(term.value)
        return term.value
    if isinstance(term, (NamedNode, BlankNode)):
        return term.value
    return str(term)


_AT = re.compile(r"error at (\d+):(\d+)")


def syntax_message(exc: SyntaxError, query: str) -> str:
    """One line for a SPARQL syntax error: where, and the text there; not the parser's whole set of expected tokens."""
    found = _AT.search(str(exc))
    if not found:
        return f"SPARQL syntax error: {str(exc).splitlines()[0][:120]}"
    line, column = int(found.group(1)), int(found.group(2))
    lines = query.splitlines()
    if line > len(lines) or not "".join(lines[line - 1:]).strip():
        return f"SPARQL syntax error: the query ends at line {len(lines)} before it is complete (an unclosed brace or bracket?)"
    near = lines[line - 1][max(column - 11, 0):column + 20].strip()  # the parser stops a token or so past the fault
    return f"SPARQL syntax error at line {line}, column {column}: " + (f"near {near!r}" if near else "at the end of the line")


def run_select(store: Store, query: str, bindings: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a SELECT; values are passed as substitutions, never pasted into the text."""
    check_read_only(query)
    subs = {k: (v if isinstance(v, (Literal, NamedNode)) else Literal(str(v))) for k, v in (bindings or {}).items()}
    try:
        result = store.query(query, substitutions={Variable(k): v for k, v in subs.items()}) if subs else store.query(query)
    except SyntaxError as exc:
        raise QueryError(syntax_message(exc, query)) from None
    except OSError as exc:
        raise BackendError(f"query failed: {exc}") from exc
    if not isinstance(result, QuerySolutions):
        raise QueryError("only SELECT queries are answered here")
    columns = [v.value for v in result.variables]
    rows = [{c: _python(solution[c]) for c in columns} for solution in result]
    return columns, rows
