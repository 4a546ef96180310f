"""The query page ``graphkit serve`` shows at ``/sparql``: a form, the standard questions, results as a table.

No script of its own and nothing loaded: the form submits by GET to the same
page, and the server renders the answer (SPARQL JSON results) as an escaped table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from graphkit.views.html import csp, render_page, with_csp

FORM_ACTION = "'self'"


@dataclass(frozen=True)
class QueryPage:
    html: str
    csp: str  # also sent as a header, so the policy holds even where a meta element would not


def _cell(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    return "_:" + term["value"] if term.get("type") == "bnode" else term.get("value", "")


def render_query_page(questions: dict[str, str], *, query: str = "", results: dict[str, Any] | None = None,
                      error: str | None = None, truncated: bool = False, shown: int = 1000,
                      max_rows: int = 100_000) -> QueryPage:
    """The page for ``query`` with its ``results`` (SPARQL 1.1 JSON results) or ``error``."""
    columns: list[str] = []
    rows: list[list[str]] = []
    boolean = None
    if results is not None and "boolean" in results:
        boolean = bool(results["boolean"])
    elif results is not None:
        columns = list(results["head"].get("vars", []))
        rows = [[_cell(b.get(c)) for c in columns] for b in results["results"]["bindings"]]
    links = [{"name": name, "href": "/sparql?" + urlencode({"query": text})} for name, text in questions.items()]
    page = with_csp(render_page("sparql.html", questions=links, query=query, error=error, boolean=boolean,
                                columns=columns, rows=rows, truncated=truncated, shown=shown, max_rows=max_rows),
                    form_action=FORM_ACTION)
    return QueryPage(page, csp(page, form_action=FORM_ACTION))
