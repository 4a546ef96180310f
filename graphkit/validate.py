"""Validate a built graph against the shipped SHACL shapes (``ontology/shapes.ttl``)::

    report = validate(triples)   # pyoxigraph triples, an rdflib Graph, or a .nt/.ttl/.jsonld path
    report.conforms, report.violations, report.warnings, report.as_problems()

Core constraints run in pySHACL on an rdflib ``Graph`` parsed from N-Triples,
with no inference and without the ontology (every shape targets a type the
projection states). SHACL-SPARQL constraints run in Oxigraph, ``$this``
pre-bound to each focus node: pySHACL re-parses the query in rdflib for every
focus node, which takes minutes on a full collection. ``engine="pyshacl"``
runs everything in pySHACL; the tests check that both engines agree.
rdflib and pyshacl are imported here and nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Union

from graphkit.errors import BackendError
from graphkit.model import Problem

if TYPE_CHECKING:
    import rdflib
    from pyoxigraph import Store, Triple

SH = "http://www.w3.org/ns/shacl#"
DISCO_STUDY = "http://rdf-vocabulary.ddialliance.org/discovery#Study"
Data = Union["rdflib.Graph", Iterable["Triple"], Path, str]


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


@dataclass
class Report:
    """The outcome of one validation; ``conforms`` is False only when there is a violation."""

    conforms: bool
    results: list[Result] = field(default_factory=list)
    #: shapes whose SPARQL rule runs once for the whole graph: the node at fault is the result's value
    graph_shapes: frozenset[str] = frozenset()

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    def text(self) -> str:
        head = "conforms" if self.conforms else f"{len(self.violations)} violation(s)"
        lines = [f"SHACL: {head}, {len(self.warnings)} warning(s)"]
        lines += [str(r) for r in self.results]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        doc = {"conforms": self.conforms, "violations": len(self.violations), "warnings": len(self.warnings),
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


@lru_cache(maxsize=1)
def shapes_graph() -> "rdflib.Graph":
    """The shipped shapes, parsed once per process."""
    import rdflib

    from graphkit.ontology import text

    return rdflib.Graph().parse(data=text("shapes.ttl"), format="turtle")


@dataclass(frozen=True)
class SparqlRule:
    """A SHACL-SPARQL constraint (``sh:sparql`` with ``sh:select``) and the targets of its shape."""

    shape: str
    select: str
    message: str
    severity: str
    target_classes: tuple[str, ...] = ()
    target_nodes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    target_objects_of: tuple[str, ...] = ()


def _prefixes(sg: "rdflib.Graph", constraint: object) -> str:
    import rdflib

    sh = rdflib.Namespace(SH)
    lines = []
    for holder in sg.objects(constraint, sh.prefixes):
        for decl in sg.objects(holder, sh.declare):
            lines.append(f"PREFIX {sg.value(decl, sh.prefix)}: <{sg.value(decl, sh.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


@lru_cache(maxsize=4)
def split_shapes(sg: "rdflib.Graph") -> tuple["rdflib.Graph", tuple[SparqlRule, ...]]:
    """The shapes without their SPARQL constraints (for pySHACL), and those constraints (for Oxigraph)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    core = rdflib.Graph()
    for prefix, namespace in sg.namespaces():
        core.bind(prefix, namespace)
    rules = []
    for triple in sg:
        if triple[1] != sh.sparql:
            core.add(triple)
    for shape, constraint in sg.subject_objects(sh.sparql):
        if str(sg.value(constraint, sh.deactivated)) == "true" or sg.value(constraint, sh.select) is None:
            continue
        severity = sg.value(constraint, sh.severity) or sg.value(shape, sh.severity) or sh.Violation
        message = sg.value(constraint, sh.message) or sg.value(shape, sh.message) or "SPARQL constraint not met"
        rules.append(SparqlRule(
            shape=str(shape),
            select=_prefixes(sg, constraint) + str(sg.value(constraint, sh.select)),
            message=str(message),
            severity=str(severity).rsplit("#", 1)[-1],
            target_classes=tuple(sorted(str(o) for o in sg.objects(shape, sh.targetClass))),
            target_nodes=tuple(sorted(str(o) for o in sg.objects(shape, sh.targetNode))),
            target_subjects_of=tuple(sorted(str(o) for o in sg.objects(shape, sh.targetSubjectsOf))),
            target_objects_of=tuple(sorted(str(o) for o in sg.objects(shape, sh.targetObjectsOf))),
        ))
    return core, tuple(sorted(rules, key=lambda r: (r.shape, r.select)))


