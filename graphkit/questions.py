"""The standard questions (query-contract.md) and how to answer them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError

if TYPE_CHECKING:
    from pyoxigraph import Store

STANDARD = (
    "parents",
    "children-care",
    "kinship-care-services",
    "service-engagement",
    "professionals",
    "works-with",
    "contact",
    "profile",
)
COLUMNS = {
    "parents": ["parent_id", "pseudonym", "role", "country", "household", "partner_in_treatment", "n_children"],
    "children-care": ["parent_id", "child_id", "child_name", "age_group", "care_arrangement", "carer", "country"],
    "kinship-care-services": ["child_id", "child_name", "parent_id", "carer", "service_id", "service_name", "service_type"],
    "service-engagement": ["parent_id", "service_id", "service_name", "service_type", "evidence_count"],
    "professionals": ["professional_id", "pseudonym", "role_title", "service_id", "service_name", "country"],
    "works-with": ["professional_id", "parent_id", "evidence_count"],
    "contact": ["parent_id", "child_id", "child_name", "arrangement", "evidence_count"],
    "profile": ["measure", "published", "observed", "note"],
}


@dataclass(frozen=True)
class Question:
    name: str
    language: str  # "sparql" or "cypher"
    text: str


def load_question(name_or_path: str, language: str = "sparql") -> Question:
    """A standard question by name, or any ``.rq`` / ``.cypher`` file by path."""
    suffix = ".rq" if language == "sparql" else ".cypher"
    path = Path(name_or_path)
    if path.suffix in (".rq", ".sparql", ".cypher"):
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return Question(path.stem, "cypher" if path.suffix == ".cypher" else "sparql", path.read_text(encoding="utf-8"))
    if name_or_path not in STANDARD:
        close = difflib.get_close_matches(name_or_path, STANDARD, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        raise QueryError(f"unknown question {name_or_path!r}: {hint}one of {', '.join(STANDARD)}, or a path to a query file")
    text = resources.files("graphkit.queries").joinpath(name_or_path + suffix).read_text(encoding="utf-8")
    return Question(name_or_path, language, text)


def answer(question: Question, graph_dir: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """Answer a SPARQL question from the embedded store of a built graph."""
    from graphkit.stores.oxigraph import open_store

    _sparql_only(question)
    return answer_from(question, open_store(graph_dir))


def _sparql_only(question: Question) -> None:
    if question.language != "sparql":
        raise QueryError(f"{question.name}: a Cypher query needs --backend neo4j")


def answer_from(question: Question, store: "Store") -> tuple[list[str], list[dict[str, Any]]]:
    """Answer a SPARQL question from a pyoxigraph store (a build's, or one made in memory)."""
    from graphkit.stores.oxigraph import run_select

    _sparql_only(question)
    columns, rows = run_select(store, question.text)
    return COLUMNS.get(question.name, columns) if question.name in STANDARD else columns, rows


def answer_neo4j(question: Question, uri: str, user: str | None, password: str | None, database: str | None) -> tuple[list[str], list[dict[str, Any]]]:
    """Answer a Cypher question from a Neo4j database loaded by ``graphkit neo4j load``."""
    from graphkit.stores.neo4j_load import run_cypher

    if question.language != "cypher":
        raise QueryError(f"{question.name}: a SPARQL query needs the oxigraph backend")
    auth = (user, password or "") if user else None
    rows = run_cypher(uri, auth, database, question.text, {})
    columns = COLUMNS.get(question.name) if question.name in STANDARD else (list(rows[0]) if rows else [])
    return columns, rows
