"""graphkit.suppress and ``graphkit query --suppress-below``: small cells are not published."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.cli import cli
from graphkit.suppress import count_columns, groups, suppress

PROFILE = ["measure", "published", "observed", "note"]


def profile(**observed: int | None) -> list[dict]:
    return [{"measure": m.replace("_", "-"), "published": 99, "observed": v, "note": None} for m, v in observed.items()]


def by_measure(rows: list[dict]) -> dict[str, int | None]:
    return {r["measure"]: r["observed"] for r in rows}


def test_primary_suppression_of_count_columns() -> None:
    columns = ["parent_id", "pseudonym", "n_children"]
    rows = [{"parent_id": "P1", "pseudonym": "A", "n_children": 0}, {"parent_id": "P2", "pseudonym": "B", "n_children": 3},
            {"parent_id": "P3", "pseudonym": "C", "n_children": 5}, {"parent_id": "P4", "pseudonym": "D", "n_children": "4"},
            {"parent_id": "P5", "pseudonym": "E", "n_children": None}]
    out_columns, out = suppress(columns, rows, 5)
    assert out_columns == columns + ["note"]
    assert [r["n_children"] for r in out] == [0, None, 5, None, None]
    assert out[1]["note"] == "n_children suppressed (fewer than 5)" and out[3]["note"]
    assert out[0].get("note") is None and out[4].get("note") is None  # 0 and "no value" are not suppressed
    assert rows[1]["n_children"] == 3 and "note" not in rows[1]  # the input is untouched


def test_nothing_suppressed_keeps_columns() -> None:
    columns = ["professional_id", "parent_id", "evidence_count"]
    rows = [{"professional_id": "X", "parent_id": "P", "evidence_count": 12}]
    assert suppress(columns, rows, 10) == (columns, rows)
    assert suppress(columns, [{"evidence_count": 3, "professional_id": "X", "parent_id": "P"}], 1)[1][0]["evidence_count"] == 3


def test_negative_threshold_refused() -> None:
    with pytest.raises(ValueError):
        suppress(["observed"], [], -1)


def test_booleans_and_text_are_not_counts() -> None:
    columns = ["measure", "published", "observed", "note"]
    rows = [{"measure": "x", "published": 1, "observed": True, "note": "keep"}]
    assert suppress(columns, rows, 10)[1] == rows  # `published` is the catalogue's figure: never suppressed


def test_secondary_suppression_protects_the_complement() -> None:
    rows = profile(mothers=20, mothers_scotland=3, mothers_england=17)
    _, out = suppress(PROFILE, rows, 5)
    got = by_measure(out)
    assert got == {"mothers": 20, "mothers-scotland": None, "mothers-england": None}
    note = next(r["note"] for r in out if r["measure"] == "mothers-england")
    assert note == "observed suppressed (secondary: would reveal mothers-scotland from mothers)"


def test_secondary_suppression_cascades_and_picks_the_smallest_part() -> None:
    rows = profile(parents_scotland=30, mothers_scotland=3, fathers_scotland=27, fathers=40, fathers_england=13,
                   parent_participants=50, single_mothers=2, single_fathers=20, cohabiting=18, part_time_cohabiting=10)
    _, out = suppress(PROFILE, rows, 5)
    got = by_measure(out)
    # mothers-scotland (3) -> fathers-scotland (parents-scotland) -> fathers-england (fathers)
    assert got["mothers-scotland"] is None and got["fathers-scotland"] is None and got["fathers-england"] is None
    # single-mothers (2) -> the smallest household part still shown, part-time-cohabiting (10)
    assert got["single-mothers"] is None and got["part-time-cohabiting"] is None
    assert got["cohabiting"] == 18 and got["single-fathers"] == 20
    assert got["parents-scotland"] == 30 and got["fathers"] == 40 and got["parent-participants"] == 50


def test_suppressed_total_with_parts_shown() -> None:
    # A total below N with one part above 0 but a 0 part: the part is suppressed too, so
    # total - 0 gives nothing back.
    _, out = suppress(PROFILE, profile(services=4, services_england=4, services_scotland=0), 5)
    assert by_measure(out) == {"services": None, "services-england": None, "services-scotland": 0}


def _check_groups(rows: list[dict]) -> None:
    present = {r["measure"]: r["observed"] for r in rows}
    for total, parts in groups():
        members = [m for m in (total, *parts) if m in present]
        hidden = [m for m in members if present[m] is None]
        assert len(hidden) != 1 or not any(p in present for p in parts) or len(members) == 1, (total, hidden)


MEASURES = sorted({m for total, parts in groups() for m in (total, *parts)})


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(MEASURES), st.integers(0, 30), min_size=1), st.integers(1, 12))
def test_no_group_is_left_with_one_suppressed_cell(values: dict[str, int], below: int) -> None:
    rows = [{"measure": m, "published": 0, "observed": v, "note": None} for m, v in sorted(values.items())]
    _, out = suppress(PROFILE, rows, below)
    for row in out:
        value = row["observed"]
        assert value is None or value == 0 or value >= below
        if value is None:
            assert "suppressed" in row["note"]
    _check_groups(out)


def test_data_file() -> None:
    assert set(count_columns()) >= {"n_children", "evidence_count", "observed"}
    assert ("mothers", ("mothers-scotland", "mothers-england")) in groups()


# -- graphkit query --suppress-below --------------------------------------------------


def _query(out, *args: str):
    return CliRunner().invoke(cli, ["query", *args, "--graph", str(out.out)])


def test_query_suppress_below(devset_build) -> None:
    result = _query(devset_build, "profile", "--format", "json", "--suppress-below", "10")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(r["observed"] is None or r["observed"] == 0 or r["observed"] >= 10 for r in rows)
    assert any(r["observed"] is None for r in rows)
    _check_groups(rows)
    plain = json.loads(_query(devset_build, "profile", "--format", "json").output)
    assert any(r["observed"] is not None and 0 < r["observed"] < 10 for r in plain)

    result = _query(devset_build, "parents", "--format", "csv", "--suppress-below", "3")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.endswith(",n_children,note")
    assert any("n_children suppressed (fewer than 3)" in line for line in lines)


def test_query_suppress_below_must_be_positive(devset_build) -> None:
    result = _query(devset_build, "parents", "--suppress-below", "0")
    assert result.exit_code != 0
