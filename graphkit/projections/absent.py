"""One rule for a value that is not there, in every output: it is left out.

``None``, an empty string and an empty list all mean "not known" in the model. No output writes them
as a value: no empty GraphML attribute, no empty Neo4j list or string (which ``neo4j-admin import``
would not store either), no ``""`` literal in RDF or JSON-LD. An output that cannot tell absent from
empty would make a reader count an unknown as an answer.
"""

from __future__ import annotations

from typing import Any


def is_absent(value: Any) -> bool:
    """Whether ``value`` says nothing: ``None``, ``""`` or a list, tuple or set of such values."""
    if value is None or value == "":
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(is_absent(item) for item in value)
    return False


def present(value: Any) -> Any:
    """``value`` without its absent items (a list keeps its order); call only where ``is_absent`` is false."""
    if isinstance(value, (list, tuple)):
        return [item for item in value if not is_absent(item)]
    return value


def present_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """The attributes that hold a value, sorted by name, each without its absent items."""
    return {name: present(value) for name, value in sorted(attrs.items()) if not is_absent(value)}
