"""Validate a built graph against the shipped SHACL shapes (``ontology/shapes.ttl``) with pySHACL.

>>> report = validate(triples)          # pyoxigraph triples, an rdflib Graph, or a .nt/.ttl path
>>> report.conforms, len(report.violations), len(report.warnings)

The data graph is handed to pySHACL as an rdflib ``Graph`` parsed from
N-Triples (the fastest rdflib parser), with no inference and without the
ontology: every shape targets the explicit ``rdf:type`` the projection emits,
so none is needed. rdflib and pyshacl are imported here and nowhere else.
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
    from pyoxigraph import Triple

SH = "http://www.w3.org/ns/shacl#"
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
        chosen = self.results if warnings else self.violations
        return [
            Problem(r.focus, f"SHACL {r.severity.lower()}{' on ' + r.path if r.path else ''}: {r.message}"
                    + (f" (value {r.value})" if r.value is not None and r.value != r.focus else ""),
                    "error" if r.severity == "Violation" else "warning")
            for r in chosen
        ]


@lru_cache(maxsize=1)
def shapes_graph() -> "rdflib.Graph":
    """The shipped shapes, parsed once per process."""
    import rdflib

    from graphkit.ontology import text

    return rdflib.Graph().parse(data=text("shapes.ttl"), format="turtle")


def _ntriples(triples: Iterable["Triple"]) -> bytes:
    from pyoxigraph import RdfFormat, serialize

    return serialize(list(triples), format=RdfFormat.N_TRIPLES)


def as_rdflib(data: Data) -> "rdflib.Graph":
    """An rdflib graph of ``data``: pyoxigraph triples, an rdflib graph, or a path to .nt/.ttl/.jsonld."""
    import rdflib

    if isinstance(data, rdflib.Graph):
        return data
    if isinstance(data, (str, Path)):
        path = Path(data)
        fmt = {".nt": "nt", ".ttl": "turtle", ".jsonld": "json-ld"}.get(path.suffix, "turtle")
        return rdflib.Graph().parse(path, format=fmt)
    return rdflib.Graph().parse(data=_ntriples(data), format="nt")


def _text(node: object) -> str | None:
    return None if node is None else str(node)


def validate(data: Data, *, shapes: "rdflib.Graph | None" = None, ontology: bool = False) -> Report:
    """Validate ``data`` against the shapes; ``ontology=True`` also mixes in ``graphkit.ttl`` (slower)."""
    import rdflib
    from pyshacl import validate as shacl

    from graphkit.ontology import text

    data_graph = as_rdflib(data)
    ont_graph = rdflib.Graph().parse(data=text("graphkit.ttl"), format="turtle") if ontology else None
    conforms, results_graph, _ = shacl(
        data_graph,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        ont_graph=ont_graph,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
        iterate_rules=False,
    )
    if not isinstance(results_graph, rdflib.Graph):  # pySHACL's ValidationFailure: the shapes themselves are wrong
        raise BackendError(f"SHACL validation could not run: {results_graph}")
    sh = rdflib.Namespace(SH)
    results = []
    for node in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results_graph.value(node, sh.resultSeverity)
        shape = results_graph.value(node, sh.sourceShape)
        messages = sorted(str(m) for m in results_graph.objects(node, sh.resultMessage))
        results.append(Result(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=str(results_graph.value(node, sh.focusNode)),
            path=_text(results_graph.value(node, sh.resultPath)) if isinstance(results_graph.value(node, sh.resultPath), rdflib.URIRef) else None,
            value=_text(results_graph.value(node, sh.value)),
            message=messages[0] if messages else "constraint not met",
            shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
        ))
    results = sorted(set(results), key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.message, r.value or ""))
    return Report(conforms=bool(conforms) and not any(r.severity == "Violation" for r in results), results=results)
