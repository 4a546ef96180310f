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
    rows = [{"measure": "x", "published": "about 3", "observed": True, "note": "keep"}]
    assert suppress(columns, rows, 10)[1] == rows


def test_secondary_suppression_protects_the_complement() -> None:
    rows = profile(mothers=20, mothers_scotland=3, mothers_england=17)
    _, out = suppress(PROFILE, rows, 5)
    got = by_measure(out)
    assert got == {"mothers": 20, "mothers-scotland": None, "mothers-england": None}
    note = next(r["note"] for r in out if r["measure"] == "mothers-england")
    assert note == (
        "observed suppressed (secondary: would reveal mothers-scotland from mothers); published suppressed (with observed)"
    )


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

    result = _query(devset_build, "works-with", "--format", "csv", "--suppress-below", "3")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.endswith(",evidence_count,note")
    assert any("evidence_count suppressed (fewer than 3)" in line for line in lines)


def test_query_suppress_below_must_be_positive(devset_build) -> None:
    result = _query(devset_build, "parents", "--suppress-below", "0")
    assert result.exit_code != 0


# -- suppression holds across the questions (issue 16.11) ---------------------------------------


def _refusal(result) -> str:
    """The QueryError's message (exit code 6 under graphkit.cli.main), or "" when the query was answered."""
    from graphkit.errors import QueryError

    if isinstance(result.exception, QueryError):
        assert result.exception.exit_code == 6
        return str(result.exception)
    assert result.exit_code == 0, result.output
    return ""


def test_children_care_cannot_rebuild_the_suppressed_n_children(devset_build) -> None:
    """The red-team attack: n_children suppressed in `parents`, recovered by counting `children-care` rows per parent."""
    plain = json.loads(_query(devset_build, "children-care", "--format", "json").output)
    per_parent = {}
    for row in plain:
        per_parent.setdefault(row["parent_id"], set()).add(row["child_id"])
    assert any(0 < len(children) < 10 for children in per_parent.values())  # the attack has something to recover
    refusal = _refusal(_query(devset_build, "children-care", "--format", "json", "--suppress-below", "10"))
    assert "n_children" in refusal and "refused under --suppress-below 10" in refusal
    for name in ("contact", "kinship-care-services", "parents"):
        assert "refused" in _refusal(_query(devset_build, name, "--suppress-below", "10")), name


def test_no_answer_given_under_the_flag_rebuilds_a_suppressed_count(devset_build) -> None:
    """Every standard question under the flag is refused or counts no group of its rows between 1 and N-1."""
    from graphkit.questions import STANDARD
    from graphkit.suppress import rebuilds

    for below in (2, 3, 10):
        for name in STANDARD:
            result = _query(devset_build, name, "--format", "json", "--suppress-below", str(below))
            if _refusal(result):
                continue
            rows = json.loads(result.output)
            for rule in rebuilds(name):
                groups_ = {}
                for number, row in enumerate(rows):
                    key = tuple(row[c] for c in rule.by)
                    groups_.setdefault(key, set()).add(row[rule.distinct] if rule.distinct else number)
                assert all(len(v) >= below for v in groups_.values()), (name, below, rule)


def test_refusal_rules_unit() -> None:
    from graphkit.errors import QueryError
    from graphkit.suppress import refuse_rebuilds

    rows = [{"parent_id": "P1", "child_id": c, "age_group": "0-16", "care_arrangement": "with-parent"} for c in "ABC"]
    refuse_rebuilds("children-care", rows, 3)  # three children each way: nothing below 3
    with pytest.raises(QueryError, match="per parent_id gives each parent's n_children"):
        refuse_rebuilds("children-care", rows, 4)
    refuse_rebuilds("service-engagement", rows, 10)  # no rule: row counts give no suppressed figure


