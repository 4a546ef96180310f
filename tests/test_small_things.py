"""Issue 18.15, the small things a first reader saw (phrasings written for these tests, in no devset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.model import Graph
from graphkit.pipeline import build_graph

LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"
SERVICES = """Service ID,Service name,Descriptor
QR4,Rowan Lodge,"NHS substance misuse service, Wales."
"""


def _collection(tmp_path: Path, people: str, services: str = SERVICES) -> Graph:
    (tmp_path / "people_participants.csv").write_text("ID code,Pseudonym,Participant type,Descriptor\n" + people, encoding="utf-8")
    (tmp_path / "services.csv").write_text(services, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    return build_graph(tmp_path)


@pytest.mark.parametrize("descriptor", [
    "QR4: outreach nurse, Rowan Lodge, Wales.",
    "QR4 - outreach nurse, Wales.",
    "Rowan Lodge: outreach nurse, Wales.",
    "Outreach nurse, QR4, Wales.",
])
def test_a_role_title_headed_by_its_service_is_the_title_alone(tmp_path: Path, descriptor: str) -> None:
    graph = _collection(tmp_path, f'QW9,Fen,Professional,"{descriptor}"\n')
    worker = graph.entities["QW9"]
    assert worker.get("role_title").lower() == "outreach nurse"
    assert [ev.quote.lower() for ev in worker.evidence["role_title"]] == ["outreach nurse"]
    assert [r.target for r in graph.relations.values() if r.kind == "works-at" and r.source == "QW9"] == ["QR4"]
