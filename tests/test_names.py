"""Services and people by every name, and who works with whom, in words that are in no devset.

A small registry is built by hand; each test writes a few lines of its own
(services called Brackenridge, Fernbank, Corsebank; people called Perpetua,
Crispin, Anwen, Fenella...) and says which names, works-at, works-with and
engagement facts they give, and which they must not.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.extract.aliases import derived_names, descriptor_aliases, mapping_aliases, name_table
from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Graph
from graphkit.pipeline import _ids_in_texts, id_shape
from graphkit.readers.transcript import is_interviewer, parse_transcript

FAMILY = "Parent/Family"
SERVICES = "Services/Professionals"


def registry() -> Graph:
    graph = Graph()
    for sid, name in (("QS1", "Brackenridge Drug and Alcohol Service"), ("QS2", "Fernbank Recovery Hub"),
                      ("QS3", "Corsebank Recovery Project"), ("QS4", "Glenrothie Children and Families Social Work")):
        graph.add_entity(Entity(sid, "service", name))
    for pid, name, role in (("QP01", "Perpetua", "mother"), ("QP02", "Crispin", "father"), ("QP03", "Tobias", "father")):
        graph.add_entity(Entity(pid, "parent", name)).set("role", role)
    graph.add_entity(Entity("QF01", "family-member", "Ottoline"))
    for rid, name, title in (("QR01", "Anwen", "Nurse prescriber"), ("QR02", "Fenella", "Family support worker"),
                             ("QR03", "Barnaby", "Recovery worker"), ("QR04", "Gwenllian", "Community midwife"),
                             ("QR05", "Idris", "Social worker")):
        graph.add_entity(Entity(rid, "professional", name)).set("role_title", title)
    graph.relate("works-at", "QR02", "QS2", origin="descriptor")
    graph.relate("works-at", "QR05", "QS4", origin="descriptor")
    return graph


def run(texts: dict[str, str], files: dict[str, DataFile], graph: Graph | None = None) -> Graph:
    graph = graph or registry()
    graph.files.update(files)
    extract_text_facts(graph, texts, files)
    return graph


def interview(path: str, ids: tuple[str, ...], date: str, body: str, dataset: str = FAMILY, kind: str = "Interview") -> tuple[dict, dict]:
    text = f"Date: {date}\nType: {kind}\n\n{body}"
    return {path: text}, {path: DataFile(path, dataset, kind, date, None, ids)}


def rels(graph: Graph, kind: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in graph.relations_of(kind) if r.current}


# ---------------------------------------------------------------- service names


def test_a_service_name_makes_its_distinctive_word_its_head_noun_and_initials() -> None:
    assert derived_names("Brackenridge Drug and Alcohol Service") == ["Brackenridge", "BDAS"]
    assert derived_names("Fernbank Recovery Hub") == ["Fernbank", "the Hub", "FRH"]
    assert derived_names("Glenrothie Children and Families Social Work") == ["Glenrothie", "GCFSW"]


def test_a_descriptor_names_a_service_by_its_own_word() -> None:
    from graphkit.extract.services import services_in

    graph = registry()
    assert [sid for sid, _, _ in services_in("Mum, 30s. Methadone via Fernbank; GP shared care. The Hub's dads' group.", graph)] == ["QS2", "QS2"]
    assert services_in("Lives near a fern bank by the hub of the village.", graph) == []
    graph.add_entity(Entity("QS8", "service", "Saffron Family Centre"))
    assert services_in("Children: Saffron, daughter, 7, lives with her. Goes to Saffron on Mondays.", graph) == [("QS8", 56, 63)]


def test_a_parent_names_a_service_by_its_word_or_its_the_hub() -> None:
    texts, files = interview("QP01_Interview1.txt", ("QP01",), "2022-03-01",
                             "INT: Where do you get your script?\nPerpetua: I'm at the Hub every Tuesday. And I go to Brackenridge for the bloods.\n")
    graph = run(texts, files)
    assert {("QP01", "QS2"), ("QP01", "QS1")} <= rels(graph, "engages-with")


def test_a_lower_case_hub_is_no_service_and_neither_is_a_common_word() -> None:
    graph = registry()
    graph.add_entity(Entity("QS5", "service", "Harvest Family Project"))
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-03-01",
                             "INT: What do you do on a Saturday?\nCrispin: I go to the hub of the town, the market. "
                             "Then I help at the harvest supper. Harvest is my favourite time.\n")
    run(texts, files, graph)
    assert not rels(graph, "engages-with")


def test_an_alias_two_services_share_is_reported_and_never_guessed() -> None:
    graph = registry()
    graph.add_entity(Entity("QS6", "service", "Rowanlea Family Centre"))
    graph.add_entity(Entity("QS7", "service", "Rowanlea Recovery Service"))
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-03-01",
                             "INT: Any services?\nCrispin: I go to Rowanlea on a Monday.\n")
    run(texts, files, graph)
    assert not any(t in ("QS6", "QS7") for _, t in rels(graph, "engages-with"))
    assert [p.where for p in graph.problems if "'Rowanlea' could be QS6 or QS7" in p.what] == ["QP02_Interview1.txt, line 5"]


def test_a_full_name_holding_a_shared_word_is_no_ambiguous_use() -> None:
    graph = registry()
    graph.add_entity(Entity("QS6", "service", "Rowanlea Family Centre"))
    graph.add_entity(Entity("QS7", "service", "Rowanlea Recovery Service"))
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-03-01",
                             "INT: Any services?\nCrispin: I go to Rowanlea Family Centre on a Monday.\n")
    run(texts, files, graph)
    assert ("QP02", "QS6") in rels(graph, "engages-with")
    assert not [p for p in graph.problems if "could be" in p.what]


# ---------------------------------------------------------------- nicknames a text states


def test_a_nickname_stated_in_a_later_file_names_the_service_in_an_earlier_one() -> None:
    texts, files = interview("QP01_Interview1.txt", ("QP01",), "2021-10-01",
                             "INT: Where do you go?\nPerpetua: I go to the Neuk for my keywork. I've been going since 2019.\n")
    more, more_files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                                 "INT: Where do you go?\nCrispin: The Neuk. You'll know it as Corsebank, the Neuk, it's the same place.\n")
    graph = run({**texts, **more}, {**files, **more_files})
    service = graph.entities["QS3"]
    assert service.get("aliases") == "the Neuk"
    assert [ev.file for ev in service.evidence["aliases"]] == ["QP02_Interview1.txt"]
    assert ("QP01", "QS3") in rels(graph, "engages-with")


def test_the_name_on_the_letters_names_what_the_sentence_before_called_it() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: Where do you go?\nCrispin: I've been at the Neuk since 2016. Corsebank, it's called on the letters.\n")
    graph = run(texts, files)
    assert graph.entities["QS3"].get("aliases") == "the Neuk"


def test_a_fieldnote_that_says_nobody_calls_it_that() -> None:
    texts, files = interview("QS3_Fieldnotes_2022-02-02.txt", ("QS3",), "2022-02-02",
                             "A morning at Corsebank Recovery Project (QS3). Nobody who goes there calls it that. "
                             "It is \"the Neuk\", after the old bothy at the back.\n", dataset=SERVICES, kind="Fieldnotes")
    graph = run(texts, files)
    assert graph.entities["QS3"].get("aliases") == "the Neuk"


def test_a_nickname_that_already_names_another_service_is_reported_not_used() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: Where?\nCrispin: You'll know it as Corsebank, Fernbank, it's the same place.\n")
    graph = run(texts, files)
    assert not graph.entities["QS3"].get("aliases")
    assert any("'Fernbank' is said to be QS3, but it already names QS2" in p.what for p in graph.problems)


def test_a_participant_called_by_a_short_name_the_texts_state() -> None:
    texts, files = interview("QP03_Interview1.txt", ("QP03",), "2021-11-01",
                             "INT: Thanks, Tobias.\nTOBIAS: Toby. Nobody calls me Tobias but my mother.\n")
    notes, note_files = interview("QS3_Fieldnotes_2022-02-02.txt", ("QS3", "QR03", "QP03"), "2022-02-02",
                                  "Toby came in at ten for his keywork with Barnaby, his recovery worker.\n",
                                  dataset=SERVICES, kind="Fieldnotes")
    later, later_files = interview("QP03_Interview2.txt", ("QP03",), "2022-03-01",
                                   "INT: Who helps?\nTOBY: I go to Fernbank on a Tuesday.\n")
    graph = run({**texts, **notes, **later}, {**files, **note_files, **later_files})
    assert graph.entities["QP03"].get("aliases") == "Toby"
    assert ("QR03", "QP03") in rels(graph, "works-with")
    assert ("QP03", "QS2") in rels(graph, "engages-with")  # the "TOBY:" label is Tobias


def test_a_fieldnote_gives_the_list_name_beside_the_short_one() -> None:
    texts, files = interview("QS3_Fieldnotes_2022-02-02.txt", ("QS3", "QP03"), "2022-02-02",
                             "Toby (QP03; Tobias on the participant list) was in the café.\n", dataset=SERVICES, kind="Fieldnotes")
    graph = run(texts, files)
    assert graph.entities["QP03"].get("aliases") == "Toby"


def test_a_service_descriptor_gives_its_local_name(tmp_path: Path) -> None:
    from graphkit.readers.collection import read_collection

    (tmp_path / "services.csv").write_text('Service ID,Service name,Service descriptor\n'
                                           'QS3,Corsebank Recovery Project,"Third-sector drug treatment, Scotland. Known locally as the Neuk."\n',
                                           encoding="utf-8")
    graph = registry()
    descriptor_aliases(graph, read_collection(tmp_path).tables["services"])
    assert graph.entities["QS3"].get("aliases") == "the Neuk"
    assert [(ev.row, ev.quote) for ev in graph.entities["QS3"].evidence["aliases"]] == [(1, "the Neuk")]


def test_mapping_toml_adds_aliases_and_reports_an_unknown_id(tmp_path: Path) -> None:
    (tmp_path / "mapping.toml").write_text('[aliases]\nQS1 = ["the Dispensary"]\nQZ9 = "Nowhere"\n', encoding="utf-8")
    graph = registry()
    mapping_aliases(graph, tmp_path)
    assert graph.entities["QS1"].get("aliases") == "the Dispensary"
    assert name_table(graph).services["the Dispensary"] == "QS1"
    assert any("QZ9" in p.what for p in graph.problems)


# ---------------------------------------------------------------- speaker labels and ID codes


def test_speaker_labels_in_every_style() -> None:
    text = ("[00:14:05] INT: How are you?\n(00:14:09) Perpetua: Fine: tired.\nCrispin [00:15:00]: Aye.\n"
            "**Interviewer 2:** Next?\n[Ottoline]: Me.\nQR-104: Here.\n00:16:01 Tobias: Bare time.\n")
    labels = [t.speaker for t in parse_transcript(text).turns]
    assert labels == ["INT", "Perpetua", "Crispin", "Interviewer 2", "[Ottoline]", "QR-104", "Tobias"]
    assert is_interviewer("Interviewer 2") and is_interviewer("INT1") and not is_interviewer("Tobias")
    assert is_interviewer("INT (JB)") and is_interviewer("Researcher [AM]") and not is_interviewer("R (Tobias)")


def test_a_hyphenated_id_code_is_a_speaker_label() -> None:
    graph = registry()
    graph.add_entity(Entity("QR-104", "professional", "Hebe"))
    texts, files = interview("QS2_Interview_QR-104.txt", ("QS2", "QR-104"), "2022-01-01",
                             "Interviewer: What do you do?\nQR-104: I'm a recovery worker here at Fernbank, four years now.\n",
                             dataset=SERVICES)
    run(texts, files, graph)
    assert ("QR-104", "QS2") in rels(graph, "works-at")


def test_an_undefined_code_in_a_table_shape_is_reported_with_its_line() -> None:
    graph = registry()
    for code in ("QR-104", "AB12c"):
        graph.add_entity(Entity(code, "professional", code))
    texts = {"notes.txt": "Seen QR-104 and QR-117.\nAlso AB12c, AB15d [QP07], COVID-19 and M62.\n"}
    _ids_in_texts(None, graph, texts)
    reported = sorted(p.what.split()[2] + "@" + p.where.rsplit(" ", 1)[1] for p in graph.problems)
    assert reported == ["AB15d@2", "QP07@2", "QR-117@1"]
    assert id_shape("PAR-311") == "PAR-9" and id_shape("SP03a") == "SP9a"


# ---------------------------------------------------------------- works-at


def test_a_self_introduction_gives_works_at() -> None:
    texts, files = interview("Focus_Group_2021-11-01.txt", ("QS2", "QR01", "QR03", "QR04"), "2021-11-01",
                             "FAC: Could you say who you are?\nAnwen: Anwen. I'm a nurse prescriber, also at Brackenridge. Ten years.\n"
                             "Barnaby: Barnaby. Recovery worker at Fernbank, three years.\n"
                             "Gwenllian: I'm a community midwife, based at the [hospital]. I'm not part of either of their services.\n",
                             dataset=SERVICES, kind="Focus group")
    graph = run(texts, files)
    held = rels(graph, "works-at")
    assert {("QR01", "QS1"), ("QR03", "QS2")} <= held
    assert not any(p == "QR04" for p, _ in held)  # listed beside a service, not a member of it


def test_a_long_or_bracketed_self_introduction_gives_works_at() -> None:
    graph = registry()
    graph.add_entity(Entity("QR06", "professional", "Hebe"))
    graph.add_entity(Entity("QR07", "professional", "Lowri"))
    texts, files = interview("Focus_Group_2021-12-01.txt", ("QR06", "QR07"), "2021-12-01",
                             "FAC: Who are you?\nHebe: So I'm the outreach nurse (blood-borne viruses) in the hepatitis team at Brackenridge.\n"
                             "Lowri: Youth worker (young carers group) with Fernbank Recovery Hub. Nine years.\n",
                             dataset=SERVICES, kind="Focus group")
    run(texts, files, graph)
    assert {("QR06", "QS1"), ("QR07", "QS2")} <= rels(graph, "works-at")


def test_a_team_of_a_service_gives_works_at() -> None:
    texts, files = interview("QF01_Interview1.txt", ("QF01",), "2022-01-01",
                             "INT: Who helps?\nOttoline: Barnaby from the outreach team at Glenrothie comes out every month.\n")
    graph = run(texts, files)
    assert ("QR03", "QS4") in rels(graph, "works-at")
    assert ("QR03", "QF01") in rels(graph, "works-with")


def test_a_professionals_group_at_a_service_gives_works_at() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: What helps?\nCrispin: I come here, to the Hub, on a Tuesday, for Barnaby's group.\n")
    graph = run(texts, files)
    assert ("QR03", "QS2") in rels(graph, "works-at")


def test_a_self_introduction_gives_a_missing_job_title() -> None:
    graph = registry()
    graph.add_entity(Entity("QR06", "professional", "Hebe"))
    texts, files = interview("QS1_Debrief_QR06.txt", ("QR06",), "2022-01-01",
                             "INT: For the tape?\nHebe: I'm a peer support worker, also at Brackenridge. Two years.\n",
                             dataset=SERVICES, kind="Workday debrief")
    run(texts, files, graph)
    assert graph.entities["QR06"].get("role_title") == "peer support worker"
    assert graph.entities["QR01"].get("role_title") == "Nurse prescriber"  # a descriptor's title is kept


# ---------------------------------------------------------------- works-with


def test_a_visit_to_the_household_named_in_the_sentence() -> None:
    texts, files = interview("QP01_Fieldnotes_2022-05-01.txt", ("QP01", "QR04"), "2022-05-01",
                             "Gwenllian (QR04) called round while I was there; Perpetua knows her well.\n", kind="Fieldnotes")
    graph = run(texts, files)
    assert ("QR04", "QP01") in rels(graph, "works-with")


def test_a_worker_named_by_role_is_the_one_the_file_lists() -> None:
    texts, files = interview("QP01_Fieldnotes_2022-05-01.txt", ("QP01", "QR04"), "2022-05-01",
                             "The community midwife was just leaving when I arrived for the visit.\n", kind="Fieldnotes")
    graph = run(texts, files)
    assert ("QR04", "QP01") in rels(graph, "works-with")


def test_a_role_the_file_lists_nobody_for_names_nobody() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: Anyone else?\nCrispin: The social worker comes out every month. She's from the council.\n")
    graph = run(texts, files)
    assert not rels(graph, "works-with")  # Idris is a social worker, but nothing places him here



def test_a_denied_tie_gives_no_works_with() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: Does anyone from Fernbank see you?\nCrispin: Fenella from Fernbank, the family worker. Never met her.\n"
                             "INT: And a social worker?\nCrispin: I've no social worker. Idris is not my worker, he's the wean's.\n")
    notes, note_files = interview("QP01_Fieldnotes_2022-02-01.txt", ("QP01",), "2022-02-01",
                                  "Perpetua said Barnaby is not her keyworker any more; she sees nobody at Fernbank.\n", kind="Fieldnotes")
    graph = run({**texts, **notes}, {**files, **note_files})
    assert not rels(graph, "works-with")


def test_a_professionals_answer_ties_only_the_participant_it_is_about() -> None:
    texts, files = interview("QS4_Interview_QR05.txt", ("QS4", "QR05"), "2022-01-01",
                             "Interviewer: You're working with one of our participants. Could you tell me about her?\n"
                             "QR05: Aye. Perpetua [QP01] first. Her boy is with his gran, Ottoline, on an order. Ottoline is very committed. "
                             "She's supported by Fenella in the kinship team. My role now is mainly home visits and the review.\n",
                             dataset=SERVICES)
    graph = run(texts, files)
    assert ("QR05", "QP01") in rels(graph, "works-with")
    assert ("QR05", "QF01") not in rels(graph, "works-with")
    assert ("QR02", "QF01") in rels(graph, "works-with")  # "supported by Fenella"


def test_a_professionals_answer_ties_every_participant_it_tags_with_a_code() -> None:
    texts, files = interview("QS4_Interview_QR05.txt", ("QS4", "QR05"), "2022-01-01",
                             "Interviewer: You're working with some of our participants. Could you tell me about them?\n"
                             "QR05: Perpetua [QP01] first. Her boy's doing fine at his gran's. Then there's Crispin [QP02]. "
                             "His girl is settled. Ottoline is the gran, a lovely woman.\n",
                             dataset=SERVICES)
    graph = run(texts, files)
    held = {c for p, c in rels(graph, "works-with") if p == "QR05"}
    assert held == {"QP01", "QP02"}


def test_a_couples_fieldnote_ties_a_visit_and_both_to_each_of_them() -> None:
    texts, files = interview("QP01_QP02_Fieldnotes_2022-04-01.txt", ("QP01", "QP02", "QR02"), "2022-04-01",
                             "Home visit to Perpetua and Crispin. Fenella (QR02) from Fernbank was there when I arrived, finishing her "
                             "weekly visit.\n\nBoth are still on methadone at Brackenridge and both still see Anwen.\n",
                             kind="Fieldnotes")
    graph = run(texts, files)
    held = rels(graph, "works-with")
    assert {("QR02", "QP01"), ("QR02", "QP02"), ("QR01", "QP01"), ("QR01", "QP02")} <= held
    assert {("QP01", "QS1"), ("QP02", "QS1")} <= rels(graph, "engages-with")


def test_going_to_a_professionals_group_ties_them() -> None:
    texts, files = interview("Focus_Group_2021-11-01.txt", ("QS2", "QR02", "QR04"), "2021-11-01",
                             "FAC: Anyone you work with?\nGwenllian: I'm Perpetua's midwife, she said I can mention her. "
                             "She's due in June, and she comes to Fenella's baby group.\n",
                             dataset=SERVICES, kind="Focus group")
    graph = run(texts, files)
    assert {("QR04", "QP01"), ("QR02", "QP01")} <= rels(graph, "works-with")


def test_picking_up_from_the_pharmacist_ties_them() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: Where do you get it?\nCrispin: Anwen does my script. And I pick up from Gwenllian at the chemist.\n")
    graph = run(texts, files)
    assert ("QR04", "QP02") in rels(graph, "works-with")


def two_marisols() -> Graph:
    graph = registry()
    graph.entities["QP01"].set("country", "England")
    graph.entities["QS1"].set("country", "England")
    graph.entities["QS2"].set("country", "Scotland")
    graph.add_entity(Entity("QR08", "professional", "Marisol")).set("role_title", "Health visitor")
    graph.entities["QR08"].set("country", "England")
    graph.add_entity(Entity("QR09", "professional", "Marisol")).set("role_title", "Health visitor")
    graph.relate("works-at", "QR09", "QS2", origin="descriptor")  # Scotland, by her service
    graph.add_entity(Entity("QR10", "professional", "Marisol")).set("role_title", "Recovery worker")
    graph.entities["QR10"].set("country", "England")
    graph.relate("works-at", "QR10", "QS1", origin="descriptor")
    return graph


def test_a_name_two_professionals_share_is_the_one_of_the_speakers_country_and_job() -> None:
    texts, files = interview("QP01_Interview1.txt", ("QP01",), "2022-01-01",
                             "INT: Who comes out?\nPerpetua: Marisol, health visitor, she comes out to see us.\n")
    graph = run(texts, files, two_marisols())
    assert {p for p, c in rels(graph, "works-with") if c == "QP01"} == {"QR08"}


def test_a_shared_name_at_a_service_the_sentence_names() -> None:
    texts, files = interview("QP01_Interview1.txt", ("QP01",), "2022-01-01",
                             "INT: Who else?\nPerpetua: Marisol is my worker at Brackenridge.\n")
    graph = run(texts, files, two_marisols())
    assert {p for p, c in rels(graph, "works-with") if c == "QP01"} == {"QR10"}


def test_a_shared_name_the_context_cannot_settle_names_nobody() -> None:
    texts, files = interview("QP01_Interview1.txt", ("QP01",), "2022-01-01",
                             "INT: Who else?\nPerpetua: Marisol is lovely, she's my worker.\n")
    graph = run(texts, files, two_marisols())
    assert not {p for p, c in rels(graph, "works-with") if c == "QP01"}


def test_a_shared_name_told_apart_by_a_short_job_name() -> None:
    graph = two_marisols()
    graph.entities["QR08"].set("role_title", "General practitioner")
    texts, files = interview("QP01_Interview1.txt", ("QP01",), "2022-01-01",
                             "INT: Anyone else?\nPerpetua: And Marisol, the GP. She always asks about the kids.\n")
    run(texts, files, graph)
    assert {p for p, c in rels(graph, "works-with") if c == "QP01"} == {"QR08"}


def test_a_speaker_label_two_people_share_is_the_one_the_file_lists() -> None:
    texts, files = interview("QS1_Interview_QR10.txt", ("QS1", "QR10"), "2022-01-01",
                             "INT: Who do you work with?\nMarisol: Perpetua [QP01] is one of mine, I see her weekly.\n", dataset=SERVICES)
    graph = run(texts, files, two_marisols())
    assert ("QR10", "QP01") in rels(graph, "works-with")


# ---------------------------------------------------------------- engagement in a fieldnote


def test_a_fieldnote_says_who_goes_where() -> None:
    texts, files = interview("QP01_Fieldnotes_2022-04-01.txt", ("QP01",), "2022-04-01",
                             "Perpetua now goes to the Tuesday parents' group at Fernbank. She is still on methadone through Brackenridge.\n",
                             kind="Fieldnotes")
    graph = run(texts, files)
    assert {("QP01", "QS2"), ("QP01", "QS1")} <= rels(graph, "engages-with")


def test_a_fieldnote_about_someone_elses_group_is_not_the_parents() -> None:
    texts, files = interview("QP01_Fieldnotes_2022-04-01.txt", ("QP01",), "2022-04-01",
                             "Perpetua's mum goes to the lunch club at Fernbank. Perpetua said her sister goes to Brackenridge.\n",
                             kind="Fieldnotes")
    graph = run(texts, files)
    assert not rels(graph, "engages-with")


def test_a_professional_who_may_talk_about_a_parent_works_with_them() -> None:
    texts, files = interview("Focus_Group_2021-11-01.txt", ("QS2", "QR02"), "2021-11-01",
                             "FAC: Any examples?\nFenella: Crispin's a good example, he's said I can talk about him.\n",
                             dataset=SERVICES, kind="Focus group")
    graph = run(texts, files)
    assert ("QR02", "QP02") in rels(graph, "works-with")


def test_being_told_to_go_is_not_going() -> None:
    texts, files = interview("QP02_Interview1.txt", ("QP02",), "2022-01-01",
                             "INT: Fernbank?\nCrispin: Anwen keeps on at me to go to Fernbank, for the dads. I've never set foot in Fernbank.\n")
    graph = run(texts, files)
    assert ("QP02", "QS2") not in rels(graph, "engages-with")
