"""The main job: collection -> model -> every output in ``<out>``.

``build_graph`` is the pure part (read and extract); ``build`` writes the
outputs into a fresh folder beside ``<out>`` and swaps it in whole, so a
killed build leaves the previous outputs, never a mix of two builds.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from graphkit.data import collection_data
from graphkit.errors import GraphFolderError, StrictModeError
from graphkit.extract.registry import build_registry
from graphkit.model import Entity, Graph, Problem
from graphkit.readers.collection import Collection, read_collection
from graphkit.readers.mapping import read_additions
from graphkit.redaction import RedactedText
from graphkit.stores.files import MANIFEST, stage_folder, swap_in, write_text_atomic
from graphkit.stores.source_texts import TEXTS_FILE, texts_digest, write_source_texts

if TYPE_CHECKING:
    from graphkit.stores.memo import Memo

#: progress(stage, done, total): what the build is doing, and how far (total 0: no count)
Progress = Callable[[str, int, int], None]
#: What other commands write into a build folder (`graphkit reconcile`, `graphkit export`): a rebuild removes them.
DERIVED_OUTPUTS = frozenset({"reconcile.md", "neo4j-import"})
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
    kept: list[str] = field(default_factory=list)  # entries of <out> graphkit did not write, left as they were

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
    _drop_unsaid_kinship(graph)


def _drop_unsaid_kinship(graph: Graph) -> None:
    """A family member's descriptor that names a parent's code without a kin word ("took part in an interview
    with P7") ties them for the texts to read; if no text then says how they are kin, the tie is no output."""
    for rel_id in [i for i, r in graph.relations.items() if r.kind == "relative-of" and not r.evidence]:
        del graph.relations[rel_id]


def read_texts(collection: Collection, progress: Progress | None = None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for done, rel in enumerate(sorted(collection.files)):
        if progress:
            progress("reading files", done, len(collection.files))
        text = collection.read_text(rel)
        if text is not None:
            texts[rel] = text
    return texts


def build_graph(collection_path: Path, progress: Progress | None = None) -> Graph:
    """Read a collection and extract its graph (no output written), with its mapping.toml's words added to the data."""
    return build_graph_with_texts(collection_path, progress)[0]


def build_graph_with_texts(collection_path: Path, progress: Progress | None = None) -> tuple[Graph, dict[str, RedactedText]]:
    """:func:`build_graph`, and the texts it read with their identifiers redacted (what ``texts.json`` holds)."""
    from graphkit.redaction import redact_graph, redact_texts

    additions, problems = read_additions(Path(collection_path))
    with collection_data(additions):
        graph, texts = _extract(Path(collection_path), progress)
    graph.problems[:0] = problems
    redacted = redact_texts(graph, texts)
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
    if progress:
        progress(f"extracting people and relations from {len(texts)} texts", 0, 0)
    extract_texts(collection, graph, texts)
    _finish(graph)
    attach_profile(graph)
    graph.problems[:0] = collection.problems
    graph.problems = list(dict.fromkeys(graph.problems))  # the first of each, in order
    return graph, texts


def _memo(previous: Path, out: Path, name: str) -> "Memo":
    """The memo of one output: read from ``<previous>/cache``, kept in ``<out>/cache``, under graphkit's code,
    the shipped context and the version of Oxigraph (which writes the N-Triples and Turtle)."""
    import hashlib

    import pyoxigraph

    from graphkit.ontology import text
    from graphkit.review.cache import code_fingerprint
    from graphkit.stores.memo import Memo

    key = hashlib.sha256(f"{code_fingerprint()}\0{pyoxigraph.__version__}\0{text('context.jsonld')}".encode()).hexdigest()
    return Memo(previous, out, name, key)


def write_outputs(graph: Graph, out: Path, progress: Progress | None = None, *,
                  reuse_from: Path | None = None, texts: dict[str, RedactedText] | None = None) -> dict[str, Path]:
    """Write every output into ``out``; SHACL violations found on the way join the graph's problems. With
    ``reuse_from`` (the folder of the build before, perhaps ``out`` itself), the parts of the outputs whose
    inputs did not change are taken from its ``cache`` (the bytes written are the same either way), and
    ``<out>/cache`` keeps them for the next build. ``texts`` (redacted, see :func:`build_graph_with_texts`)
    go into ``texts.json`` for exports that quote whole sources."""
    from pyoxigraph import RdfFormat, serialize

    from graphkit.projections.property_graph import write_graphml
    from graphkit.projections.rdf import ntriples_lines, to_triples
    from graphkit.stores.jsonld import write_linked_data, write_linked_data_memo
    from graphkit.stores.memo import link_or_write
    from graphkit.stores.neo4j_csv import write_neo4j_folder
    from graphkit.stores.oxigraph import write_store
    from graphkit.validate import validate_ntriples
    from graphkit.views import write_views

    def step(stage: str, done: int) -> None:
        if progress:
            progress(stage, done, 6)

    out.mkdir(parents=True, exist_ok=True)
    names = ("rdf", "turtle", "jsonld", "neo4j", "validation", "views", "files")
    memos = {name: _memo(reuse_from, out, name) for name in names} if reuse_from else {}
    step("writing RDF (Turtle, N-Triples, JSON-LD)", 0)
    if reuse_from is not None:
        outputs, ntriples = write_linked_data_memo(ntriples_lines(graph, memos["rdf"]), out, memos["turtle"], memos["jsonld"])
    else:
        triples = to_triples(graph)
        ntriples = serialize(triples, format=RdfFormat.N_TRIPLES)
        outputs = write_linked_data(triples, out, ntriples=ntriples)
    step("writing GraphML", 1)
    outputs["graphml"] = out / "graph.graphml"
    write_graphml(graph, outputs["graphml"])
    step("writing the Oxigraph store", 2)
    outputs["store"] = write_store([], out, ntriples=ntriples, previous=reuse_from, ntriples_file=outputs["ntriples"])
    step("writing the Neo4j rows", 3)
    write_neo4j_folder(graph, out, memos.get("neo4j"))
    outputs["neo4j"] = out / "neo4j"
    lines = ntriples.count(b"\n")
    step(f"validating {lines} triples against the SHACL shapes", 4)
    report = validate_ntriples(ntriples, memos.get("validation"), outputs["store"], outputs["ntriples"])
    outputs["validation"] = out / "validation.json"
    write_text_atomic(outputs["validation"], report.to_json())
    for problem in report.as_problems():
        graph.problem(problem.where, problem.what, problem.severity)
    step("writing the network page and the ecomaps", 5)
    outputs.update(write_views(graph, out, memo=memos.get("views")))
    outputs["problems"] = out / "problems.json"
    problems = [{"where": p.where, "what": p.what, "severity": p.severity} for p in graph.problems]
    write_text_atomic(outputs["problems"], json.dumps(problems, indent=2, ensure_ascii=False) + "\n")
    if texts is not None:
        outputs["texts"] = out / TEXTS_FILE
        link_or_write(memos.get("files"), outputs["texts"], lambda: texts_digest(texts), lambda: write_source_texts(texts, out))
    for memo in memos.values():  # last: a build that failed on the way leaves the memos of the one before
        memo.save()
    step("written", 6)
    return outputs


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """The objects alive now (the model, its texts, graphkit's code) are left out of the garbage collector's
    passes until the block ends: they outlive the writing, and one full pass over them cost a rebuild of the
    sample 0.05 s CPU (0.008 s frozen). Any of them that became garbage is collected afterwards. A caller
    that froze the heap itself keeps it as it was."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_build(graph: Graph, out: Path, progress: Progress | None = None,
                more: Callable[[Path], dict[str, Path]] | None = None,
                texts: dict[str, RedactedText] | None = None) -> tuple[dict[str, Path], list[str]]:
    """Write every output (and what ``more`` writes into the folder it is given) into a fresh folder beside
    ``out`` and swap it in whole.

    Returns the outputs by name (inside ``out``) and the entries of the old
    ``out`` that graphkit did not write, which are kept as they were."""
    target = Path(os.path.realpath(out))
    if target.exists() and not target.is_dir():
        raise GraphFolderError(f"{out}: not a folder")
    if Path(os.path.realpath(os.getcwd())).is_relative_to(target):
        # the swap would leave the shell that started the build in a deleted folder
        raise GraphFolderError(f"--out {out} is the folder you are in; the build replaces it whole: run it from outside")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = stage_folder(target, set(DERIVED_OUTPUTS))
    except OSError as exc:
        raise GraphFolderError(f"cannot write the build beside {out}: {exc.strerror or exc}") from exc
    try:
        with _heap_frozen():
            written = write_outputs(graph, fresh, progress, reuse_from=target, texts=texts)
            if more is not None:
                written.update(more(fresh))
            kept = swap_in(fresh, target, set(DERIVED_OUTPUTS))
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    outputs = {name: Path(out) / path.relative_to(fresh) for name, path in written.items()}
    outputs["manifest"] = Path(out) / MANIFEST
    return outputs, kept


def _refuse_inside(collection_path: Path, out: Path) -> None:
    collection, target = Path(os.path.realpath(collection_path)), Path(os.path.realpath(out))
    if target == collection or target.is_relative_to(collection):
        raise GraphFolderError(f"--out {out} is inside the collection {collection_path}: choose a folder outside it")


def build(collection_path: Path, out: Path, *, strict: bool = False, progress: Progress | None = None,
          decisions: Path | None = None) -> BuildResult:
    """Build every output of a collection into ``out``, its review decisions (in the collection, or the
    folder ``decisions``) applied first; ``strict`` fails when problems were found."""
    from graphkit.review import apply_review, extract_for_review, write_review
    from graphkit.review.cache import write_cache

    _refuse_inside(collection_path, out)
    cached = extract_for_review(collection_path, out, lambda: build_graph_with_texts(collection_path, progress))
    graph = cached.graph
    applied = apply_review(graph, collection_path, decisions)
    result = BuildResult(Path(out), graph)
    result.outputs, result.kept = write_build(
        graph, Path(out), progress,
        lambda folder: {**write_review(graph, applied, collection_path, folder), **write_cache(folder, cached)},
        cached.texts)
    if strict and graph.problems:
        raise StrictModeError(f"{len(graph.problems)} problem(s) found in the collection (see {result.outputs['problems']})")
    return result
