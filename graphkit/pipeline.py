"""The main job: collection -> model -> every output in ``<out>``.

``build_graph`` is the pure part (read and extract); ``build`` writes the
outputs, each atomically, and returns a summary with the problems found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graphkit.data import collection_data
from graphkit.errors import StrictModeError
from graphkit.extract.registry import build_registry
from graphkit.model import Entity, Graph, Problem
from graphkit.readers.collection import Collection, read_collection
from graphkit.readers.mapping import read_additions
from graphkit.redaction import RedactedText
from graphkit.stores.files import write_text_atomic
from graphkit.stores.source_texts import write_source_texts

Progress = Callable[[str], None]
_DIGITS = re.compile(r"\d+")
# A token shaped like an ID code: capitals, an optional hyphen or underscore, digits, and perhaps letters after
# them (DP77, PAR-311, SP03a). The pattern opens with the capital itself so that ``re`` skips to capitals in C;
# the look-behind, two characters wide to reach back past that capital, is "no word character or hyphen before it".
_ID_TOKEN = re.compile(r"[A-Z](?<![\w-][A-Z])[A-Z]*[-_]?\d+[A-Za-z]?(?![\w-])")


def id_shape(code: str) -> str:
    """What an ID code looks like, its capitals kept: PAR-311 -> PAR-9, SP03a -> SP9a, DP77 -> DP9."""
    return re.sub(r"(?<=9)[A-Za-z]$", "a", _DIGITS.sub("9", code))


@dataclass
class BuildResult:
    out: Path
    graph: Graph
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return self.graph.problems


def _link_files(collection: Collection, graph: Graph) -> None:
    """The listing says who and what is in each file: ``appears-in`` edges, unknown IDs reported."""
    listing = collection.tables.get("listing")
    for rel, data_file in sorted(collection.files.items()):
        graph.files[rel] = data_file
        graph.add_entity(Entity(rel, "file", rel))
        for code in data_file.ids:
            if code in graph.entities:
                graph.relate("appears-in", code, rel, origin="listing")
            elif not collection.unusable & {"participants", "services"}:  # else the table's own problem says why
                where = f"{listing.path.name if listing else 'listing'}, data row {data_file.listing_row}"
                graph.problem(where, f"ID code {code} is listed for {rel} but no table defines it")


def _ids_in_texts(collection: Collection, graph: Graph, texts: dict[str, str]) -> None:
    """An ID-shaped token in a text that no table defines is reported with its line.

    The shapes are those of the tables' own codes, so "PAR-311" is checked in a
    collection whose codes are PAR-301.., and "COVID-19" or "M62" is not.
    """
    shapes = {id_shape(i) for i in graph.entities if graph.entities[i].kind != "file" and _ID_TOKEN.fullmatch(i)}
    for rel, text in sorted(texts.items()):
        for m in _ID_TOKEN.finditer(text):
            token = m.group()
            if token not in graph.entities and id_shape(token) in shapes:
                graph.problem(f"{rel}, line {text.count(chr(10), 0, m.start()) + 1}", f"ID code {token} appears in a text but no table defines it")


def _country_from_services(graph: Graph, person: Entity, kind: str) -> None:
    """A person the descriptor and listing leave without a country takes their services' one, when they agree."""
    services = sorted({r.target for r in graph.relations_of(kind, source=person.id) if r.current})
    found = {graph.entities[s].get("country"): s for s in services if graph.entities[s].get("country")}
    if len(found) == 1:
        country, service = next(iter(found.items()))
        evidence = graph.entities[service].evidence.get("country", [])
        person.set("country", country, evidence[0] if evidence else None)
    elif len(found) > 1:
        row = next(iter(person.evidence.get("role", [])), None)
        where = f"{row.file}, line {row.line_start} (data row {row.row})" if row else person.id
        graph.problem(where, f"{person.id} has no country of its own and its services are in {' and '.join(sorted(found))}: left unknown")


def _partner_in_treatment(graph: Graph) -> None:
    """A partner who is a parent participant is in treatment (that is how parents were recruited); a partner
    whose own use is known (a family member's "has never used") says it for the other."""
    for relation in graph.relations_of("partner"):
        for one, other in ((relation.source, relation.target), (relation.target, relation.source)):
            person, partner = graph.entities[one], graph.entities[other]
            if person.kind not in ("parent", "family-member") or person.get("partner_in_treatment") is not None:
                continue
            value = True if partner.kind == "parent" else partner.get("in_treatment")
            if value is not None:
                person.set("partner_in_treatment", value, relation.evidence[0] if relation.evidence else None)


