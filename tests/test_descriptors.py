"""The descriptor parser on phrasings written for these tests (not the devset's sentences)."""

from __future__ import annotations

import pytest

from graphkit.extract.descriptors import parse_person


def _person(text: str, role: str = "mother", name: str = "Ann"):
    return parse_person(text, role=role, name=name)


def _children(text: str, role: str = "mother", name: str = "Ann"):
    return [(c.name, c.age_group, c.arrangement.value if c.arrangement else None, c.contact.value if c.contact else None)
            for c in _person(text, role, name).children]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mum in her 30s from Glasgow, lives alone, on Espranor.", {"country": "Scotland", "household": "single", "treatment": "buprenorphine", "age_band": "30s"}),
        ("Woman (20s), England. Cohabiting with boyfriend, also on a methadone script.", {"household": "cohabiting", "partner_in_treatment": True, "treatment": "methadone"}),
        ("Father, late 40s, Scotland; lives with his wife, who has never used drugs.", {"household": "cohabiting", "partner_in_treatment": False}),
        ("Mother, 30s, Scotland. Part-time cohabiting - her partner keeps his own flat. He is not in treatment.", {"household": "part-time-cohabiting", "partner_in_treatment": False}),
        ("Mother (40s), England, a grandmother of three. Subutex.", {"grandparent": True, "treatment": "buprenorphine"}),
        ("Mother, 20s, England; pregnant with her first baby, due in March.", {"pregnant": True, "first_time": True}),
    ],
)
def test_parent_facts(text: str, expected: dict) -> None:
    facts = _person(text).facts
    for key, value in expected.items():
        assert facts[key].value == value, key


def test_spans_quote_the_descriptor() -> None:
    text = "Father (50s), Scotland. Lives alone. Methadone."
    facts = parse_person(text, role="father", name="Bob").facts
    start, end = facts["household"].span
    assert text[start:end] == "Lives alone"
    start, end = facts["country"].span
    assert text[start:end] == "Scotland"


def test_carer_is_not_the_participant_grandparent() -> None:
    assert "grandparent" not in _person("Mother, 30s. Son (4) lives with his paternal grandparents.").facts


def test_ex_partner_does_not_make_a_household() -> None:
    facts = _person("Father, 30s, England, single. Daughter (3) lives with her mum, his ex-partner.", role="father").facts
    assert facts["household"].value == "single"
    assert "partner_in_treatment" not in facts


@pytest.mark.parametrize(
    "text, role, expected",
    [
        ("Two sons: Jack (12) in foster care, letterbox contact only; Liam (7) lives with her.", "mother",
         [("Jack", "0-16", "foster-care", "indirect-contact"), ("Liam", "0-16", "with-parent", None)]),
        ("His daughter, 9, lives with her mother; he sees her every Sunday.", "father",
         [(None, "0-16", "with-mother", "regular-contact")]),
        ("Son Kai (14) lives with his dad in Leeds and stays with Ann at weekends.", "mother",
         [("Kai", "0-16", "with-father", "regular-contact")]),
        ("One adult son, whereabouts unknown.", "mother", [(None, "over-16", "unknown", None)]),
        ("Daughter (6) and son (3) live with her sister in kinship care, supervised contact fortnightly.", "mother",
         [(None, "0-16", "kinship-care", "supervised-contact"), (None, "0-16", "kinship-care", "supervised-contact")]),
        ("A daughter aged 15 in a residential unit; no contact.", "mother", [(None, "0-16", "residential-care", "no-contact")]),
        ("Three children: son (19) lives independently; twin girls (8) were adopted in 2019.", "mother",
         [(None, "over-16", "independent", None), (None, "0-16", "adopted", None), (None, "0-16", "adopted", None)]),
        ("Son Rory (2) lives with his mum; they co-parent.", "father", [("Rory", "0-16", "with-mother", "coparenting")]),
    ],
)
def test_children(text: str, role: str, expected: list) -> None:
    assert _children(text, role) == expected


def test_kinship_carer_label_and_id() -> None:
    child = parse_person("Skye (11) lives with Ann's mother (FM1) in kinship care.", role="mother", name="Ann", known_ids=frozenset({"FM1"})).children[0]
    assert (child.arrangement.value, child.carer, child.carer_id) == ("kinship-care", "maternal grandmother", "FM1")
    child = _person("Son (5) with paternal grandparents since 2020.").children[0]
    assert (child.arrangement.value, child.carer) == ("kinship-care", "paternal grandparents")


def test_partners_children_are_not_the_participants() -> None:
    assert _person("Father (40s), cohabits with partner (not in treatment) and her partner's two children.", role="father").children == []
