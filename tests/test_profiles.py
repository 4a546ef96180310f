"""Professional and service profiles: each form of the grammar in words that are in no devset."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SKOS

from graphkit.extract.profiles import ProfileFact, number_value, read_profile, scheme_concepts, whole_title
from graphkit.model import Graph
from graphkit.pipeline import build_graph
from graphkit.projections.neo4j_rows import rows_from_graph
from graphkit.projections.rdf import to_triples

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
GK = "https://w3id.org/graphkit/ontology#"


def _facts(text: str, kind: str = "professional", names: list[tuple[int, int]] = (), title: tuple[int, int] | None = None) -> dict[str, list]:
    found: dict[str, list] = {}
    for fact in read_profile(text, kind, names, title):
        found.setdefault(fact.attr, [])
        if fact.value not in found[fact.attr]:
            found[fact.attr].append(fact.value)
    return found


def _span(text: str, fact: ProfileFact) -> str:
    return text[fact.start : fact.end]


@pytest.mark.parametrize("words,value", [
    ("38", 38), ("thirty-five", 35), ("ninety", 90), ("Sixty two", 62), ("a dozen", 12), ("seventeen", 17), ("plenty", None),
])
def test_numbers_in_digits_and_words(words: str, value: int | None) -> None:
    assert number_value(words) == value


@pytest.mark.parametrize("text,cut,title", [
    ("Drug worker; independent prescriber within Fernhill Recovery (FR2).", 11, "Drug worker; independent prescriber"),
    ("Harm reduction nurse (named worker), Brackenmoor Clinic.", 20, "Harm reduction nurse (named worker)"),
    # a bracket or a second clause that names no profession is not the title
    ("Midwife (perinatal mental health), Dunmore.", 7, "Midwife"),
    ("Probation officer; based at Kelvinside court.", 17, "Probation officer"),
])
def test_the_whole_title_runs_over_what_still_names_a_role(text: str, cut: int, title: str) -> None:
    start, end = whole_title(text, 0, cut)
    assert text[start:end] == title


def test_a_title_gives_every_profession_it_names() -> None:
    text = "Drug worker; independent prescriber within Fernhill Recovery (FR2)."
    assert _facts(text, title=(0, 11))["profession"] == ["recovery-worker", "prescriber"]
    assert _facts("Lead counsellor at Birchgrove.", title=(0, 15))["profession"] == ["counsellor"]


def test_experience_in_years_since_a_year_and_qualification() -> None:
    text = "Qualified in 1998; working in substance misuse since 2004. Eight years' experience in homelessness."
    facts = _facts(text)
    assert facts["qualified_year"] == ["1998"]
    assert facts["experience_since"] == ["2004"]
    assert facts["experience_field"] == ["substance misuse", "homelessness"]
    assert facts["experience_years"] == [8]
    assert _facts("In this role since 2011.")["in_post_since"] == ["2011"]


@pytest.mark.parametrize("text,count", [
    ("Caseload of roughly 38 clients.", 38),
    ("Named worker for about twenty-five families.", 25),
    ("Holds some 19 cases.", 19),
    ("caseload c. 60", 60),
])
def test_a_caseload_in_each_wording(text: str, count: int) -> None:
    assert _facts(text)["caseload"] == [count]


def test_some_of_a_named_service_s_clients_are_a_client_group() -> None:
    facts = _facts("Locum pharmacist. Dispenses for a handful of Oakbank (OB1) patients.")
    assert facts["client_group"] == ["a handful of Oakbank (OB1) patients"]


def test_lived_experience_and_recovery_since() -> None:
    facts = _facts("Peer mentor, voluntary sector; lived experience of addiction. In recovery herself since 2009.")
    assert facts["lived_experience"] == [True]
    assert facts["recovery_since"] == ["2009"]


def test_clients_in_recovery_are_not_the_workers_own_recovery() -> None:
    facts = _facts("Outreach worker with mothers in recovery and their children.")
    assert facts["client_group"] == ["mothers in recovery and their children"]
    assert "lived_experience" not in facts


def test_groups_someone_runs_are_split_at_their_heads_only() -> None:
    facts = _facts("Runs the Monday women's circle and a grandparents' café. Co-facilitates a cooking and budgeting course.")
    assert facts["runs"] == ["Monday women's circle", "grandparents' café", "cooking and budgeting course"]
    assert _facts("Leads the team's evening carers' forum.")["runs"] == ["evening carers' forum"]


def test_leading_on_a_subject_is_not_running_a_group() -> None:
    assert "runs" not in _facts("Leads on perinatal safeguarding for the locality.")
    facts = _facts("Outreach service; runs from a scout hut in [town].", "service")
    assert "runs" not in facts and facts["setting"] == ["scout hut in [town]"]


def test_sector_team_setting_and_outside_the_study() -> None:
    text = "Youth worker employed by the council, adolescent and throughcare team. Based in [village] health centre. Not linked to any study service."
    facts = _facts(text, title=(0, 12))
    assert facts["sector"] == ["local-authority"]
    assert facts["team"] == ["adolescent and throughcare team"]
    assert facts["setting"] == ["[village] health centre"]
    assert facts["in_study_service"] == [False]
    assert facts["profession"] == ["youth-worker"]


def test_a_team_s_name_is_not_its_member_s_sector() -> None:
    facts = _facts("Dietitian, public health team, Wales (NHS); outwith the study services.", title=(0, 9))
    assert facts["sector"] == ["NHS"] and facts["team"] == ["public health team"]
    assert facts["in_study_service"] == [False]


def test_shorthand_for_a_profession_and_a_client_field() -> None:
    text = "Senior SW, C&F team, Powys. Ten yrs experience."
    facts = _facts(text, title=(0, 9))
    assert facts["profession"] == ["social-worker"]
    assert facts["team"] == ["C&F team"]
    assert facts["experience_years"] == [10]
    assert _facts("HV; caseload approx 240.", title=(0, 2))["profession"] == ["health-visitor"]


def test_harm_reduction_in_its_usual_shorthand() -> None:
    facts = _facts("Outreach van: IEP, naloxone kits, BBV testing; SMART recovery meetings.", "service")
    assert facts["activity"] == ["harm-reduction", "peer-support"]


def test_a_former_post_and_kinds_of_case() -> None:
    facts = _facts("Carries adoption and fostering cases; previously an outreach worker.")
    assert facts["case_types"] == ["adoption", "fostering"]
    assert facts["former_title"] == ["outreach worker"]


def test_the_title_is_not_read_again_as_an_activity_or_a_field() -> None:
    facts = _facts("Family recovery worker, Scotland.", title=(0, 22))
    assert "activity" not in facts and "work_field" not in facts


def test_nothing_is_read_from_inside_a_service_name() -> None:
    text = "Support worker, Young People and Families Drop-in Hub (YP3). Home visits."
    name = text.index("Young"), text.index(" (YP3)")
    facts = _facts(text, names=[name], title=(0, 14))
    assert facts["activity"] == ["home-visiting"]
    assert "client_group" not in facts and "runs" not in facts and "team" not in facts


def test_a_service_s_activities_groups_and_partners() -> None:
    text = ("Charity-run family service, Wales: parenting programmes, fostering and adoption support, supervised contact; "
            "Saturday kids' club and a teen drop-in; joint clinics with health visitors. For mothers in recovery and their children.")
    facts = _facts(text, "service")
    assert facts["activity"] == ["parenting-support", "foster-care", "contact-centre", "drop-in", "joint-working"]
    assert facts["runs"] == ["parenting programmes", "Saturday kids' club", "teen drop-in", "joint clinics"]
    assert facts["partner_agency"] == ["health visitors"]
    assert facts["client_group"] == ["mothers in recovery and their children"]
    assert "lived_experience" not in facts  # a service has no lived experience


def test_a_long_activity_phrase_is_one_activity() -> None:
    assert _facts("Opioid substitution treatment prescribing, Tuesdays.", "service")["activity"] == ["opioid-substitution"]


def test_a_service_s_medicines_and_setting() -> None:
    facts = _facts("Prison healthcare team prescribing Buvidal and methadone, located within the [prison] healthcare unit.", "service")
    assert facts["medication"] == ["buprenorphine", "methadone"]
    assert facts["setting"] == ["[prison] healthcare unit"]
    assert facts["activity"] == ["prescribing"]


def test_every_fact_keeps_the_span_that_says_it() -> None:
    text = "Sessional drug worker. Caseload around 12. Runs a Tuesday needle exchange drop-in."
    for fact in read_profile(text, "professional", [], (0, 21)):
        assert 0 <= fact.start < fact.end <= len(text)
    caseload = next(f for f in read_profile(text, "professional") if f.attr == "caseload")
    assert _span(text, caseload) == "Caseload around 12"


@pytest.mark.parametrize("scheme", ["profession", "activity"])
def test_the_data_and_the_shipped_scheme_hold_the_same_concepts(scheme: str) -> None:
    g = rdflib.Graph().parse(ONTOLOGY / "schemes.ttl", format="turtle")
    node = rdflib.URIRef(f"https://w3id.org/graphkit/scheme/{scheme}")
    shipped = {str(g.value(c, SKOS.notation)): str(g.value(c, SKOS.prefLabel)) for c in g.subjects(SKOS.inScheme, node)}
    assert shipped == {n: c["label"] for n, c in scheme_concepts(scheme).items()}


PEOPLE = """ID code,Pseudonym,Participant type,Descriptor
QW7,Fen,Professional,"Addictions nurse (named worker) at Rowan Lodge (QR4), Wales. Qualified 1999; caseload approx 33. Runs a Friday fathers' circle."
"""
SERVICES = """Service ID,Service name,Descriptor
QR4,Rowan Lodge,"NHS substance misuse service, Wales: needle exchange, counselling and a weekly family clinic."
"""
LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"


@pytest.fixture()
def graph(tmp_path: Path) -> Graph:
    (tmp_path / "people_participants.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    return build_graph(tmp_path)


def test_the_registry_puts_the_profile_on_the_entities_with_evidence(graph: Graph) -> None:
    worker, service = graph.entities["QW7"], graph.entities["QR4"]
    assert worker.get("role_title") == "Addictions nurse (named worker)"
    assert [ev.quote for ev in worker.evidence["role_title"]] == ["Addictions nurse (named worker)"]
    assert worker.get("profession") == ["nurse", "keyworker"]
    assert (worker.get("qualified_year"), worker.get("caseload"), worker.get("runs")) == ("1999", 33, ["Friday fathers' circle"])
    assert [ev.quote for ev in worker.evidence["caseload"]] == ["caseload approx 33"]
    assert service.get("activity") == ["harm-reduction", "counselling"]
    assert service.get("runs") == ["family clinic"]
    assert "substance misuse service" in [ev.quote for ev in service.evidence["service_type"]]


def test_profiles_project_to_rdf_and_neo4j(graph: Graph) -> None:
    lines = {str(t) for t in to_triples(graph)}
    worker = "<https://w3id.org/graphkit/id/person/QW7>"
    assert f'{worker} <{GK}qualifiedIn> "1999"^^<http://www.w3.org/2001/XMLSchema#gYear>' in lines
    assert f"{worker} <{GK}profession> <https://w3id.org/graphkit/scheme/profession/keyworker>" in lines
    assert f"{worker} <{GK}profession> <https://w3id.org/graphkit/scheme/profession/nurse>" in lines
    assert f'{worker} <{GK}caseload> "33"^^<http://www.w3.org/2001/XMLSchema#integer>' in lines
    node = next(n for n in rows_from_graph(graph).nodes if n["id"] == "QR4")
    assert node["props"]["activity"] == ["harm-reduction", "counselling"]


def test_every_predicate_the_profiles_use_is_in_the_ontology_and_the_shapes() -> None:
    from graphkit.projections.rdf import ATTRIBUTES

    ontology, shapes = (ONTOLOGY / "graphkit.ttl").read_text(encoding="utf-8"), (ONTOLOGY / "shapes.ttl").read_text(encoding="utf-8")
    for attr in ("profession", "activity", "work_field", "caseload", "experience_years", "qualified_year", "lived_experience",
                 "runs", "team", "setting", "client_group", "partner_agency", "in_study_service"):
        local = ATTRIBUTES[attr][0].split(":", 1)[1]
        assert re.search(rf"^gk:{local} a owl:\w+Property", ontology, re.M), local
        assert f"sh:path gk:{local} ;" in shapes, local


def test_a_rival_value_is_reported_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "people_participants.csv").write_text(
        "ID code,Pseudonym,Participant type,Descriptor\nQW8,Ash,Professional,\"Counsellor. Caseload of 20; caseload of 26.\"\n", encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    graph = build_graph(tmp_path)
    assert graph.entities["QW8"].get("caseload") == 20
    assert any("caseload" in p.what and "26" in p.what for p in graph.problems)


def test_a_descriptor_without_profile_words_gives_only_its_title_and_country() -> None:
    assert {f.attr for f in read_profile("Worker, Scotland.", "professional", [], (0, 6))} == {"role_title", "country"}
