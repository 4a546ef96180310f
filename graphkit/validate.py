"""Validate a built graph against the shipped SHACL shapes (``ontology/shapes.ttl``)::

    report = validate(triples)   # pyoxigraph triples or Store, an rdflib Graph, a .nt/.ttl/.jsonld file
    report.conforms, report.violations, report.warnings, report.as_problems()

The default engine (``"oxigraph"``, :mod:`graphkit.shacl_sparql`) compiles the shapes into SPARQL, one
query per shape and constraint component over all focus nodes at once, and runs them in Oxigraph: the
cost grows with the graph, not with the graph times its focus nodes. ``engine="pyshacl"`` runs the
shapes in pySHACL, the reference the tests hold the Oxigraph engine to. rdflib and pyshacl are
imported here and nowhere else, and only for that engine or for data given as an rdflib graph.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, astuple, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Union

from graphkit.errors import BackendError
from graphkit.model import Problem

if TYPE_CHECKING:
    import rdflib
    from pyoxigraph import RdfFormat, Store, Triple

    from graphkit.shacl_sparql import Checked
    from graphkit.stores.memo import Memo

SH = "http://www.w3.org/ns/shacl#"
ENGINES = ("oxigraph", "pyshacl")
Data = Union["rdflib.Graph", "Store", Iterable["Triple"], Path, str]


@dataclass(frozen=True, order=True)
class Result:
    """One SHACL validation result: which node broke which rule."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None = None

    def __str__(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" (value {self.value})" if self.value is not None and self.value != self.focus else ""
        return f"{self.severity}: {where}: {self.message}{value}"


#: the SHACL severities, most severe first
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass
class Report:
    """The outcome of one validation. ``conforms`` is what SHACL says: true only when there is no result at
    all, whatever its severity; a build fails only on violations (:meth:`as_problems`)."""

    results: list[Result] = field(default_factory=list)
    #: shapes whose SPARQL rule runs once for the whole graph: the node at fault is the result's value
    graph_shapes: frozenset[str] = frozenset()

    @property
    def conforms(self) -> bool:
        return not self.results

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    def counts(self) -> dict[str, int]:
        """The number of results of each severity (every severity named, zero included)."""
        return {severity: sum(r.severity == severity for r in self.results) for severity in SEVERITIES}

    def text(self) -> str:
        counts = ", ".join(f"{n} {severity.lower()}(s)" for severity, n in self.counts().items())
        lines = [f"SHACL: {'conforms' if self.conforms else 'does not conform'}: {counts}"]
        lines += [str(r) for r in self.results]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        doc = {"conforms": self.conforms, "counts": self.counts(),
               "violations": len(self.violations), "warnings": len(self.warnings),
               "results": [asdict(r) for r in self.results]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def as_problems(self, *, warnings: bool = False) -> list[Problem]:
        """Violations (and, if asked, warnings) as located problems for ``problems.json`` and ``--strict``."""
        problems = []
        for r in self.results if warnings else self.violations:
            at_fault = r.value if r.shape in self.graph_shapes and r.value else r.focus
            where = short_iri(at_fault) + (f" {short_iri(r.path)}" if r.path else "")
            value = f" (value {short_iri(r.value)})" if r.value not in (None, at_fault) else ""
            problems.append(Problem(where, f"SHACL {r.severity.lower()}: {r.message}{value}",
                                    "error" if r.severity == "Violation" else "warning"))
        return problems


def short_iri(iri: str) -> str:
    """``person/DP01`` for a graphkit instance, ``gk:role`` for an ontology term, else the IRI."""
    for namespace, prefix in (("https://w3id.org/graphkit/id/", ""), ("https://w3id.org/graphkit/ontology#", "gk:")):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace):]
    return iri


def _shapes_turtle(shapes: "str | rdflib.Graph | None") -> str:
    from graphkit.ontology import text

    if shapes is None:
        return text("shapes.ttl")
    return shapes if isinstance(shapes, str) else shapes.serialize(format="nt")  # N-Triples is Turtle


