"""graphkit.redaction: no direct identifier from the collection reaches an output."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path


from graphkit import pipeline
from graphkit.model import DataFile, Entity, Evidence, Graph
from graphkit.redaction import redact_graph

NHS_SPACED, NHS = "943 476 5919", "9434765919"
POSTCODE = "EH1 1AB"
PHONE = "07700 900123"
EMAIL = "jo.bloggs@example.com"
DOB = "03/05/1961"
RAW = (NHS_SPACED, NHS, POSTCODE, PHONE, EMAIL, DOB)

SENTENCE = "Claire's mum still does the school run two mornings a week"
FIELDNOTE = "parent_family/DP01_Fieldnotes_2021-08-03.txt"
# The e-mail first: the sentence splitter breaks at its full stop, so the evidence
# quote starts inside it ("com, NHS number ...") and only span redaction catches that.
IDENTIFIERS = (
    f"Claire's mum (e-mail {EMAIL}, NHS number {NHS_SPACED}, DOB {DOB}, phone {PHONE}, lives at {POSTCODE})"
    " still does the school run two mornings a week"
)
FRAGMENT = "com, NHS number"


def leaky_collection(devset: Path, root: Path) -> Path:
    """The development collection with identifiers written into a fieldnote sentence
    that becomes evidence, a participant descriptor and a listing descriptor."""
    collection = root / "collection"
    shutil.copytree(devset, collection)
    note = collection / FIELDNOTE
    text = note.read_text(encoding="utf-8")
    assert SENTENCE in text
    note.write_text(text.replace(SENTENCE, IDENTIFIERS), encoding="utf-8")
    participants = collection / "participants.csv"
    rows = participants.read_bytes()
    marker = b"Mother, 30s, England."
    assert marker in rows
    participants.write_bytes(rows.replace(marker, f"Mother, 30s, England, DOB {DOB}, tel {PHONE}.".encode(), 1))
    listing = collection / "Relations_DEV_metadata.csv"
    rows = listing.read_bytes()
    marker = b"Fieldnotes from a home visit;"
    assert marker in rows
    listing.write_bytes(rows.replace(marker, f"Fieldnotes from a home visit at {POSTCODE} ({EMAIL});".encode(), 1))
    return collection


def all_evidence(graph: Graph) -> set[Evidence]:
    return {ev for e in graph.entities.values() for ev in e.all_evidence()} | {
        ev for r in graph.relations.values() for ev in r.evidence
    }


def raw_in(graph: Graph) -> list[str]:
    """Every place in the model a raw identifier still sits."""
    found = []
    for ev in all_evidence(graph):
        found += [f"{ev.file}: {raw}" for raw in RAW if raw in ev.quote]
    for entity in graph.entities.values():
        found += [f"{entity.id}: {raw}" for raw in RAW if raw in f"{entity.label} {entity.attrs}"]
    for data_file in graph.files.values():
        found += [f"{data_file.path}: {raw}" for raw in RAW if raw in str(data_file.descriptor)]
    return found


def assert_outputs_clean(out: Path) -> None:
    from graphkit.stores.oxigraph import open_store, run_select

    checked = 0
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for raw in RAW:
                assert raw.encode() not in data, f"{raw!r} in {path.relative_to(out)}"
            checked += 1
    for name in ("graph.ttl", "graph.nt", "graph.graphml", "problems.json"):
        assert (out / name).is_file()
    assert (out / "store").is_dir() and checked > 4
    # The store's files may be compressed, so ask it as well.
    store = open_store(out)
    _, rows = run_select(store, "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    literals = [str(r["o"]) for r in rows]
    for raw in RAW:
        assert not [v for v in literals if raw in v], raw
    assert any("[NHS number]" in v for v in literals)
    assert any("[email]" in v for v in literals)


def test_redact_graph_unit() -> None:
    graph = Graph()
    ev = Evidence("a.txt", 10, 60, f"call {PHONE} or mail {EMAIL}", 3, 3, speaker="Claire")
    plain = Evidence("a.txt", 70, 80, "nothing here", 4, 4)
    person = graph.add_entity(Entity("DP01", "parent", f"Claire {EMAIL}", {"descriptor": f"DOB {DOB}", "age": 34}))
    person.set("household", "single", ev)
    person.set("country", "England", plain)
    rel = graph.relate("care", "C1", "DP01", ev, arrangement="with-mother", carer=f"nan, NHS no {NHS}")
    graph.problem("a.txt, line 3", f"unreadable date {DOB!r} near DOB")
    count = redact_graph(graph)
    assert count == 5  # quote, label, descriptor, carer, problem
    assert raw_in(graph) == []
    redacted = person.evidence["household"][0]
    assert redacted.quote == "call [phone number] or mail [email]"
    # The ORIGINAL span is kept, so the evidence id (and its IRI) do not change.
    assert (redacted.start, redacted.end, redacted.id, redacted.speaker) == (10, 60, ev.id, "Claire")
    assert person.evidence["country"][0] is plain  # nothing found: left exactly as it was
    assert rel.evidence == [redacted] and rel.attrs["carer"] == "nan, NHS no [NHS number]"
    assert rel.attrs["arrangement"] == "with-mother" and rel.id in graph.relations
    assert person.attrs["age"] == 34 and person.label == "Claire [email]"
    assert "[date of birth]" in graph.problems[0].what
    assert redact_graph(graph) == 0  # idempotent


def test_identifiers_in_a_fieldnote_never_reach_an_output(tmp_path: Path, devset: Path, monkeypatch) -> None:
    collection = leaky_collection(devset, tmp_path)
    # The graph as extracted, before redaction (whether or not build_graph redacts already).
    skip = lambda graph, *texts: 0  # noqa: E731
    monkeypatch.setattr("graphkit.redaction.redact_graph", skip)
    monkeypatch.setattr(pipeline, "redact_graph", skip, raising=False)
    graph = pipeline.build_graph(collection)
    monkeypatch.undo()
    leaked = raw_in(graph)
    assert any(FIELDNOTE in place for place in leaked), "the fieldnote sentence should be evidence before redaction"
    cut = [ev for ev in all_evidence(graph) if ev.file == FIELDNOTE and FRAGMENT in ev.quote]
    assert cut, "expected a quote that starts inside the e-mail address"
    texts = pipeline.read_texts(pipeline.read_collection(collection))
    # one redaction at least for every place an identifier sits (which places depends on the spans facts quote)
    assert redact_graph(graph, texts) >= len({place.split(': ')[0] for place in leaked})
    assert raw_in(graph) == []
    quote = next(ev.quote for ev in all_evidence(graph) if ev.file == FIELDNOTE and "full-time again" in ev.quote)
    assert quote.startswith("[email], NHS number [NHS number], DOB [date of birth], phone [phone number], lives at [postcode])")
    out = tmp_path / "out"
    pipeline.write_outputs(graph, out)
    assert_outputs_clean(out)


def test_build_redacts(tmp_path: Path, devset: Path) -> None:
    """``graphkit build`` itself: needs the one line in pipeline.build_graph (see redaction.py)."""
    collection = leaky_collection(devset, tmp_path)
    result = pipeline.build(collection, tmp_path / "out")
    assert raw_in(result.graph) == []
    assert_outputs_clean(tmp_path / "out")


def test_variants_redacted_by_span_keep_the_original_offsets() -> None:
    """Identifiers written with non-breaking spaces, slashes, "[at]" or in words (issue 16.9):
    the quote is redacted, its offsets still point at the passage in the file."""
    text = (
        "INT: and your details?\n"
        "R: NHS no 943\u00a0476\u00a05919, jo.bloggs [at] example [dot] com, EH1\u00a0\u00a01AB,"
        " 07700\u2013900123, born on the third of May 1985, and I look after the kids.\n"
    )
    start = text.index("NHS no")
    end = text.index(", and I look")
    ev = Evidence("t.txt", start, end, text[start:end], 2, 2)
    graph = Graph()
    person = graph.add_entity(Entity("DP01", "parent", "DP01", {}))
    person.set("household", "single", ev)
    assert redact_graph(graph, {"t.txt": text}) == 1
    done = person.evidence["household"][0]
    assert done.quote == (
        "NHS no [NHS number], [email], [postcode], [phone number], born on [date of birth]"
    )
    assert (done.start, done.end, done.id) == (start, end, ev.id)
    assert text[done.start : done.end] == ev.quote  # the offsets are those of the file


# File names of several shapes (issue 18.14): each holds something a pattern takes for an identifier.
OWN_NAMES = (
    "DP01-01-2021-08-03.txt",  # a hyphenated ID and a date: "01-2021-08-03" is phone-shaped
    "SS-07700-900123_notes.txt",  # a phone-shaped serial
    "DP02_943-476-5919.txt",  # an NHS-shaped serial (valid check digit)
    "DP03 EH1 1AB visit.txt",  # postcode-shaped words and spaces
    "DP04 born 03.05.21.odt",  # a birth word and a date
)


def test_problem_messages_keep_the_collections_own_file_names(tmp_path: Path, devset: Path) -> None:
    collection = tmp_path / "collection"
    shutil.copytree(devset, collection)
    for name in OWN_NAMES[:-1]:
        (collection / "parent_family" / name).write_text("INT: hello\nR: hello.\n", encoding="utf-8")
    # a listed file that is missing: its name reaches a problem through the listing row
    listing = collection / "Relations_DEV_metadata.csv"
    listing.write_text(
        listing.read_text(encoding="utf-8") + f"{OWN_NAMES[-1]},Parent/Family,Interview,DP04,2021-08-03,England,Notes.\n",
        encoding="utf-8",
    )
    graph = pipeline.build_graph(collection)
    messages = "\n".join(f"{p.where}: {p.what}" for p in graph.problems)
    for name in OWN_NAMES:
        assert name in messages, name
    assert "[phone number]" not in messages and "[NHS number]" not in messages and "[postcode]" not in messages
    assert "[date of birth]" not in messages


def test_identifiers_in_a_problem_are_still_redacted_beside_a_file_name() -> None:
    graph = Graph()
    graph.files["parent_family/DP01-01-2021-08-03.txt"] = DataFile("parent_family/DP01-01-2021-08-03.txt")
    graph.problem(
        "parent_family/DP01-01-2021-08-03.txt, line 3",
        f"cell 'tel {PHONE}, DOB {DOB}' in DP01-01-2021-08-03.txt (also /abs/DP01-01-2021-08-03.txt)",
    )
    redact_graph(graph)
    (problem,) = graph.problems
    assert problem.where == "parent_family/DP01-01-2021-08-03.txt, line 3"
    assert problem.what == (
        "cell 'tel [phone number], DOB [date of birth]' in DP01-01-2021-08-03.txt (also /abs/DP01-01-2021-08-03.txt)"
    )


# Names (issue 16.10): the ones the scan is sure of are redacted, pseudonyms never.
NAMES_TEXT = (
    "INT: Who came?\n"
    "R: Mrs Okafor from the school. And Dr. Brennan-Hale. Then Kerry and Zara, and my sister Lucy.\n"
)


def test_names_the_scan_is_sure_of_are_redacted_pseudonyms_are_not() -> None:
    graph = Graph()
    graph.add_entity(Entity("DP01", "parent", "Kerry", {}))
    graph.add_entity(Entity("DP01-C1", "child", "Lucy", {}))
    # a label read from a transcript is not a pseudonym from the tables: it does not shield the name
    from_text = graph.add_entity(Entity("DP01-partner", "person", "Okafor", {}))
    from_text.evidence.setdefault("label", []).append(Evidence("t.txt", 30, 36, "Okafor", 2, 2))
    whole = Evidence("t.txt", NAMES_TEXT.index("Mrs"), NAMES_TEXT.index(".\n"), "", 2, 2)
    whole = dataclasses.replace(whole, quote=NAMES_TEXT[whole.start : whole.end])
    # a quote that starts after the title: only the whole file shows "Mrs" before "Okafor"
    cut = Evidence("t.txt", NAMES_TEXT.index("Okafor"), NAMES_TEXT.index(" from"), "Okafor", 2, 2)
    graph.entities["DP01"].set("household", "single", whole)
    graph.entities["DP01"].set("country", "England", cut)
    graph.problem("t.txt, line 2", "a carer named as Mrs Okafor")
    redact_graph(graph, {"t.txt": NAMES_TEXT})
    assert graph.entities["DP01"].evidence["household"][0].quote == (
        "Mrs [name] from the school. And Dr. [name]. Then Kerry and Zara, and my sister Lucy"
    )  # Zara: a name for review (no title), reported by the scan, not redacted
    assert graph.entities["DP01"].evidence["country"][0].quote == "[name]"
    assert graph.problems[0].what == "a carer named as Mrs [name]"
    assert graph.entities["DP01"].label == "Kerry"


def test_build_redacts_titled_names_but_keeps_pseudonyms(tmp_path: Path, devset: Path) -> None:
    collection = tmp_path / "collection"
    shutil.copytree(devset, collection)
    note = collection / FIELDNOTE
    text = note.read_text(encoding="utf-8")
    titled = SENTENCE.replace("Claire's mum ", "Claire's mum (with Mrs Okonkwo-Reyes) ")
    note.write_text(text.replace(SENTENCE, titled), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build(collection, out)
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Okonkwo" not in ttl and "Mrs [name]" in ttl
    assert "Claire" in ttl  # a pseudonym from the tables
