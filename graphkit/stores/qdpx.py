"""Write a built graph as a REFI-QDA project archive (``.qdpx``), checked against the standard's schema.

The archive is a zip holding ``project.qde`` (see :mod:`graphkit.projections.qde`) and
``sources/<guid>.txt``. It is built in memory, validated against the shipped
``graphkit/data/refi-qda/Project.xsd`` (QDA-XML 1.0, MIT, REFI) and written atomically; an
invalid document is never written. Zip entries carry a fixed time stamp and mode, so two
exports of one graph are byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.model import Problem
from graphkit.projections.qde import project_document
from graphkit.stores.files import write_bytes_atomic
from graphkit.stores.neo4j_csv import read_rows
from graphkit.stores.source_texts import read_source_texts

PROJECT_FILE = "project.qde"
SCHEMA = "refi-qda/Project.xsd"
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_STUDY_TITLE = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX disco: <http://rdf-vocabulary.ddialliance.org/discovery#>
SELECT ?title WHERE { ?study a disco:Study ; dcterms:title ?title } ORDER BY ?title LIMIT 1
"""


@dataclass
class QdpxExport:
    path: Path
    counts: dict[str, int]
    problems: list[Problem]


@lru_cache(maxsize=1)
def _schema():  # -> lxml.etree.XMLSchema
    from lxml import etree

    with resources.files("graphkit.data").joinpath(SCHEMA).open("rb") as handle:
        return etree.XMLSchema(etree.parse(handle, etree.XMLParser(resolve_entities=False, no_network=True)))


def schema_errors(document: bytes) -> list[str]:
    """Where ``document`` breaks Project.xsd (line: message); empty when it validates."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    tree = etree.fromstring(document, parser)
    schema = _schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _study_title(graph_dir: Path) -> str:
    from graphkit.stores.oxigraph import open_store, run_select

    try:
        rows = run_select(open_store(graph_dir), _STUDY_TITLE)[1]
    except GraphkitError:
        return graph_dir.resolve().name
    return str(rows[0]["title"]) if rows else graph_dir.resolve().name


def _archive(document: bytes, sources: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [(PROJECT_FILE, document), *sorted(sources.items())]:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.create_system = 3  # Unix, so the mode below is read
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def export_qdpx(graph_dir: Path, out: Path) -> QdpxExport:
    """Write ``out`` (a .qdpx) from the graph built in ``graph_dir``; raise before writing if it would not validate."""
    graph_dir = Path(graph_dir)
    project = project_document(read_rows(graph_dir), read_source_texts(graph_dir), name=_study_title(graph_dir))
    errors = schema_errors(project.xml)
    if errors:
        # a defect of graphkit, not of the data: say so rather than hand a tool a file it may misread
        raise GraphkitError(f"{PROJECT_FILE} does not validate against Project.xsd: " + "; ".join(errors[:5]))
    write_bytes_atomic(Path(out), _archive(project.xml, project.sources))
    return QdpxExport(Path(out), project.counts, project.problems)
