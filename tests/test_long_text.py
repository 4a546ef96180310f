"""Long and repetitive texts (issue 16, item 8): a sentence with no full stop is read in parts and reported.

How long extraction takes against text length is measured in bench/linearity.py, not here (no timed asserts);
these tests hold what the measures rest on: the parts a long sentence is cut into, the located problem, and
that a repeated phrase still gives one relation with one passage per sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit.extract.speakers import MAX_SENTENCE_CHARS, sentences
from graphkit.model import Evidence, Graph, Problem, Relation
from graphkit.pipeline import build_graph

PHRASE = "Brooke lives with Dorothy and Terry lives with his grandmother, and she sees him every week"


def _collection(root: Path, body: str) -> Path:
    root.mkdir()
    (root / "participants.csv").write_text(
        'ID code,Pseudonym,Participant type,Descriptor\n'
        'SP01,Dorothy,Mother,"Mother, Scotland, 30s. Children: daughter Brooke (4) lives with Dorothy; '
        'son Terry (11) lives with his grandmother."\n', encoding="utf-8")
    (root / "services.csv").write_text("ID code,Service name,Country\nSS01,Thistle Recovery,Scotland\n", encoding="utf-8")
    (root / "Study_metadata.csv").write_text(
        "File name,Data set,Data type,ID codes,Date,Country,Descriptor\n"
        "SP01_Interview1.txt,Parent/Family,Interview,SP01,2021-05-04,Scotland,Interview with a mother.\n", encoding="utf-8")
    (root / "SP01_Interview1.txt").write_text(f"INT: Tell me about the children.\n{body}", encoding="utf-8")
    return root


def test_a_run_on_sentence_is_cut_at_spaces_into_parts_no_longer_than_the_cap() -> None:
    text = "SP01: " + " and ".join([PHRASE] * 100) + "."
    cut: list[int] = []
    found = sentences(text, 0, len(text), cut)
    assert cut == [0]
    assert len(found) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and text[s.start : s.end] == s.text for s in found)
    assert all(text[s.end] == " " for s in found[:-1])  # a word is never split
    # together the parts hold every word of the sentence, in order
    assert " ".join(s.text for s in found).split() == text.split()


def test_a_short_sentence_is_not_cut() -> None:
    text = f"{PHRASE}. {PHRASE}."
    cut: list[int] = []
    assert [s.text for s in sentences(text, 0, len(text), cut)] == [f"{PHRASE}.", f"{PHRASE}."]
    assert cut == []


def test_a_cut_sentence_is_a_located_problem_and_the_text_is_still_read(tmp_path: Path) -> None:
    run_on = " and ".join([PHRASE] * 60)  # ~5,500 characters, no full stop
    graph = build_graph(_collection(tmp_path / "c", f"SP01: Fine.\nSP01: {run_on}\n"))
    cut = [p for p in graph.problems if "longer than" in p.what]
    assert [(p.where, p.what) for p in cut] == [
        ("SP01_Interview1.txt, line 3",
         f"a sentence is longer than {MAX_SENTENCE_CHARS} characters: read in parts cut at a space, "
         "so a fact said across a cut is not read")]
    parts = {ev for r in graph.relations.values() for ev in r.evidence if ev.file == "SP01_Interview1.txt"}
    assert len(parts) > 2  # facts come from every part, not only the first
    assert all(ev.line_start == 3 and len(ev.quote) <= MAX_SENTENCE_CHARS for ev in parts)


def test_a_repeated_sentence_gives_one_relation_with_one_passage_per_sentence(tmp_path: Path) -> None:
    graph = build_graph(_collection(tmp_path / "c", "SP01: " + " ".join([f"{PHRASE}."] * 300) + "\n"))
    kinship = [r for r in graph.relations.values() if r.kind == "care" and r.attrs.get("arrangement") == "kinship-care"]
    assert len(kinship) == 1
    text_passages = [ev for ev in kinship[0].evidence if ev.file == "SP01_Interview1.txt"]
    assert len(text_passages) == 300 == len(set(text_passages))


def test_add_evidence_keeps_one_of_each_after_the_list_is_replaced() -> None:
    first, second = (Evidence("a.txt", i, i + 1, "x", 1, 1) for i in (0, 1))
    relation = Relation("care", "C1", "P1")
    relation.add_evidence(first)
    relation.add_evidence(first)
    assert relation.evidence == [first]
    relation.evidence = [second]  # as redaction does: a new list, not the one indexed
    relation.add_evidence(first)
    relation.add_evidence(second)
    assert relation.evidence == [second, first]


def test_a_problem_is_kept_once_even_after_the_list_is_changed_behind_the_graph() -> None:
    graph = Graph()
    graph.problem("a.txt, line 1", "x")
    graph.problem("a.txt, line 1", "x")
    graph.problems[:0] = [Problem("mapping.toml", "y")]  # as build_graph puts the mapping's problems first
    graph.problem("mapping.toml", "y")
    graph.problem("a.txt, line 2", "x")
    assert [str(p) for p in graph.problems] == ["mapping.toml: y", "a.txt, line 1: x", "a.txt, line 2: x"]


@pytest.mark.parametrize("text", [
    "Amber (8) and Tyler (5) live here. We see Amber and Tyler's dad. Amber, Tyler and Rory! Tyler and Amber? and Rory",
    "amber and tyler.amber & TYLER.. Rory, and Amber's. Tyler and Rory and Amber (12)",
    "No list at all. Amber alone. Tyler and",
])
def test_the_last_list_of_names_is_the_one_a_scan_of_the_text_so_far_finds(text: str) -> None:
    from graphkit.extract.subjects import _JOINED, _last_list

    names = ["Amber", "Tyler", "Rory"]
    name = "|".join(names)
    pattern = rf"\b(?:{name})\b(?:{_JOINED.pattern}\b(?:{name})\b)+(?!['’]s)"
    for upto in range(len(text) + 1):
        scanned = list(re.finditer(pattern, text[:upto], re.IGNORECASE))
        found = _last_list(text, pattern, upto, names)
        assert (found.span(), found.group()) == (scanned[-1].span(), scanned[-1].group()) if scanned else found is None, upto


def test_names_after_a_point_are_those_a_scan_from_the_start_of_the_answer_finds() -> None:
    from graphkit.extract.subjects import _NAME, _names_after

    text = "SP01: Barry's twenty-five.\nKirsteen lives\twith Mary-Jane. Jade is here; Rory-Lee's wee. Barryx lives"
    base = text.index("Barry")
    for end in range(base, len(text) + 1):
        everything = [(base + m.start(), m.group()) for m in _NAME.finditer(text[base:end])]
        for after in range(-1, end):
            found = [(s, n) for s, n in _names_after(text, base, after, end) if s > after]
            assert found == [(s, n) for s, n in everything if s > after], (after, end)
