"""Is a SPARQL text a plain read of the served store? Decided on the parsed query, not on its text.

A lexical scan (``check_read_only``) goes first because it is cheap and names
the keyword it refused; but text can hide a keyword from a scan (``ex:a\\#x``
read as a comment start, ``1SERVICE`` as one word), so the query is then
parsed by rdflib's SPARQL grammar and its algebra walked for ``SERVICE`` and
dataset clauses. A text rdflib cannot parse is refused: what cannot be checked
does not run. The engine is locked down as well (see ``sparql_worker``).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from graphkit.errors import QueryError
from graphkit.stores.oxigraph import check_read_only

# The four query forms, by the name rdflib's algebra gives each.
FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
# rdflib warns on stderr about odd IRIs in a query; a hostile query should not write to the terminal.
logging.getLogger("rdflib").setLevel(logging.ERROR)


class UncheckedQuery(QueryError):
    """rdflib could not parse the text, so nothing about it is known (it may still be valid SPARQL)."""


def _names(tree: Any) -> set[str]:
    """The names of every node of a parse tree or algebra (iterative: a deep query must not overflow)."""
    names: set[str] = set()
    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return names


@lru_cache(maxsize=32)  # the standard questions and a few more; a query may be 1 MiB
def check_query(text: str) -> str:
    """The form of a read-only query ("select", "ask", "construct", "describe"); QueryError for anything else."""
    check_read_only(text)
    try:
        parsed = parseQuery(text)
        algebra = translateQuery(parsed).algebra
    except Exception as exc:  # noqa: BLE001 -- pyparsing, rdflib's translation and RecursionError all mean "not checked"
        raise UncheckedQuery(f"refused: the read-only check cannot parse this query ({_first_line(exc)})") from exc
    names = _names(parsed) | _names(algebra)
    if "ServiceGraphPattern" in names:
        raise QueryError("refused: SERVICE is not allowed (this endpoint never calls another one)")
    if "DatasetClause" in names or algebra.get("datasetClause"):
        raise QueryError("refused: FROM / FROM NAMED are not allowed (queries read this store's graph only)")
    form = FORMS.get(algebra.name)
    if form is None:
        raise QueryError(f"refused: {algebra.name} is not a read-only query form")
    return form


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]
