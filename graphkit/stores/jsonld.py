"""Linked-data files of a build: ``graph.ttl``, ``graph.nt`` and ``graph.jsonld``.

The JSON-LD is written here, not by a library, so that it is deterministic
(nodes sorted by ``@id``, keys and values sorted) and compact with the
context shipped in ``graphkit.ontology`` (``context.jsonld``: JSON-LD 1.1,
``@protected`` prefixes). The context is embedded in the document: the output
names no remote ``@context`` URL, so reading it never touches the network.
Every literal keeps its exact lexical form (``{"@value": "5", "@type":
"xsd:integer"}``, never a JSON number), so JSON-LD -> RDF gives back the very
same triples as the Turtle and N-Triples files.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse, serialize

from graphkit.projections.rdf import sort_triples
from graphkit.stores.files import dumps_records, write_bytes_atomic, write_text_atomic
from graphkit.stores.memo import Memo, digest

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The shipped JSON-LD context (the object under ``@context``)."""
    from graphkit.ontology import text

    return json.loads(text("context.jsonld"))["@context"]


@lru_cache(maxsize=1)
def _namespaces() -> tuple[tuple[str, str], ...]:
    """(prefix, namespace) pairs of the context, longest namespace first (computed once: it was per IRI)."""
    pairs = [(k, v) for k, v in context().items() if not k.startswith("@") and isinstance(v, str)]
    return tuple(sorted(pairs, key=lambda kv: (-len(kv[1]), kv[0])))


@lru_cache(maxsize=1 << 16)
def compact_iri(iri: str) -> str:
    """``prefix:local`` when a context namespace covers ``iri`` (and the result cannot be misread), else ``iri``."""
    for prefix, namespace in _namespaces():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _node_ref(term: NamedNode | BlankNode) -> str:
    return compact_iri(term.value) if isinstance(term, NamedNode) else f"_:{term.value}"


