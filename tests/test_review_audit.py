"""Issue 14: reasons to doubt a fact, answers from reviewed facts alone, the summary, the reconcile report's
figures that rest on unreviewed facts, and the extraction cache (byte-identical, refuses a planted pickle)."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.pipeline import build
from graphkit.questions import answer, load_question
from graphkit.reconcile import reconcile
from graphkit.review.cache import FILE, FOLDER
from graphkit.review.decisions import Decision, FactRef, decisions_path, fact_ref, write_decisions
from graphkit.review.reviewed import answer_reviewed

ELLIE = FactRef("contact", "DP01", "DP01-C1", "regular-contact", "parent_family/DP01_Interview1.txt",
                "I see her every day though, I go round after her tea and do her bath.")


@pytest.fixture(scope="module")
def reviewed(devset: Path, tmp_path_factory):
    """The devset with two decisions: Poppy's coparenting accepted, Ellie's contact added."""
    root = tmp_path_factory.mktemp("reviewed")
    collection = Path(shutil.copytree(devset, root / "collection"))
    first = build(collection, root / "first")
    poppy = next(r for r in first.graph.relations_of("contact", source="DP05", target="DP05-C2")
                 if r.current and r.attrs["arrangement"] == "coparenting")
    write_decisions(decisions_path(collection), [Decision("accept", fact_ref(poppy), "AB", "2026-12-07T21:00:00Z"),
                                                 Decision("add", ELLIE, "AB", "2026-12-07T21:01:00Z")])
    return collection, build(collection, root / "out")


def _doubts(result, kind: str, source: str, target: str) -> list[str]:
    found = [r for r in result.graph.relations_of(kind, source=source, target=target) if r.current]
    return [d for r in found for d in r.doubts]


def test_doubtful_facts_say_why(reviewed) -> None:
    _, result = reviewed
    assert any("negation" in d and "wasn't" in d for d in _doubts(result, "contact", "DP05", "DP05-C2"))
    assert any("short form 'Thistle'" in d for d in _doubts(result, "engages-with", "DP04", "DS4"))
    assert any("descriptor text left unexplained" in d for d in _doubts(result, "care", "DP05-C1", "DP05"))
    assert _doubts(result, "care", "DP04-C2", "DP04") == []  # "he's at home wi' me": nothing to doubt
    # a no-contact fact is said by a negation: that is no reason to doubt it
    assert not [d for d in _doubts(result, "contact", "DP05", "DP05-C1") if "negation" in d]


def test_reviewed_only_answers_from_signed_off_facts(reviewed) -> None:
    _, result = reviewed
    rows = answer_reviewed(load_question("contact"), result.out)[1]
    assert [(r["parent_id"], r["child_id"], r["arrangement"]) for r in rows] == [
        ("DP01", "DP01-C1", "regular-contact"), ("DP05", "DP05-C2", "coparenting")]
    assert len(answer(load_question("contact"), result.out)[1]) > len(rows)
    printed = CliRunner().invoke(cli, ["query", "contact", "--graph", str(result.out), "--reviewed-only", "--format", "csv"])
    assert printed.exit_code == 0, printed.output
    assert printed.output.splitlines()[1:] == ["DP01,DP01-C1,Ellie,regular-contact,1", "DP05,DP05-C2,Poppy,coparenting,4"]


def test_summary_and_reconcile_name_what_is_unreviewed(reviewed) -> None:
    _, result = reviewed
    printed = CliRunner().invoke(cli, ["review", str(result.out), "--summary"])
    assert printed.exit_code == 0, printed.output
    rows = {line.split()[0]: line.split()[1:] for line in printed.output.splitlines()[1:]}
    assert rows["contact"] == ["7", "1", "0", "0", "1"]  # unreviewed accepted rejected corrected manual
    figures = {r["measure"]: r for r in reconcile(result.out)}
    # Poppy's accepted coparenting and Ellie's added contact are reviewed; the other figures rest on unreviewed facts.
    assert figures["children-0-16-with-mother"]["unreviewed"] is True
    assert any(r["unreviewed"] is False for r in figures.values())


def test_the_cached_rebuild_is_byte_identical_and_a_planted_pickle_is_refused(reviewed, tmp_path: Path) -> None:
    collection, result = reviewed
    cached = build(collection, result.out)  # the cache of the fixture's build: no extraction
    fresh = build(collection, tmp_path / "fresh")
    for name in ("graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml", "network.html", "problems.json"):
        assert (cached.out / name).read_bytes() == (fresh.out / name).read_bytes(), name
    lists = [json.loads((out / "review.json").read_text(encoding="utf-8")) for out in (cached.out, fresh.out)]
    assert lists[0]["collection"] == "../collection" and lists[1]["collection"] != lists[0]["collection"]
    assert [{k: v for k, v in x.items() if k not in ("collection", "decisions")} for x in lists][0] == \
        {k: v for k, v in lists[1].items() if k not in ("collection", "decisions")}

    class Planted:
        def __reduce__(self):
            return (Path.touch, (tmp_path / "pwned",))

    cache = fresh.out / FOLDER / FILE
    key = cache.read_bytes().split(b"\n", 1)[0]
    cache.write_bytes(key + b"\n" + pickle.dumps(Planted()))
    again = build(collection, fresh.out)
    assert not (tmp_path / "pwned").exists()  # refused, extracted again
    assert (again.out / "graph.nt").read_bytes() == (fresh.out / "graph.nt").read_bytes()
    assert cache.read_bytes() != key + b"\n" + pickle.dumps(Planted())
