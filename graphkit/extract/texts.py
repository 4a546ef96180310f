"""Facts from the transcripts and fieldnotes (speaker-aware), each with its passage.

Stages: speakers.py cuts a file into voiced turns and sentences; walker.py
resolves each sentence's mentions; arrangements.py and links.py read the
facts; timeline.py decides which arrangement is current. Files are read in
date order, so a child first named in an early interview is known when a
later text describes them ("the older girl").
"""

from __future__ import annotations

from graphkit.extract.aliases import common_words, descriptor_aliases, mapping_aliases, name_table, report_ambiguous, stated_aliases
from graphkit.extract.arrangements import care_rule, contact_rule
from graphkit.extract.households import household_rule, partner_rule
from graphkit.extract.links import engagement_rule, works_at_rule, works_with_rule
from graphkit.extract.mentions import Index
from graphkit.extract.speakers import Document, read_document, revoice
from graphkit.extract.timeline import infer_engagements, name_date, resolve
from graphkit.extract.walker import Statement, walk
from graphkit.model import DataFile, Graph
from graphkit.readers.collection import Collection

RULES = [partner_rule, household_rule, care_rule, contact_rule, works_at_rule, works_with_rule, engagement_rule]


def _is_study_material(data_file: DataFile | None) -> bool:
    """Protocols, schedules and information sheets talk about nobody in particular."""
    if data_file is None:
        return False
    words = f"{data_file.dataset or ''} {data_file.type or ''}".lower()
    return "study material" in words or "study materials" in words


def _read_in_date_order(graph: Graph, texts: dict[str, str], files: dict[str, DataFile]) -> list[Document]:
    """The texts that talk about people, dated by the listing, else the header, else the file name; undated last."""
    docs = [read_document(rel, texts[rel], files.get(rel), graph) for rel in texts if not _is_study_material(files.get(rel))]
    for doc in docs:
        doc.date = doc.date or name_date(doc.path)
    return sorted(docs, key=lambda d: (d.date or "9999", d.path))  # undated texts never override dated ones


def extract_text_facts(graph: Graph, texts: dict[str, str], files: dict[str, DataFile] | None = None) -> list[Statement]:
    """Run every rule over ``texts`` (path -> text) and write the relations into ``graph``."""
    files = files if files is not None else graph.files
    docs = _read_in_date_order(graph, texts, files)
    # a nickname a later file states ("the Bothy", "Ally") is known before the first file is read
    stated_aliases(graph, docs)
    names = name_table(graph, common_words(doc.text for doc in docs))
    report_ambiguous(graph, names, {doc.path: doc.text for doc in docs})
    index = Index(graph, names)
    statements: list[Statement] = []
    for doc in docs:
        revoice(doc, graph)  # a label may be a name stated since the file was cut, or a person an earlier file named
        walk(graph, index, doc, RULES, statements)
    resolve(graph, statements)
    infer_engagements(graph)
    return statements


def listing_engagements(collection: Collection, graph: Graph) -> None:
    """A family's own file (Parent/Family data set) that the listing says a service took part in: the family uses it.

    Only when the file lists exactly one participant, so a service is never
    pinned on the wrong family; the evidence is the listing row's ID cell.
    """
    from graphkit.extract.registry import RowSource

    table = collection.tables.get("listing")
    if table is None:
        return
    rows = {row.number: row for row in table.rows}
    for data_file in sorted(collection.files.values(), key=lambda f: f.path):
        dataset = (data_file.dataset or "").lower()
        if "parent" not in dataset and "family" not in dataset:
            continue
        kinds = {i: graph.entities[i].kind for i in data_file.ids if i in graph.entities}
        people = [i for i, k in kinds.items() if k in ("parent", "family-member")]
        services = [i for i, k in kinds.items() if k == "service"]
        row = rows.get(data_file.listing_row or -1)
        if len(people) != 1 or not services or row is None:
            continue
        for service in services:
            graph.relate("engages-with", people[0], service, RowSource(table, row, "ids").evidence(), origin="listing")


def extract_texts(collection: Collection, graph: Graph, texts: dict[str, str]) -> None:
    """Add the relations that only the texts carry (and the ones the listing implies)."""
    mapping_aliases(graph, collection.root)
    if "services" in collection.tables:
        descriptor_aliases(graph, collection.tables["services"])
    extract_text_facts(graph, texts, {**collection.files, **graph.files})
    listing_engagements(collection, graph)