def _value(term: NamedNode | BlankNode | Literal) -> dict[str, str]:
    if isinstance(term, (NamedNode, BlankNode)):
        return {"@id": _node_ref(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value if term.datatype else XSD_STRING
    if datatype == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact_iri(datatype)}


def _sort_key(value: dict[str, str]) -> tuple[str, str, str, str]:
    return (value.get("@id", ""), value.get("@value", ""), value.get("@type", ""), value.get("@language", ""))


def _nodes(triples: Iterable[Triple]) -> list[dict[str, Any]]:
    """The node objects of ``triples``, sorted by ``@id``."""
    nodes: dict[str, dict[str, dict[tuple[str, str, str, str], dict[str, str]]]] = defaultdict(lambda: defaultdict(dict))
    types: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        subject = _node_ref(t.subject)
        if t.predicate.value == RDF_TYPE and isinstance(t.object, NamedNode):
            types[subject].add(compact_iri(t.object.value))
            continue
        value = _value(t.object)
        nodes[subject][compact_iri(t.predicate.value)][_sort_key(value)] = value  # keyed: a repeated triple counts once
    graph = []
    for subject in sorted(nodes.keys() | types.keys()):
        obj: dict[str, Any] = {"@id": subject}
        if types[subject]:
            obj["@type"] = sorted(types[subject])
        values = nodes[subject]
        for predicate in sorted(values):
            obj[predicate] = [v for _, v in sorted(values[predicate].items())]
        graph.append(obj)
    return graph


def to_jsonld(triples: Iterable[Triple]) -> dict[str, Any]:
    """A compacted JSON-LD document (``@context`` embedded, ``@graph`` of node objects) of ``triples``."""
    return {"@context": context(), "@graph": _nodes(triples)}


def dumps_jsonld(triples: Iterable[Triple]) -> str:
    return dumps_records(to_jsonld(triples))


def turtle_bytes(triples: list[Triple], prefixes: dict[str, str]) -> bytes:
    """Turtle with the ``@prefix`` lines sorted by prefix (Oxigraph writes them in its own order)."""
    data = serialize(triples, format=RdfFormat.TURTLE, prefixes=dict(sorted(prefixes.items())))
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def write_jsonld(triples: Iterable[Triple], path: Path) -> Path:
    write_text_atomic(Path(path), dumps_jsonld(triples))
    return Path(path)


def write_linked_data(triples: list[Triple], out: Path, *, ntriples: bytes | None = None) -> dict[str, Path]:
    """Write ``graph.ttl`` (sorted prefixes), ``graph.nt`` and ``graph.jsonld`` into ``out``; same triples -> same bytes.

    ``ntriples``, when the caller has it, is the N-Triples of the sorted triples."""
    from graphkit.projections.rdf import PREFIXES

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    triples = sort_triples(triples)
    if ntriples is None:
        ntriples = serialize(triples, format=RdfFormat.N_TRIPLES)
    outputs = {"turtle": out / "graph.ttl", "ntriples": out / "graph.nt", "jsonld": out / "graph.jsonld"}
    write_bytes_atomic(outputs["turtle"], turtle_bytes(triples, PREFIXES))
    write_bytes_atomic(outputs["ntriples"], ntriples)
    write_jsonld(triples, outputs["jsonld"])
    return outputs


class _Subject:
    """One subject's run of sorted N-Triples lines: the key of its Turtle block and JSON-LD node object."""

    __slots__ = ("text", "key", "_triples")

    def __init__(self, text: bytes):
        self.text = text
        self.key = digest(text)
        self._triples: list[Triple] | None = None

    @property
    def triples(self) -> list[Triple]:
        if self._triples is None:
            self._triples = [quad.triple for quad in parse(self.text, format=RdfFormat.N_TRIPLES)]
        return self._triples


#: one subject's run of N-Triples lines: the subject, then lines that begin with the same one (a backreference)
_SUBJECT_RUN = re.compile(rb"(\S+) [^\n]*\n(?:\1 [^\n]*\n)*")


def _subjects(lines: list[bytes]) -> tuple[bytes, list[_Subject]]:
    """The N-Triples of the sorted ``lines`` and each subject's run of them, cut out of that one text by the
    regular expression (it reads the lines in C; taking each line's subject in Python took longer)."""
    ntriples = b" .\n".join(lines) + b" .\n" if lines else b""
    subjects, start = [], 0
    while start < len(ntriples):
        run = _SUBJECT_RUN.match(ntriples, start)
        if run is None:
            raise ValueError(f"not an N-Triples line at byte {start}: {ntriples[start:start + 80]!r}")
        subjects.append(_Subject(run.group()))
        start = run.end()
    return ntriples, subjects


@lru_cache(maxsize=4)
def _turtle_head(prefixes: tuple[tuple[str, str], ...]) -> tuple[bytes, bytes]:
    """(the ``@prefix`` lines as Oxigraph writes them before any statement, the same lines sorted)."""
    one = Triple(NamedNode("urn:x:s"), NamedNode("urn:x:p"), Literal(""))
    lines = serialize([one], format=RdfFormat.TURTLE, prefixes=dict(prefixes)).split(b"\n")
    head = [line + b"\n" for line in lines if line.startswith(b"@prefix ")]
    return b"".join(head), b"".join(sorted(head))


def _turtle_block(subject: _Subject, prefixes: dict[str, str]) -> bytes:
    """The subject's statements in Turtle (``turtle_bytes`` of its triples without the ``@prefix`` lines)."""
    raw_head, _ = _turtle_head(tuple(sorted(prefixes.items())))
    data = serialize(subject.triples, format=RdfFormat.TURTLE, prefixes=dict(sorted(prefixes.items())))
    if data.startswith(raw_head):
        return data[len(raw_head):]
    lines = data.split(b"\n")  # the prefixes in another order: left out one by one
    return b"\n".join(line for line in lines if not line.startswith(b"@prefix "))


def _jsonld_node(subject: _Subject) -> tuple[str, str]:
    (obj,) = _nodes(subject.triples)
    return obj["@id"], json.dumps(obj, ensure_ascii=False)


def write_linked_data_memo(lines: list[bytes], out: Path, turtle: Memo, jsonld: Memo) -> tuple[dict[str, Path], bytes]:
    """``write_linked_data`` from the sorted N-Triples lines (UTF-8, each without its " ."), each subject's Turtle block
    and JSON-LD node object taken from the memos when its lines are unchanged; also returns the N-Triples.

    A blank node may be written inside another subject's block in Turtle: a graph with one is written whole."""
    from graphkit.projections.rdf import PREFIXES

    out = Path(out)
    ntriples, subjects = _subjects(lines)
    if not subjects or b"_:" in ntriples:
        triples = [quad.triple for quad in parse(ntriples, format=RdfFormat.N_TRIPLES)]
        return write_linked_data(triples, out, ntriples=ntriples), ntriples
    out.mkdir(parents=True, exist_ok=True)
    blocks, nodes = [], defaultdict(list)
    for subject in subjects:
        block = turtle.get(subject.key)
        if block is None:
            block = _turtle_block(subject, PREFIXES)
            turtle.put(subject.key, block)
        blocks.append(block)
        node = jsonld.get(subject.key)
        if node is None:
            node = _jsonld_node(subject)
            jsonld.put(subject.key, node)
        nodes[node[0]].append((subject, node[1]))
    texts = []
    for name in sorted(nodes):
        found = nodes[name]
        if len(found) == 1:
            texts.append(found[0][1])
        else:  # two subjects written alike (an IRI spelled as another's compact form): one node, as to_jsonld makes
            (obj,) = _nodes(t for subject, _ in found for t in subject.triples)
            texts.append(json.dumps(obj, ensure_ascii=False))
    outputs = {"turtle": out / "graph.ttl", "ntriples": out / "graph.nt", "jsonld": out / "graph.jsonld"}
    write_bytes_atomic(outputs["turtle"], _turtle_head(tuple(sorted(PREFIXES.items())))[1] + b"".join(blocks))
    write_bytes_atomic(outputs["ntriples"], ntriples)
    write_text_atomic(outputs["jsonld"], dumps_records({"@context": context(), "@graph": texts}, encoded=("@graph",)))
    return outputs, ntriples
