"""Facts from the transcripts and fieldnotes (speaker-aware), each with its passage."""

from __future__ import annotations

from graphkit.model import Graph
from graphkit.readers.collection import Collection


def extract_texts(collection: Collection, graph: Graph, texts: dict[str, str]) -> None:
    """Add the relations that only the texts carry."""