def _focus_nodes(store: "Store", rule: SparqlRule) -> list[object]:
    from pyoxigraph import NamedNode

    found: dict[str, object] = {}
    patterns = [f"?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{c}>" for c in rule.target_classes]
    patterns += [f"?this <{p}> ?any" for p in rule.target_subjects_of]
    patterns += [f"?any <{p}> ?this" for p in rule.target_objects_of]
    for pattern in patterns:
        for row in store.query(f"SELECT DISTINCT ?this WHERE {{ {pattern} }}"):
            found[str(row["this"])] = row["this"]
    for node in rule.target_nodes:
        found[f"<{node}>"] = NamedNode(node)
    return [found[k] for k in sorted(found)]


def _message(template: str, row: object, names: list[str]) -> str:
    for name in names:
        value = row[name]
        if value is not None:
            shown = value.value if hasattr(value, "value") else str(value)
            template = template.replace("{?" + name + "}", shown).replace("{$" + name + "}", shown)
    return template


def run_sparql_rules(store: "Store", rules: Iterable[SparqlRule]) -> list[Result]:
    """Evaluate SHACL-SPARQL constraints on an Oxigraph store, ``$this`` pre-bound to each focus node."""
    from pyoxigraph import Variable

    results = []
    for rule in rules:
        for focus in _focus_nodes(store, rule):
            solutions = store.query(rule.select, substitutions={Variable("this"): focus})
            names = [v.value for v in solutions.variables]
            for row in solutions:
                value = row["value"] if "value" in names and row["value"] is not None else focus
                path = row["path"] if "path" in names else None
                results.append(Result(
                    severity=rule.severity,
                    focus=focus.value,
                    path=path.value if path is not None and hasattr(path, "value") else None,
                    value=value.value if hasattr(value, "value") else str(value),
                    message=_message(rule.message, row, names),
                    shape=rule.shape,
                ))
    return results


def _load(data: Data) -> tuple["rdflib.Graph", list["Triple"]]:
    """``data`` as an rdflib graph (for pySHACL) and as pyoxigraph triples (for Oxigraph)."""
    import rdflib
    from pyoxigraph import RdfFormat, parse

    if isinstance(data, rdflib.Graph):
        return data, list(parse(data.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES))
    if isinstance(data, (str, Path)):
        path = Path(data)
        fmt = {".nt": RdfFormat.N_TRIPLES, ".jsonld": RdfFormat.JSON_LD}.get(path.suffix, RdfFormat.TURTLE)
        triples = [quad.triple for quad in parse(path=str(path), format=fmt)]
    else:
        triples = list(data)
    return _rdflib_graph(triples), triples


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


def _pyshacl_results(data_graph: "rdflib.Graph", shapes: "rdflib.Graph", ontology: bool) -> list[Result]:
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
            shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
        ))
    return results


def validate(data: Data, *, shapes: "rdflib.Graph | None" = None, engine: str = "fast", ontology: bool = False) -> Report:
    """Validate ``data`` (pyoxigraph triples, an rdflib graph, or a .nt/.ttl/.jsonld path) against the shapes.

    ``engine="fast"`` (the default) runs the core constraints in pySHACL and the
    SHACL-SPARQL constraints in Oxigraph, ``$this`` pre-bound to each focus
    node, which is how the SHACL spec defines them; pySHACL re-parses the query
    for every focus node in rdflib, which takes minutes on a full collection.
    ``engine="pyshacl"`` runs everything in pySHACL (the tests check that both
    agree). ``ontology=True`` mixes ``graphkit.ttl`` into the data (not needed:
    every shape targets a type the projection states).
    """
    if engine not in ("fast", "pyshacl"):
        raise ValueError(f"engine must be 'fast' or 'pyshacl', not {engine!r}")
    data_graph, triples = _load(data)
    shapes = shapes if shapes is not None else shapes_graph()
    if engine == "pyshacl":
        results = _pyshacl_results(data_graph, shapes, ontology)
    else:
        from pyoxigraph import DefaultGraph, Quad, Store

        core, rules = split_shapes(shapes)
        results = _pyshacl_results(data_graph, core, ontology)
        store = Store()
        store.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
        results += run_sparql_rules(store, rules)
    results = sorted(set(results), key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.message, r.value or ""))
    graph_shapes = frozenset(r.shape for r in split_shapes(shapes)[1] if r.target_classes == (DISCO_STUDY,))
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results, graph_shapes=graph_shapes)
