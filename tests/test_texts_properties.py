"""Property tests: arbitrary text never crashes extraction; every evidence span is its quote."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile

from test_texts_sentences import FILES, TEXTS, registry

BASE = registry()
# Words the rules care about, so generated text reaches them rather than only noise.
WORDS = ["Morag", "Callum", "Ava", "Dougie", "Riverside", "[TP01]", "(TPR3)", "my", "ma", "maw", "nan", "his", "her", "he", "she",
         "I", "I'm", "wi'", "with", "at", "lives", "stays", "foster", "care", "kinship", "adopted", "every", "Sunday", "weekend",
         "supervised", "contact", "never", "not", "if", "used", "to", "partner", "Sharon's", "keyworker", "worker", "from", "home",
         "back", "'s", ",", ".", "?", "\n", "INT:", "MORAG:", "Pauline:", "Speaking generally", "my youngest", "is", "Ellie's", "é", "’"]
sentences = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)


def run(text: str, kind: str = "Interview") -> tuple[dict[str, str], object]:
    graph = copy.deepcopy(BASE)
    files = {"X.txt": DataFile("X.txt", "Parent/Family", kind, "2022-05-05", None, ("TP01", "TPR1"))}
    graph.files.update(files)
    texts = {"X.txt": text}
    extract_text_facts(graph, texts, files)
    return texts, graph


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences, st.sampled_from(["Interview", "Fieldnotes", "Focus group"]))
def test_arbitrary_text_never_crashes_and_spans_are_exact(text: str, kind: str) -> None:
    texts, graph = run(text, kind)
    for rel in graph.relations.values():
        for ev in rel.evidence:
            if ev.row is None:
                assert texts[ev.file][ev.start : ev.end] == ev.quote
                assert ev.line_start <= ev.line_end
    for entity in graph.entities.values():
        for ev in entity.all_evidence():
            if ev.row is None:
                assert texts[ev.file][ev.start : ev.end] == ev.quote


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_unicode_noise_never_crashes(text: str) -> None:
    run(text)


def test_the_written_files_also_hold() -> None:
    graph = copy.deepcopy(BASE)
    extract_text_facts(graph, dict(TEXTS), FILES)
    assert any(r.evidence for r in graph.relations.values())