@lru_cache(maxsize=4)
def _rdflib_shapes(turtle: str) -> "rdflib.Graph":
    import rdflib

    return rdflib.Graph().parse(data=turtle, format="turtle")


def _is_rdflib_graph(data: object) -> bool:
    rdflib = sys.modules.get("rdflib")  # not imported yet: ``data`` cannot be one of its graphs
    return rdflib is not None and isinstance(data, rdflib.Graph)


def _file_format(path: Path) -> "RdfFormat":
    from pyoxigraph import RdfFormat

    return {".nt": RdfFormat.N_TRIPLES, ".jsonld": RdfFormat.JSON_LD}.get(path.suffix, RdfFormat.TURTLE)


def _opened(data: Data) -> Data:
    """An Oxigraph store folder (a build's ``store``) opened read-only; any other ``data`` as it is."""
    from pyoxigraph import Store

    if isinstance(data, (str, Path)) and Path(data).is_dir():
        try:
            return Store.read_only(str(data))
        except OSError as exc:
            raise BackendError(f"{data}: cannot open the store: {exc}") from exc
    return data


def _data_store(data: Data, ontology: bool) -> "Store":
    """``data`` as an Oxigraph store: a store as it is, anything else loaded into a fresh in-memory one."""
    from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store

    from graphkit.ontology import text

    data = _opened(data)
    if isinstance(data, Store) and not ontology:
        return data
    store = Store()
    if isinstance(data, Store):
        store.bulk_extend(data.quads_for_pattern(None, None, None, DefaultGraph()))
    elif isinstance(data, (str, Path)):
        store.load(path=str(data), format=_file_format(Path(data)))
    elif _is_rdflib_graph(data):
        store.load(data.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    else:
        store.extend(Quad(t.subject, t.predicate, t.object) for t in data)  # default graph: 2x faster unnamed
    if ontology:
        store.load(text("graphkit.ttl"), format=RdfFormat.TURTLE)
    return store


def _data_graph(data: Data) -> "rdflib.Graph":
    """``data`` as an rdflib graph, for pySHACL."""
    from pyoxigraph import DefaultGraph, Store, parse

    if _is_rdflib_graph(data):
        return data
    data = _opened(data)
    if isinstance(data, Store):
        triples = [quad.triple for quad in data.quads_for_pattern(None, None, None, DefaultGraph())]
    elif isinstance(data, (str, Path)):
        triples = [quad.triple for quad in parse(path=str(data), format=_file_format(Path(data)))]
    else:
        triples = list(data)
    return _rdflib_graph(triples)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_graph(triples: list["Triple"]) -> "rdflib.Graph":
    """The rdflib graph of ``triples``, term by term: the same graph as writing them as N-Triples and
    parsing that back (simple literals stay plain, a blank node becomes a fresh one), ~3x faster."""
    import rdflib
    from pyoxigraph import BlankNode, NamedNode

    graph = rdflib.Graph()
    blanks: dict[str, rdflib.BNode] = {}
    iris: dict[str, rdflib.URIRef] = {}

    def convert(term: object) -> rdflib.term.Node:
        if isinstance(term, NamedNode):
            node = iris.get(term.value)
            if node is None:
                node = iris[term.value] = rdflib.URIRef(term.value)
            return node
        if isinstance(term, BlankNode):
            if term.value not in blanks:
                blanks[term.value] = rdflib.BNode()
            return blanks[term.value]
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value) if datatype == _XSD_STRING else rdflib.Literal(term.value, datatype=convert(term.datatype))

    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph) for t in triples)
    return graph


def _rdflib_path(shapes: "rdflib.Graph", node: "rdflib.term.Node", show: Callable[..., str]) -> str:
    """A ``sh:path`` of the rdflib shapes graph written as the Oxigraph engine writes it."""
    import rdflib
    import rdflib.collection
    from pyoxigraph import NamedNode

    sh = rdflib.Namespace(SH)
    if isinstance(node, rdflib.URIRef):
        return show(NamedNode(str(node)))
    inverse = shapes.value(node, sh.inversePath)
    if inverse is not None:
        return "^" + _rdflib_path(shapes, inverse, show)
    return "/".join(_rdflib_path(shapes, step, show) for step in rdflib.collection.Collection(shapes, node))