def _finish(graph: Graph) -> None:
    """Fill what follows from other facts: a person's country from their services, a partner's treatment from the partner."""
    for person in graph.of_kind("professional", "parent", "family-member"):
        if person.get("country") is None:
            _country_from_services(graph, person, "works-at" if person.kind == "professional" else "engages-with")
    _partner_in_treatment(graph)


def read_texts(collection: Collection, progress: Progress | None = None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for rel in sorted(collection.files):
        if progress:
            progress(rel)
        text = collection.read_text(rel)
        if text is not None:
            texts[rel] = text
    return texts


def build_graph(collection_path: Path, progress: Progress | None = None) -> Graph:
    """Read a collection and extract its graph (no output written), with its mapping.toml's words added to the data."""
    return build_graph_with_texts(collection_path, progress)[0]


def build_graph_with_texts(collection_path: Path, progress: Progress | None = None) -> tuple[Graph, dict[str, RedactedText]]:
    """:func:`build_graph`, and the texts it read with their identifiers redacted (what ``texts.json`` holds)."""
    from graphkit.redaction import redact_graph, redact_text

    additions, problems = read_additions(Path(collection_path))
    with collection_data(additions):
        graph, texts = _extract(Path(collection_path), progress)
    graph.problems[:0] = problems
    redacted = {rel: redact_text(text) for rel, text in texts.items()}
    redact_graph(graph, texts, redacted)  # last: every problem, the mapping's included, may quote a cell
    return graph, redacted


def _extract(collection_path: Path, progress: Progress | None) -> tuple[Graph, dict[str, str]]:
    from graphkit.extract.texts import extract_texts
    from graphkit.study import attach_profile

    collection = read_collection(collection_path)
    graph = Graph()
    build_registry(collection, graph)
    _link_files(collection, graph)
    texts = read_texts(collection, progress)
    _ids_in_texts(collection, graph, texts)
    extract_texts(collection, graph, texts)
    _finish(graph)
    attach_profile(graph)
    graph.problems[:0] = collection.problems
    graph.problems = sorted(set(graph.problems), key=graph.problems.index)
    return graph, texts


def write_outputs(graph: Graph, out: Path, texts: dict[str, RedactedText] | None = None) -> dict[str, Path]:
    """Write every output; SHACL violations found on the way join the graph's problems.

    ``texts`` (redacted, see :func:`build_graph_with_texts`) go into ``texts.json`` for exports that quote whole sources."""
    from graphkit.projections.property_graph import write_graphml
    from graphkit.projections.rdf import to_triples
    from graphkit.stores.jsonld import write_linked_data
    from graphkit.stores.neo4j_csv import write_neo4j_folder
    from graphkit.stores.oxigraph import write_store
    from graphkit.validate import validate
    from graphkit.views import write_views

    out.mkdir(parents=True, exist_ok=True)
    triples = to_triples(graph)
    outputs = write_linked_data(triples, out)
    outputs["graphml"] = out / "graph.graphml"
    write_graphml(graph, outputs["graphml"])
    outputs["store"] = write_store(triples, out)
    write_neo4j_folder(graph, out)
    outputs["neo4j"] = out / "neo4j"
    report = validate(triples)
    outputs["validation"] = out / "validation.json"
    write_text_atomic(outputs["validation"], report.to_json())
    for problem in report.as_problems():
        graph.problem(problem.where, problem.what, problem.severity)
    outputs.update(write_views(graph, out))
    outputs["problems"] = out / "problems.json"
    problems = [{"where": p.where, "what": p.what, "severity": p.severity} for p in graph.problems]
    write_text_atomic(outputs["problems"], json.dumps(problems, indent=2, ensure_ascii=False) + "\n")
    if texts is not None:
        outputs["texts"] = write_source_texts(texts, out)
    return outputs


def build(collection_path: Path, out: Path, *, strict: bool = False, progress: Progress | None = None) -> BuildResult:
    """Build every output of a collection into ``out``; ``strict`` fails when problems were found."""
    graph, texts = build_graph_with_texts(collection_path, progress)
    result = BuildResult(Path(out), graph)
    result.outputs = write_outputs(graph, Path(out), texts)
    if strict and graph.problems:
        raise StrictModeError(f"{len(graph.problems)} problem(s) found in the collection (see {result.outputs['problems']})")
    return result
