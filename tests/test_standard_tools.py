"""The outputs as tools nobody here wrote read them: Apache Jena riot parses every RDF file without a
warning and reads the JSON-LD as the very triples of the N-Triples; Jena SHACL and TopBraid SHACL run the
shipped shapes and report what graphkit reports (same results, same ``conforms``). The tools come from
Maven Central (``tests/maven_tools.py``); where CI is set, a missing JDK or Maven fails these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse, serialize

from graphkit.ontology import text
from graphkit.validate import Report, validate
from maven_tools import run

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ID = "https://w3id.org/graphkit/id/"


def _riot(*args: str) -> tuple[str, str]:
    done = run("jena", "riotcmd.riot", *args)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, done.stderr


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld"])
def test_riot_reads_each_rdf_output_without_a_warning(devset_build, name: str) -> None:
    _, log = _riot("--validate", "--strict", str(devset_build.out / name))
    assert not [line for line in log.splitlines() if " WARN " in line or " ERROR " in line], log


@pytest.mark.parametrize("name", ["graphkit.ttl", "shapes.ttl", "schemes.ttl"])
def test_riot_reads_the_shipped_ontology_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(text(name), encoding="utf-8")
    _, log = _riot("--validate", "--strict", str(path))
    assert not [line for line in log.splitlines() if " WARN " in line or " ERROR " in line], log


def test_riot_reads_the_jsonld_as_the_triples_of_the_ntriples(devset_build) -> None:
    out, _ = _riot("--output=nt", str(devset_build.out / "graph.jsonld"))
    from_jena = {q.triple for q in parse(out, format=RdfFormat.N_TRIPLES)}
    ours = {q.triple for q in parse(path=str(devset_build.out / "graph.nt"), format=RdfFormat.N_TRIPLES)}
    assert not any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) for t in ours)
    assert from_jena == ours, (len(from_jena - ours), len(ours - from_jena))


def _report(turtle: str) -> tuple[bool, set[tuple[str, str, str | None]]]:
    """``sh:conforms`` and the (severity, focus, path) of each result of a SHACL validation report."""
    quads = [q.triple for q in parse(turtle, format=RdfFormat.TURTLE)]
    values: dict[tuple[object, str], object] = {(t.subject, t.predicate.value): t.object for t in quads}
    conforms = [t.object for t in quads if t.predicate.value == SH + "conforms"]
    assert len(conforms) == 1, turtle[-2000:]
    results = set()
    for t in quads:
        if t.predicate.value == RDF_TYPE and t.object == NamedNode(SH + "ValidationResult"):
            path = values.get((t.subject, SH + "resultPath"))
            results.add((values[(t.subject, SH + "resultSeverity")].value.rsplit("#", 1)[-1],
                         values[(t.subject, SH + "focusNode")].value,
                         path.value if isinstance(path, NamedNode) else None))
    assert isinstance(conforms[0], Literal)
    return conforms[0].value == "true", results


def _ours(report: Report) -> tuple[bool, set[tuple[str, str, str | None]]]:
    return report.conforms, {(r.severity, r.focus, r.path) for r in report.results}


#: tool -> (main class, arguments given the data and shapes paths)
ENGINES = {
    "jena": ("shacl.shacl", lambda data, shapes: ["validate", "--shapes", shapes, "--data", data]),
    "topbraid": ("org.topbraid.shacl.tools.Validate", lambda data, shapes: ["-datafile", data, "-shapesfile", shapes]),
}


def _broken(devset_build, tmp_path: Path) -> tuple[Path, str]:
    """The devset graph with a data file typed a person and a participant from a country outside the list;
    and that data file's IRI."""
    triples = [q.triple for q in parse(path=str(devset_build.out / "graph.nt"), format=RdfFormat.N_TRIPLES)]
    data_file = next(t.subject for t in triples if t.predicate.value == RDF_TYPE
                     and t.object.value == "http://rdf-vocabulary.ddialliance.org/discovery#DataFile")
    extra = (f"<{data_file.value}> <{RDF_TYPE}> <http://xmlns.com/foaf/0.1/Person> .\n"
             f'<{ID}person/DP01> <https://w3id.org/graphkit/ontology#country> "Wales" .\n')
    path = tmp_path / "broken.nt"
    path.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES) + extra.encode())
    return path, data_file.value


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("graph", ["devset", "broken"])
def test_a_standard_shacl_engine_reports_what_graphkit_reports(devset_build, tmp_path: Path, engine: str,
                                                             graph: str) -> None:
    data, person_file = (devset_build.out / "graph.nt", None) if graph == "devset" else _broken(devset_build, tmp_path)
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(text("shapes.ttl"), encoding="utf-8")
    main_class, arguments = ENGINES[engine]
    done = run(engine, main_class, *arguments(str(data), str(shapes)))
    assert done.returncode in (0, 1) and done.stdout, done.stderr[-3000:]  # TopBraid exits 1 on a report that does not conform
    theirs, ours = _report(done.stdout), _ours(validate(data))
    assert theirs == ours, (theirs[1] - ours[1], ours[1] - theirs[1])
    if person_file is not None:
        assert theirs[0] is False and ("Violation", person_file, None) in theirs[1]
