"""The sample generator: published figures, file counts, determinism, gold shape.

Figures are computed from the generator's own population model, not through
the pipeline, so these tests say whether the sample is right, not whether the
extractor is.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.sample import build_population, write_sample
from graphkit.sample.model import Child, Copy, Parent

CONTACT_WITH_OTHER_PARENT = {"regular-contact", "coparenting"}


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    write_sample(out, seed=0)
    return out


@pytest.fixture(scope="module")
def copy() -> Copy:
    return build_population(seed=0, scale=1)[0]


def _parents(copy: Copy) -> list[Parent]:
    return [p for p in copy.parents if p.role != "family-member"]


def _profile(copy: Copy, state: str = "recruitment") -> dict[str, object]:
    """Every published figure, from the model (``state``: recruitment or final)."""
    parents = _parents(copy)
    fm = [p for p in copy.parents if p.role == "family-member"]
    kids = copy.distinct_children()

    def arr(c: Child) -> str:
        return c.arrangement if state == "recruitment" else c.final()[0]

    young = [c for c in kids if c.age_group == "0-16"]
    single = [p for p in parents if p.household == "single"]
    co = [p for p in single if any(c.arrangement in ("with-father", "with-mother") and c.contact in CONTACT_WITH_OTHER_PARENT
                                   for c in p.children)]
    return {
        "parents": len(parents) + len(fm),
        "mothers": sum(p.role == "mother" for p in parents) + sum(p.sex == "F" and bool(p.children) for p in fm),
        "fathers": sum(p.role == "father" for p in parents),
        "by_country": Counter((p.country, p.role) for p in parents),
        "family_member": [(p.sex, p.country, p.household) for p in fm],
        "household": Counter((p.household, p.role) for p in parents),
        "single_contact": Counter(p.role for p in co),
        "children": len(kids), "young": len(young), "over16": len(kids) - len(young),
        "young_by": Counter(arr(c) for c in young),
        "first_time": sum("first_time" in p.flags for p in parents),
        "pregnant": sum("pregnant" in p.flags for p in parents),
        "grandparents": sum(p.grandchildren > 0 for p in parents),
        "services": Counter(s.country for s in copy.services),
        "professionals": Counter(q.country for q in copy.professionals),
    }


def test_population_matches_every_published_figure(copy: Copy) -> None:
    f = _profile(copy)
    assert (f["parents"], f["mothers"], f["fathers"]) == (27, 18, 9)
    assert f["by_country"] == Counter({("Scotland", "mother"): 9, ("Scotland", "father"): 5,
                                       ("England", "mother"): 8, ("England", "father"): 4})
    assert f["family_member"] == [("F", "Scotland", "cohabiting")]
    hh = f["household"]
    assert (hh[("single", "mother")], hh[("single", "father")]) == (11, 2)
    assert hh[("cohabiting", "mother")] + hh[("cohabiting", "father")] == 12
    assert hh[("part-time-cohabiting", "mother")] + hh[("part-time-cohabiting", "father")] == 1
    assert f["single_contact"] == Counter({"mother": 6, "father": 1})
    assert (f["children"], f["young"], f["over16"]) == (75, 53, 22)
    assert f["young_by"] == Counter({"with-parent": 24, "with-mother": 7, "with-father": 10,
                                     "foster-care": 6, "kinship-care": 5, "adopted": 1})
    assert (f["first_time"], f["pregnant"], f["grandparents"]) == (4, 3, 4)
    assert f["services"] == Counter({"England": 6, "Scotland": 4})
    assert f["professionals"] == Counter({"England": 36, "Scotland": 61})


def test_later_changes_keep_the_published_counts(copy: Copy) -> None:
    changed = [c for c in copy.distinct_children() if c.later is not None]
    assert len(changed) >= 3
    assert _profile(copy, "final")["young_by"] == _profile(copy)["young_by"]


def test_services_and_roles_cover_the_profile(copy: Copy) -> None:
    kinds = {(s.type, s.sector) for s in copy.services}
    assert {("drug-treatment", "NHS"), ("drug-treatment", "third-sector"), ("child-protection", "local-authority"),
            ("family-support", "third-sector"), ("pregnancy-support", "NHS"),
            ("pregnancy-support", "local-authority")} <= kinds
    roles = {q.role_key for q in copy.professionals}
    assert len(roles) == 19
    cohab = [p for p in _parents(copy) if p.household != "single"]
    assert {p.partner_in_treatment for p in cohab} == {True, False}
    assert all(p.partner_name for p in cohab)
    over16 = Counter(c.arrangement for c in copy.distinct_children() if c.age_group == "over-16")
    assert {"independent", "unknown", "adopted", "kinship-care", "foster-care"} <= set(over16)


def _listing(d: Path) -> list[dict[str, str]]:
    with open(d / "collection" / "Relations_Sample_metadata.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_file_counts_and_listing(sample_dir: Path) -> None:
    rows = _listing(sample_dir)
    assert Counter(r["Data set"] for r in rows) == {"Parent/Family": 122, "Services/Professionals": 183,
                                                    "Study materials": 25}
    on_disk = {p.name for p in (sample_dir / "collection").rglob("*") if p.parent.name != "collection" and p.is_file()}
    assert on_disk == {r["File name"] for r in rows}
    assert not (sample_dir / "collection" / "gold.json").exists()
    exts = Counter(Path(r["File name"]).suffix for r in rows)
    assert exts[".txt"] > 250 and exts[".docx"] and exts[".odt"] and exts[".rtf"]
    formats = Counter("iso" if r["Date"][4:5] == "-" else "dmy" if "/" in r["Date"] else "month" for r in rows)
    assert set(formats) == {"iso", "dmy", "month"}


def test_texts_open_with_a_header_and_interviews_are_long(sample_dir: Path) -> None:
    rows = _listing(sample_dir)
    folder = {"Parent/Family": "parent_family", "Services/Professionals": "services_professionals",
              "Study materials": "study_materials"}
    for r in rows:
        path = sample_dir / "collection" / folder[r["Data set"]] / r["File name"]
        if path.suffix != ".txt":
            continue
        text = path.read_text("utf-8")
        head = text.split("\n\n", 1)[0].splitlines()
        assert [h.split(":", 1)[0] for h in head[:5]] == ["File", "Date", "Type", "Researcher", "Participants"]
        if r["Data type"] == "Interview":
            assert len(text.split()) >= 2000, r["File name"]
            assert "\nINT: " in text


def test_same_seed_gives_identical_bytes(tmp_path: Path, sample_dir: Path) -> None:
    write_sample(tmp_path, seed=0)

    def digest(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert digest(tmp_path) == digest(sample_dir)


def test_other_seed_differs_in_detail_not_shape(copy: Copy) -> None:
    other = build_population(seed=1, scale=1)[0]
    assert [p.pseudonym for p in other.parents] != [p.pseudonym for p in copy.parents]
    assert _profile(other) == _profile(copy)


def test_scale_two_doubles_everyone_without_collisions(tmp_path: Path) -> None:
    summary = write_sample(tmp_path, scale=2, seed=0)
    assert (summary.parents, summary.family_members, summary.professionals, summary.services) == (52, 2, 194, 20)
    assert summary.distinct_children == 150
    assert summary.files_by_dataset == {"Parent/Family": 244, "Services/Professionals": 366, "Study materials": 50}
    coll = tmp_path / "collection"
    with open(coll / "participants.csv", newline="", encoding="utf-8") as fh:
        people = list(csv.DictReader(fh))
    with open(coll / "services.csv", newline="", encoding="utf-8") as fh:
        services = list(csv.DictReader(fh))
    ids = [r["ID code"] for r in people] + [r["Service ID"] for r in services]
    assert len(ids) == len(set(ids)) == 52 + 2 + 194 + 20
    assert any(i.startswith("S2P") for i in ids) and any(i.startswith("S2PR") for i in ids)
    names = [r["Pseudonym"] for r in people]
    assert len(names) == len(set(names))  # one pseudonym, one person
    assert len({r["Service name"] for r in services}) == 20


def test_descriptors_name_every_named_child(copy: Copy, sample_dir: Path) -> None:
    with open(sample_dir / "collection" / "participants.csv", newline="", encoding="utf-8") as fh:
        desc = {r["ID code"]: r["Descriptor"] for r in csv.DictReader(fh)}
    for p in copy.parents:
        for c in p.children:
            if c.name:
                assert c.name in desc[p.id], (p.id, c.name)


def test_gold_has_the_schema_shape(sample_dir: Path) -> None:
    gold = json.loads((sample_dir / "gold.json").read_text("utf-8"))
    assert set(gold) == {"parents", "children", "distinct_children", "engagement", "professionals", "works_with",
                         "contact", "kinship_services", "partners", "bad_input"}
    assert len(gold["parents"]) == 27 and gold["distinct_children"] == 75
    for pid, p in gold["parents"].items():
        assert p["role"] in {"mother", "father", "family-member"}
        assert p["country"] in {"Scotland", "England"}
        assert p["household"] in {"single", "cohabiting", "part-time-cohabiting", "unknown"}
        assert p["partner_in_treatment"] in {True, False, None}
        assert pid in gold["children"]
    arrangements = {"with-parent", "with-mother", "with-father", "kinship-care", "foster-care", "adopted",
                    "residential-care", "independent", "unknown"}
    for rows in gold["children"].values():
        for c in rows:
            assert set(c) == {"name", "age_group", "care_arrangement", "carer", "source", "temporal"}
            assert c["age_group"] in {"0-16", "over-16"} and c["care_arrangement"] in arrangements
            assert c["source"] in {"descriptor", "text", "both"} and isinstance(c["temporal"], bool)
    assert sum(c["temporal"] for rows in gold["children"].values() for c in rows) >= 3
    sources = {"descriptor", "text", "listing"}
    assert all(len(e) == 3 and e[2] in sources for e in gold["engagement"] + gold["professionals"])
    assert {e[2] for e in gold["engagement"]} == sources
    contacts = {"regular-contact", "coparenting", "supervised-contact", "indirect-contact", "no-contact"}
    assert {c[2] for c in gold["contact"]} == contacts
    assert all(len(w) == 2 for w in gold["works_with"] + gold["partners"]) and gold["kinship_services"]


def test_cli_help_and_run(tmp_path: Path) -> None:
    from graphkit.cli.sample import sample

    runner = CliRunner()
    assert "gold.json" in runner.invoke(sample, ["--help"]).output
    result = runner.invoke(sample, ["--out", str(tmp_path), "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gold.json").exists() and (tmp_path / "collection" / "participants.csv").exists()