def _rdflib_shape_name(shapes: "rdflib.Graph", shape: "rdflib.term.Node", show: Callable[..., str]) -> str | None:
    """The shape's IRI, or for an anonymous property shape its node shape and path (as the Oxigraph engine names it)."""
    import rdflib

    from graphkit.shacl_sparql import shape_name

    if isinstance(shape, rdflib.URIRef):
        return str(shape)
    path = shapes.value(shape, rdflib.Namespace(SH).path)
    if path is None:
        return None
    owners = sorted(str(o) for o in shapes.subjects(rdflib.Namespace(SH).property, shape) if isinstance(o, rdflib.URIRef))
    return shape_name(owners[0] if owners else None, _rdflib_path(shapes, path, show), show)


def _pyshacl_results(data_graph: "rdflib.Graph", shapes: "rdflib.Graph", ontology: bool, show: Callable[..., str]) -> list[Result]:
    import rdflib
    from pyshacl import validate as shacl

    from graphkit.ontology import text

    ont_graph = rdflib.Graph().parse(data=text("graphkit.ttl"), format="turtle") if ontology else None
    _, results_graph, _ = shacl(
        data_graph, shacl_graph=shapes, ont_graph=ont_graph, inference="none", abort_on_first=False,
        allow_warnings=True, advanced=False, meta_shacl=False,
    )
    if not isinstance(results_graph, rdflib.Graph):  # pySHACL's ValidationFailure: the shapes themselves are wrong
        raise BackendError(f"SHACL validation could not run: {results_graph}")
    sh = rdflib.Namespace(SH)
    results = []
    for node in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results_graph.value(node, sh.resultSeverity)
        shape = results_graph.value(node, sh.sourceShape)
        path = results_graph.value(node, sh.resultPath)
        value = results_graph.value(node, sh.value)
        messages = sorted(str(m) for m in results_graph.objects(node, sh.resultMessage))
        results.append(Result(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=str(results_graph.value(node, sh.focusNode)),
            path=str(path) if isinstance(path, rdflib.URIRef) else None,
            value=None if value is None else str(value),
            message=messages[0] if messages else "constraint not met",
            shape=None if shape is None else _rdflib_shape_name(shapes, shape, show),
        ))
    return results


def validate(data: Data, *, shapes: "str | rdflib.Graph | None" = None, engine: str = "oxigraph",
             ontology: bool = False) -> Report:
    """Validate ``data`` against the shapes (``shapes.ttl``, or other shapes as Turtle text or an rdflib graph).

    ``data`` is pyoxigraph triples, a pyoxigraph ``Store`` (its default graph), an rdflib graph, a
    .nt/.ttl/.jsonld file, or a build's Oxigraph ``store`` folder. ``engine="oxigraph"`` (the default)
    runs the shapes compiled into SPARQL; ``engine="pyshacl"`` runs them in pySHACL, the reference (the
    tests check that both agree). ``ontology=True`` mixes ``graphkit.ttl`` into the data (not needed:
    every shape targets a type the projection states).
    """
    from graphkit.shacl_sparql import compile_shapes, run_checks, shapes_namer

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(map(repr, ENGINES))}, not {engine!r}")
    turtle = _shapes_turtle(shapes)
    if engine == "pyshacl":
        rdflib_shapes = shapes if _is_rdflib_graph(shapes) else _rdflib_shapes(turtle)
        results = _pyshacl_results(_data_graph(data), rdflib_shapes, ontology, shapes_namer(turtle))
    else:
        results = run_checks(_data_store(data, ontology), compile_shapes(turtle))
    return _report(results, turtle)


#: a change of more lines than this share of the graph is validated whole: walking it would cost more
_LOCAL_SHARE = 0.05


def _report(results: Iterable[Result], turtle: str) -> Report:
    from graphkit.shacl_sparql import graph_rule_shapes

    ordered = sorted(set(results), key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.message, r.value or ""))
    return Report(results=ordered, graph_shapes=graph_rule_shapes(turtle))


