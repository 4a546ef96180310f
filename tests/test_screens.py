"""Word screens (graphkit.extract.screens) only ever save time: a text they turn away holds no match.

A screen that wrongly turned a sentence away would drop a fact without a
trace, so soundness is tested on every screened pattern the extractors build,
over the devset's sentences, mutated copies of them, and texts made of each
pattern's own words.
"""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.extract.screens import DIGIT, Gate, Screened, options, screened, words_of


@pytest.fixture(scope="module")
def made(devset_build) -> list[Screened]:
    """Every screen alive after a devset build, one per distinct pattern."""
    unique = {(o.pattern.pattern, o.pattern.flags): o for o in gc.get_objects() if isinstance(o, Screened)}
    return [unique[k] for k in sorted(unique)]


@pytest.fixture(scope="module")
def gates(devset_build) -> list[Gate]:
    return [o for o in gc.get_objects() if isinstance(o, Gate)]


@pytest.fixture(scope="module")
def sentences(devset) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(devset.rglob("*.txt"))]
    return [s.strip() for text in texts for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _pool(screen: Screened) -> list[str]:
    words = {w for w in screen.keys if w != DIGIT}
    words |= {w for rests in (screen.rest or {}).values() for option in rests for need in option for w in need if w != DIGIT}
    return sorted(words)


def test_the_extractors_build_screens(made, gates):
    assert len(made) >= 20 and len(gates) >= 3
    assert sum(m.rest is not None for m in made) >= 15  # most patterns are screened at all


def test_no_devset_sentence_with_a_match_is_turned_away(made, sentences):
    for screen in made:
        for text in sentences:
            if screen.pattern.search(text):
                assert screen.admits(words_of(text)), (screen.pattern.pattern[:80], text)


_NOISE = ["my", "the", "his", "her", "with", "no", "not", "Ann", "12", "’s", "'s", "-", ",", ".", "(", ")", "É", "ı", "K", "\n"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_text_of_a_patterns_own_words_is_never_turned_away_when_it_matches(made, data):
    screen = data.draw(st.sampled_from([m for m in made if m.rest]))
    # the words of one option, in some order, among noise: texts that often match
    key = data.draw(st.sampled_from(sorted(screen.rest)))
    option = data.draw(st.sampled_from(screen.rest[key]))
    words = [key] + [data.draw(st.sampled_from(sorted(need))) for need in option]
    words = data.draw(st.permutations(words)) + data.draw(st.lists(st.sampled_from(_NOISE + _pool(screen)), max_size=4))
    words = [w for w in words if w != DIGIT] + (["7"] if DIGIT in words else [])
    seps = data.draw(st.lists(st.sampled_from([" ", "", "-", "'", ", "]), min_size=len(words), max_size=len(words)))
    text = "".join((w.upper() if data.draw(st.booleans()) else w) + s for w, s in zip(words, seps))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if screen.pattern.search(text, start, end):
        assert screen.admits(words_of(text[start:end])), (screen.pattern.pattern[:80], text[start:end])


def test_a_phrase_needs_its_words():
    screen = screened(r"(?<![\w-])(?:no contact|supervised)(?![\w])", re.IGNORECASE)
    assert options(screen.pattern.pattern, screen.pattern.flags)
    assert not screen.admits(words_of("We see them every week."))
    assert screen.admits(words_of("There is NO contact now."))
    assert screen.admits(words_of("Visits are supervised."))
    assert list(screen.finditer("We see them every week.", words=words_of("We see them every week."))) == []


def test_a_word_inside_a_longer_word_is_not_a_word_of_the_text():
    screen = screened(r"(?<![\w-])nan(?![\w])", re.IGNORECASE)
    assert not screen.admits(words_of("the nanny came"))
    assert screen.admits(words_of("my nan came"))


@pytest.mark.parametrize("text", ["İstanbul nan", "ſome text", "KELVIN K sign"])
def test_a_text_whose_case_lower_cannot_read_is_not_screened(text):
    if any(not c.isascii() and c.lower() != c.upper() for c in text):
        assert words_of(text) is None
    assert screened(r"nan", re.IGNORECASE).admits(words_of(text))


def test_a_pattern_with_nothing_to_go_on_is_never_screened():
    for pattern, flags in ((r"\w+", 0), (r"nan", re.ASCII), (r"(", 0)):
        assert options(pattern, flags) == ((),)
    assert screened(r"\w+").admits(words_of("anything at all"))


def test_a_gate_admits_what_any_member_would():
    contact = screened(r"(?<![\w-])(?:no contact|supervised)(?![\w])", re.IGNORECASE)
    nan = screened(r"(?<![\w-])nan(?![\w])", re.IGNORECASE)
    gate = Gate([contact, nan])
    assert gate.admits(words_of("my nan"))
    assert gate.admits(words_of("supervised visits"))
    assert not gate.admits(words_of("we went to the park"))
    assert Gate([contact, screened(r"\w+")]).admits(words_of("we went to the park"))  # an unscreened member opens it
