"""``<out>/texts.json``: the texts a graph was built from, redacted, so exports can quote whole sources.

Evidence offsets point into the texts as read; the identifiers a build
redacts change lengths, so each text is stored redacted together with its
edits (original ``start``, ``end``, placeholder), and
:meth:`graphkit.redaction.RedactedText.span` carries an evidence span over.
"""

from __future__ import annotations

import json
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.redaction import RedactedText
from graphkit.stores.files import write_text_atomic
from graphkit.stores.memo import canonical, digest

TEXTS_FILE = "texts.json"
FORMAT = "graphkit-texts/1"


def write_source_texts(texts: dict[str, RedactedText], out: Path) -> Path:
    """Write every text (keyed by its collection-relative path) atomically; return the file."""
    doc = {
        "format": FORMAT,
        "texts": {rel: {"text": t.text, "redacted": [list(edit) for edit in t.edits]} for rel, t in sorted(texts.items())},
    }
    path = Path(out) / TEXTS_FILE
    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return path


def texts_digest(texts: dict[str, RedactedText]) -> bytes:
    """A hash of what :func:`write_source_texts` writes ``texts`` from (keyed by value, as every memo part is)."""
    return digest(canonical(sorted((rel, text.text, text.edits) for rel, text in texts.items())))


def read_source_texts(out: Path) -> dict[str, RedactedText]:
    """The texts :func:`write_source_texts` wrote into ``out``."""
    path = Path(out) / TEXTS_FILE
    if not path.is_file():
        raise GraphkitError(f"{out}: no {TEXTS_FILE} here; build the graph again with `graphkit build` (this version writes it)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT:
            raise ValueError(f"format is {doc.get('format')!r}, expected {FORMAT!r}")
        return {
            rel: RedactedText(item["text"], tuple((int(s), int(e), str(p)) for s, e, p in item["redacted"]))
            for rel, item in doc["texts"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GraphkitError(f"{path}: not a texts file graphkit wrote ({exc})") from exc