def validate_ntriples(ntriples: bytes, memo: "Memo | None" = None, store: Path | None = None,
                      ntriples_file: Path | None = None) -> Report:
    """``validate`` of the triples of an N-Triples text against the shipped shapes.

    With ``memo``, the build before's checks when it validated the very same text (a report is a function of
    the triples and the shapes alone: the engine's code and Oxigraph's version are in the memo's key). When the
    text changed by a few lines and ``store`` is an Oxigraph store folder holding the new triples, each check
    is run again only for the nodes the changed triples can affect (:func:`graphkit.shacl_sparql.recheck`):
    the report is the one validating the whole graph gives. The memo keeps the checks under the digests of
    the shapes and of the text, and names ``ntriples_file`` (the text's file in the build's folder) for the
    next build rather than holding a copy of the text."""
    from graphkit.shacl_sparql import check_rows, compile_shapes
    from graphkit.stores.memo import digest
    from graphkit.stores.oxigraph import memory_store

    turtle = _shapes_turtle(None)
    shapes, text = digest(turtle.encode("utf-8")), digest(ntriples)  # shapes: in a checkout they change apart from the code
    checked = None
    if memo is not None:
        kept = _kept(memo.get(shapes + text), lambda: ntriples)
        if kept is not None:
            checked = kept[1]
        elif store is not None:
            before = _before(memo, shapes)
            checked = _rechecked(before[0], before[1], ntriples, store, turtle) if before else None
    if checked is None:
        checked = check_rows(memory_store(ntriples), compile_shapes(turtle))
    if memo is not None:
        held = {"file": ntriples_file.name} if ntriples_file else {"ntriples": ntriples}
        memo.put(shapes + text, {**held, "focus": checked.focus,
                                 "rows": [[(key, astuple(result)) for key, result in rows] for rows in checked.rows]})
    return _report(checked.results(), turtle)


def _before(memo: "Memo", shapes: bytes) -> "tuple[bytes, Checked] | None":
    """The text and checks the build before validated against the same shapes (its entry's key ends with the
    digest of its text): the text from the file it names in that build's folder, when it is still that text."""
    for part, value in memo.old.items():
        if part.startswith(shapes):
            return _kept(value, lambda: _held(memo.previous, value, part[len(shapes):]))
    return None


def _held(folder: Path, value: dict, text_digest: bytes) -> bytes | None:
    """The text of the file a memo entry names in ``folder``, when its digest is still ``text_digest``."""
    from graphkit.stores.memo import digest

    data = (folder / Path(value["file"]).name).read_bytes()
    return data if digest(data) == text_digest else None


def _kept(value: object, text: Callable[[], "bytes | None"]) -> "tuple[bytes, Checked] | None":
    """The text and checks a memo entry (plain data) holds, the text its own or ``text()``; None when it holds
    something else or the text is gone."""
    from graphkit.shacl_sparql import Checked

    try:
        rows = [[(key, Result(*fields)) for key, fields in check] for check in value["rows"]]
        ntriples = value["ntriples"] if "ntriples" in value else text()
        return (ntriples, Checked(rows, value["focus"])) if isinstance(ntriples, bytes) else None
    except (TypeError, KeyError, ValueError, OSError):
        return None


def _rechecked(before: bytes, checked: "Checked", after: bytes, store: Path, turtle: str) -> "Checked | None":
    """The checks of ``after`` from those of ``before``, rerun where the changed lines reach; None when the change
    is too large, names a blank node (its label in the store is not the one in the text), or the store is unreadable."""
    from pyoxigraph import RdfFormat, Store, parse

    from graphkit.shacl_sparql import compile_shapes, recheck
    from graphkit.stores.oxigraph import changed_lines

    removed, added = changed_lines(before, after)
    if b"_:" in after or b"_:" in before or len(removed) + len(added) > _LOCAL_SHARE * after.count(b"\n"):
        return None
    try:
        graph = Store.read_only(str(store))
    except OSError:
        return None
    triples = [quad.triple for quad in parse(b"\n".join(removed + added) + b"\n", format=RdfFormat.N_TRIPLES)]
    return recheck(graph, compile_shapes(turtle), checked, triples)
