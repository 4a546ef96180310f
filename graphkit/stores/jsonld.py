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
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from graphkit.projections.rdf import SortedTriples, sort_triples
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


def _subject_runs(lines: list[bytes]) -> list[tuple[int, int]]:
    """(start, end) of each run of N-Triples lines with one subject (a sorted file has one run a subject)."""
    runs, start, current = [], 0, None
    for i, line in enumerate(lines):
        subject = line[:line.find(b" ")]
        if subject != current:
            if current is not None:
                runs.append((start, i))
            start, current = i, subject
    if current is not None:
        runs.append((start, len(lines)))
    return runs


def dumps_jsonld_memo(triples: SortedTriples, ntriples: bytes, memo: Memo) -> str:
    """``dumps_jsonld(triples)``, each node object taken from ``memo`` when its subject's triples are unchanged.

    ``ntriples`` is the N-Triples of ``triples`` (a line each, in order): a subject's lines are the key of
    its node object, which rests on nothing else."""
    lines = ntriples.split(b"\n")[:-1]
    if len(lines) != len(triples):
        return dumps_jsonld(triples)
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for start, end in _subject_runs(lines):
        part = digest(b"\n".join(lines[start:end]))
        node = memo.get(part)
        if node is None:
            (obj,) = _nodes(triples[start:end])
            node = (obj["@id"], json.dumps(obj, ensure_ascii=False))
            memo.put(part, node)
        found[node[0]].append((start, end, node[1]))
    texts = []
    for subject in sorted(found):
        runs = found[subject]
        if len(runs) == 1:
            texts.append(runs[0][2])
        else:  # two subjects written alike (an IRI spelled as another's compact form): one node, as to_jsonld makes
            (obj,) = _nodes(t for start, end, _ in runs for t in triples[start:end])
            texts.append(json.dumps(obj, ensure_ascii=False))
    return dumps_records({"@context": context(), "@graph": texts}, encoded=("@graph",))


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


def write_linked_data(triples: list[Triple], out: Path, *, ntriples: bytes | None = None,
                      memo: Memo | None = None) -> dict[str, Path]:
    """Write ``graph.ttl`` (sorted prefixes), ``graph.nt`` and ``graph.jsonld`` into ``out``; same triples -> same bytes.

    ``ntriples``, when the caller has it, is the N-Triples of the sorted triples; ``memo`` keeps the
    JSON-LD's node objects for the next build."""
    from graphkit.projections.rdf import PREFIXES

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    triples = sort_triples(triples)
    if ntriples is None:
        ntriples = serialize(triples, format=RdfFormat.N_TRIPLES)
    outputs = {"turtle": out / "graph.ttl", "ntriples": out / "graph.nt", "jsonld": out / "graph.jsonld"}
    write_bytes_atomic(outputs["turtle"], turtle_bytes(triples, PREFIXES))
    write_bytes_atomic(outputs["ntriples"], ntriples)
    text = dumps_jsonld(triples) if memo is None else dumps_jsonld_memo(triples, ntriples, memo)
    write_text_atomic(outputs["jsonld"], text)
    return outputs
