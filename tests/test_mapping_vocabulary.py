"""A collection's mapping.toml adds its own words to the packaged data, for its own build only."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.coverage import coverage
from graphkit.errors import StrictModeError
from graphkit.extract.lexicon import lexicon
from graphkit.pipeline import build, build_graph

# Words in no devset: a buprenorphine brand the packaged list lacks, a local name for informal kinship care,
# a Doric word for a little girl, and a great-aunt called "auntie-nan".
PEOPLE = """ID code,Pseudonym,Participant type,Descriptor
ZM4,Perpetua,Mother,"Mother, 30s, England. Takes zubsolv. Son Ambrose (6) is on the kinfolk scheme."
ZM5,Clementine,Mother,"Mother, 40s, Scotland. Has a quinie, Isolde (3), who bides with her auntie-nan."
"""
SERVICES = "Service ID,Service name,Descriptor\nZS1,Quillon Row Clinic,NHS drug treatment service in England.\n"
LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"
MAPPING = """
[vocabulary.treatment]
buprenorphine = ["zubsolv"]

[shorthand.kinship-informal]
phrases = ["kinfolk scheme"]

[descriptor_grammar.child.nouns]
quinie = "f"

[kin.terms]
"auntie-nan" = [["parent", ""], ["parent", ""], ["sibling", "f"]]
"""


def _collection(root: Path, mapping: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "people_participants.csv").write_text(PEOPLE, encoding="utf-8")
    (root / "the_services.csv").write_text(SERVICES, encoding="utf-8")
    (root / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    if mapping is not None:
        (root / "mapping.toml").write_text(mapping, encoding="utf-8")
    return root


def _care(graph, parent: str) -> list[tuple[str, str | None, str]]:
    children = [r.target for r in graph.relations_of("parent-of", source=parent)]
    return [(r.attrs["arrangement"], r.attrs.get("carer"), r.evidence[0].quote)
            for c in children for r in graph.relations_of("care", source=c)]


def test_unknown_words_give_no_fact_until_the_mapping_adds_them(tmp_path: Path) -> None:
    plain = build_graph(_collection(tmp_path / "plain"))
    assert plain.entities["ZM4"].get("treatment") is None
    assert _care(plain, "ZM4") == []
    assert [c for c in plain.relations_of("parent-of", source="ZM5") if plain.entities[c.target].get("sex")] == []
    assert "kinship-care" not in [arrangement for arrangement, _, _ in _care(plain, "ZM5")]

    taught = build_graph(_collection(tmp_path / "taught", MAPPING))
    assert taught.problems == []
    mother = taught.entities["ZM4"]
    assert mother.get("treatment") == "buprenorphine"
    assert [ev.quote for ev in mother.evidence["treatment"]] == ["zubsolv"]
    assert mother.evidence["treatment"][0].column == "descriptor"
    assert _care(taught, "ZM4") == [("kinship-care", None, "kinfolk scheme")]
    daughter = [taught.entities[r.target] for r in taught.relations_of("parent-of", source="ZM5")]
    assert [(c.label, c.get("sex"), c.get("age")) for c in daughter] == [("Isolde", "female", 3)]
    assert _care(taught, "ZM5") == [("kinship-care", "great-aunt", "her auntie-nan")]


def test_additions_do_not_leak_into_the_next_build_or_the_packaged_data(tmp_path: Path) -> None:
    taught = build_graph(_collection(tmp_path / "taught", MAPPING))
    plain = build_graph(_collection(tmp_path / "plain"))
    again = build_graph(_collection(tmp_path / "taught"))
    assert taught.entities["ZM4"].get("treatment") == "buprenorphine"
    assert plain.entities["ZM4"].get("treatment") is None and _care(plain, "ZM4") == []
    assert again.entities["ZM4"].get("treatment") == "buprenorphine"
    # outside any build the matchers are the packaged data's alone
    assert lexicon("treatment").first("takes zubsolv") is None
    assert lexicon("treatment").first("on espranor").family == "buprenorphine"


@pytest.mark.parametrize("mapping, line, words", [
    ('[vocabulary.treatment]\nheroin-ish = ["smack"]\n', 2, ["[vocabulary.treatment] heroin-ish", "no family"]),
    ('[vocabulary.caer]\nkinship-care = ["x"]\n', 1, ["[vocabulary] caer", "no section"]),
    ('[vocabulary.care]\nadopted = 3\n', 2, ["[vocabulary.care] adopted", "list of phrases"]),
    ('[vocabulary.care]\nfoster-care = ["with (carers"]\n', 2, ["[vocabulary.care] foster-care", "not a valid phrase pattern"]),
    ('[vocabulary.numbers]\none = 5\n', 2, ["[vocabulary.numbers] one", "never replaces"]),
    ('[shorthand.kinship-informal]\narrangement = "foster-care"\n', 2, ["[shorthand.kinship-informal] arrangement", "never replaces"]),
    ('[shorthand.my-order]\nphrases = ["kin order"]\ncolour = "red"\n', 3, ["[shorthand.my-order] colour", "no entry"]),
    ('[kin.terms]\nnanna-jo = "parent"\n', 2, ["[kin.terms] nanna-jo", "shaped like"]),
    ('[vocabulary.kin]\nnanna-jo = ["grandparent"]\n', 1, ["[vocabulary] kin", "no section"]),  # kin words live in kin.toml
    ('[descriptor_grammar.age.ranges]\n"wee toddler" = [1, "3"]\n', 2, ['[descriptor_grammar.age.ranges] "wee toddler"', "shaped like"]),
])
def test_a_bad_entry_is_one_located_problem_and_strict_fails(tmp_path: Path, mapping: str, line: int, words: list[str]) -> None:
    root = _collection(tmp_path / "bad", mapping)
    problems = [p for p in build_graph(root).problems if p.where.startswith("mapping.toml")]
    assert len(problems) == 1, problems
    assert problems[0].where == f"mapping.toml, line {line}"
    assert all(w in problems[0].what for w in words), problems[0].what
    with pytest.raises(StrictModeError):
        build(root, tmp_path / "out", strict=True)


def test_a_bad_entry_leaves_the_good_ones_in_place(tmp_path: Path) -> None:
    root = _collection(tmp_path / "mixed", MAPPING + '\n[vocabulary.country]\nWales = ["Cardiff"]\n')
    graph = build_graph(root)
    assert [p.where for p in graph.problems] == [f"mapping.toml, line {len(MAPPING.splitlines()) + 3}"]
    assert graph.entities["ZM4"].get("treatment") == "buprenorphine"


def test_coverage_says_where_to_add_an_unexplained_phrase(tmp_path: Path) -> None:
    report = coverage(_collection(tmp_path / "plain"))
    mother = report.descriptors[0]
    span = next(s for s in mother.unexplained if "zubsolv" in s.text)
    assert "treatment" in mother.where_to_add[(span.start, span.end)]
    assert not any(s.text == "Mother" and (s.start, s.end) in mother.where_to_add for s in mother.unexplained)  # a role word is known
    text = CliRunner().invoke(cli, ["coverage", str(tmp_path / "plain")]).output
    assert "'Takes zubsolv'\n    if it says " in text and "the treatment: mapping.toml [vocabulary.treatment]" in text
    data = CliRunner().invoke(cli, ["coverage", str(tmp_path / "plain"), "--format", "json"]).output
    assert '"if_it_says": "the treatment"' in data and '"[vocabulary.treatment]"' in data
    taught = coverage(_collection(tmp_path / "taught", MAPPING)).descriptors[0]
    assert not any("zubsolv" in s.text for s in taught.unexplained)


def test_a_row_that_lacks_nothing_gets_no_suggestion(tmp_path: Path) -> None:
    root = _collection(tmp_path / "full", MAPPING)
    (root / "people_participants.csv").write_text(
        'ID code,Pseudonym,Participant type,Descriptor\nZM8,Wilhelmina,Mother,"Mother, 30s, England, lives alone. Methadone. '
        'Keeps racing pigeons."\n', encoding="utf-8")
    row = coverage(root).descriptors[0]
    assert [s.text for s in row.unexplained if "pigeons" in s.text] and row.where_to_add == {}


INTERVIEW = """INT: Tell me about your children.
Philippa: I've got one boy, Fergus, he's nine. He's been on the kinfolk scheme since the spring.
INT: How is that going?
Philippa: It's fine. I see him on Sundays.
"""


def test_a_vocabulary_addition_reaches_the_texts_with_their_evidence(tmp_path: Path) -> None:
    def built(root: Path, mapping: str | None):
        _collection(root, mapping)
        (root / "people_participants.csv").write_text(PEOPLE + 'ZM7,Philippa,Mother,"Mother, 30s, England. Methadone."\n', encoding="utf-8")
        (root / "x_metadata.csv").write_text(LISTING + "ZM7_Interview1.txt,Parent/Family,Interview,ZM7,2022-03-01,England\n", encoding="utf-8")
        (root / "ZM7_Interview1.txt").write_text(INTERVIEW, encoding="utf-8")
        return build_graph(root)

    plain = built(tmp_path / "plain", None)
    assert _care(plain, "ZM7") == []
    taught = built(tmp_path / "taught", '[vocabulary.care]\nkinship-care = ["on the kinfolk scheme"]\n')
    care = [r for c in taught.relations_of("parent-of", source="ZM7") for r in taught.relations_of("care", source=c.target)]
    assert [(r.attrs["arrangement"], r.evidence[0].file, r.evidence[0].line_start) for r in care] == [
        ("kinship-care", "ZM7_Interview1.txt", 2)]
    assert "kinfolk scheme" in care[0].evidence[0].quote


def test_every_data_file_takes_additions_through_one_loader(tmp_path: Path) -> None:
    from graphkit.data import collection_data, load_toml
    from graphkit.readers.mapping import read_additions

    root = _collection(tmp_path / "files", MAPPING + '\n[patterns.care_text]\nindependent = ["got a wee bothy of (?:his|her) own"]\n'
                       '\n[descriptor_grammar.age]\nprefixes = ["gey near"]\n\n[vocabulary.numbers]\nthirteen-ish = 13\n')
    additions, problems = read_additions(root)
    assert problems == []
    with collection_data(additions):
        assert "got a wee bothy of (?:his|her) own" in load_toml("patterns.toml")["care_text"]["independent"]
        assert load_toml("descriptor_grammar.toml")["age"]["prefixes"][-1] == "gey near"
        assert "aged" in load_toml("descriptor_grammar.toml")["age"]["prefixes"]  # added to, never replaced
        assert load_toml("kin.toml")["terms"]["auntie-nan"][-1] == ["sibling", "f"]
        assert load_toml("vocabulary.toml")["numbers"]["thirteen-ish"] == 13
        assert load_toml("descriptor_grammar.toml")["child"]["nouns"]["quinie"] == "f"
    assert "gey near" not in load_toml("descriptor_grammar.toml")["age"]["prefixes"]
    assert "auntie-nan" not in load_toml("kin.toml")["terms"]