def test_profile_published_and_notes_do_not_give_suppressed_figures() -> None:
    rows = [
        {"measure": "parents", "published": 27, "observed": 27, "note": "26 parent participants plus 1 family member"},
        {"measure": "parent-participants", "published": 26, "observed": 26, "note": None},
        {"measure": "family-members", "published": 1, "observed": 1, "note": None},
        {"measure": "mothers", "published": 18, "observed": 18, "note": "mothers, any country"},
    ]
    _, out = suppress(PROFILE, rows, 10)
    shown = {r["measure"]: (r["published"], r["observed"]) for r in out}
    assert shown["family-members"] == (None, None)
    assert shown["parent-participants"] == (None, None)  # secondary: 27 - 26 would give 1
    assert shown["parents"] == (27, 27)
    notes = {r["measure"]: r["note"] for r in out}
    assert notes["parents"] == "catalogue note withheld (it gives figures)"
    assert notes["mothers"] == "mothers, any country"  # no figure in it
    assert not any(ch.isdigit() for r in out for ch in str(r["note"]).replace("fewer than 10", ""))


def test_one_suppressed_cell_of_a_column_takes_a_second_with_it() -> None:
    # the profile publishes the column's total (children), so one hidden cell would come back by subtraction
    rows = [{"parent_id": p, "n_children": n} for p, n in (("P1", 12), ("P2", 3), ("P3", 15), ("P4", 0))]
    _, out = suppress(["parent_id", "n_children"], rows, 10)
    assert [r["n_children"] for r in out] == [None, None, 15, 0]
    assert "secondary" in out[0]["note"]


COUNTS = """SELECT ?node (COUNT(?value) AS ?links) WHERE { ?node ?p ?value } GROUP BY ?node ORDER BY ?node LIMIT 50"""


def test_a_custom_query_must_name_its_count_columns(devset_build, tmp_path) -> None:
    query = tmp_path / "links.rq"
    query.write_text(COUNTS, encoding="utf-8")
    plain = json.loads(_query(devset_build, str(query), "--format", "json").output)
    assert any(0 < int(r["links"]) < 10 for r in plain)
    assert "--count-columns" in _refusal(_query(devset_build, str(query), "--format", "json", "--suppress-below", "10"))
    result = _query(devset_build, str(query), "--format", "json", "--suppress-below", "10", "--count-columns", "links")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert all(r["links"] is None or int(r["links"]) >= 10 for r in rows)
    typo = _query(devset_build, str(query), "--suppress-below", "10", "--count-columns", "link")
    assert "names link, not among its columns" in _refusal(typo)
    none = _query(devset_build, str(query), "--format", "json", "--suppress-below", "10", "--count-columns", "")
    assert none.exit_code == 0 and json.loads(none.output) == plain


def test_reconcile_under_the_flag_prints_no_suppressed_figure(devset_build) -> None:
    result = CliRunner().invoke(cli, ["reconcile", str(devset_build.out), "--suppress-below", "10"])
    table = [line.split(" | ") for line in result.output.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert table
    for measure, published, observed, *_ in table:
        for figure in (published, observed):
            assert figure == "" or figure == "0" or int(figure) >= 10, (measure, figure)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(MEASURES), st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1),
    st.integers(1, 12),
)
def test_published_and_observed_both_hold(values: dict[str, tuple[int, int]], below: int) -> None:
    rows = [{"measure": m, "published": p, "observed": o, "note": None} for m, (p, o) in sorted(values.items())]
    _, out = suppress(PROFILE, rows, below)
    for column in ("published", "observed"):
        assert all(r[column] is None or r[column] == 0 or r[column] >= below for r in out)
        _check_groups([{"measure": r["measure"], "observed": r[column]} for r in out])
    for row in out:  # a row's two figures are hidden together (on a full collection they are equal)
        if row["observed"] is None and values[row["measure"]][0] != 0:
            assert row["published"] is None
        if row["published"] is None and values[row["measure"]][1] != 0:
            assert row["observed"] is None
