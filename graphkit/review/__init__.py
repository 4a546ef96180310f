"""The researcher's review: decisions on extracted facts, kept as data beside the collection and applied on
every build, the review page and list, the extraction cache that makes a rebuild after a decision fast.

``decisions`` (the file and applying it), ``facts`` (the review list and summary), ``cache`` (the
extraction cache), ``doubts`` (reasons to doubt a fact), ``provenance`` (PROV-O of the decisions),
``page`` (the review page), ``server`` (the page's local server that saves decisions).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

from graphkit.errors import CollectionError
from graphkit.model import Graph
from graphkit.review.cache import Cached, Extracted, cached_extract
from graphkit.review.decisions import ARRANGEMENTS, REVIEWABLE, Applied, ReadText, apply_decisions, decisions_path
from graphkit.review.doubts import note_doubts
from graphkit.review.facts import RELATION_FAMILIES, STATES, orphan_records, review_facts, summary
from graphkit.stores.files import write_text_atomic

STATE_FILE = "review.json"


def _reader(collection: Path) -> ReadText:
    """A data file's text by its path in the collection (None when it cannot be read or lies outside)."""
    from graphkit.readers.documents import read_document

    root = Path(collection).resolve()

    def read_text(rel: str) -> str | None:
        path = (root / rel).resolve()
        if not path.is_relative_to(root):
            return None
        try:
            return read_document(path)
        except (CollectionError, OSError):
            return None

    return read_text


def extract_for_review(collection: Path, out: Path, extract: Callable[[], Extracted]) -> Cached:
    """``extract()``'s model (with its reasons for doubt) and texts, from ``<out>/cache`` when nothing they
    rest on changed."""

    def fresh() -> Extracted:
        from graphkit.coverage import measure
        from graphkit.readers.collection import read_collection

        graph, texts = extract()
        report = measure(graph, read_collection(Path(collection)).tables)
        unexplained = {(d.file, d.row): [(s.start, s.end, s.text) for s in d.unexplained] for d in report.descriptors}
        return note_doubts(graph, _reader(collection), unexplained), texts

    return cached_extract(Path(collection), Path(out), fresh)


def apply_review(graph: Graph, collection: Path, decisions: Path | None = None) -> Applied:
    """Apply the collection's decisions (or those in ``decisions``) to ``graph``, before any output is made."""
    return apply_decisions(graph, decisions_path(collection, decisions), _reader(collection))


def review_state(graph: Graph, applied: Applied, collection: Path, out: Path | None = None) -> dict[str, Any]:
    """What the review page and ``graphkit review`` read. The collection and decisions are named relative to
    ``out`` (the same collection gives the same file wherever the two folders are moved together)."""
    facts = review_facts(graph, applied)
    base = Path(out or collection).resolve()
    return {
        "collection": os.path.relpath(Path(collection).resolve(), base), "decisions": os.path.relpath(applied.path.resolve(), base),
        "summary": summary(facts), "facts": facts, "orphans": orphan_records(applied),
        "registry": {e.id: {"kind": e.kind, "label": e.label} for e in graph.of_kind(
            "parent", "family-member", "professional", "service", "child", "person")},
        "files": sorted(graph.files), "states": list(STATES), "kinds": list(REVIEWABLE),
        "groups": RELATION_FAMILIES, "arrangements": {k: list(v) for k, v in ARRANGEMENTS.items()},
    }


def state_json(state: dict[str, Any]) -> str:
    """``review.json``'s text, which the review page embeds as it is. One line: json's C encoder only runs
    without ``indent`` (``indent=1`` took three times as long), and every reader parses it."""
    from graphkit.views.html import compact_json

    return compact_json(state)


def write_review(graph: Graph, applied: Applied, collection: Path, out: Path) -> dict[str, Path]:
    """``review.json`` (the list, the summary, the orphans) and ``review.html`` (the page) in ``out``."""
    from graphkit.review.page import render_review_page

    text = state_json(review_state(graph, applied, collection, out))
    json_path, page_path = Path(out) / STATE_FILE, Path(out) / "review.html"
    write_text_atomic(json_path, text + "\n")
    write_text_atomic(page_path, render_review_page(text))
    return {"review": json_path, "review_page": page_path}


def read_state(out: Path) -> dict[str, Any]:
    path = Path(out) / STATE_FILE
    if not path.is_file():
        raise CollectionError(f"{out}: no {STATE_FILE} (build the collection with `graphkit build` first)")
    return json.loads(path.read_text(encoding="utf-8"))


def source_paths(out: Path) -> tuple[Path, Path]:
    """The collection and the decisions file the build in ``out`` was made from."""
    state, base = read_state(out), Path(out).resolve()
    return (base / state["collection"]).resolve(), (base / state["decisions"]).resolve()
