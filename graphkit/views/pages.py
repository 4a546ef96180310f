"""``write_views``: every HTML page of a build, written atomically into ``<out>``.

::

    <out>/network.html              the whole graph (vis-network, offline)
    <out>/families/index.html       a list of the ecomaps
    <out>/families/<id>.html        one ecomap per parent and family member
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from graphkit.model import Graph, Relation
from graphkit.stores.files import replace_dir_atomic, write_text_atomic
from graphkit.stores.memo import Memo, canonical, digest
from graphkit.views.ecomap import Ecomap, Tie, build_ecomap, index_relations, render_svg
from graphkit.views.changes import family_changes, passage_anchor, render_strip
from graphkit.views.history import fieldwork_dates, spans
from graphkit.views.html import asset, assets_digest, render_page, with_csp
from graphkit.views.network import evidence_record, legend_lines, line_key, page_name, relation_label, render_network

PARTICIPANT_KINDS = ("parent", "family-member")


def _render(template: str, **values: Any) -> str:
    return with_csp(render_page(template, **values))


def _ends(graph: Graph, rel: Relation) -> str:
    def name(entity_id: str) -> str:
        entity = graph.entities.get(entity_id)
        return f"{entity.label} ({entity_id})" if entity is not None and entity.label else entity_id
    return f"{name(rel.source)} \u2192 {name(rel.target)}"


def _tie_record(graph: Graph, tie: Tie) -> dict[str, Any]:
    return {
        "anchor": tie.anchor,
        "words": tie.words,
        "relations": [{"ends": _ends(graph, rel), "label": relation_label(rel),
                       "evidence": [{**evidence_record(ev), "anchor": passage_anchor(tie, i, ev)} for ev in sorted(rel.evidence)]}
                      for i, rel in enumerate(tie.relations)],
    }


def _key(ties: list[Tie]) -> list[dict[str, str]]:
    """The line key: the network legend's entry for each line style drawn (an engagement's width aside)."""
    legend = {line["label"]: line for line in legend_lines()}
    seen: dict[str, dict[str, str]] = {}
    for tie in ties:
        seen.setdefault(tie.style.label, legend.get(tie.style.label) or line_key(tie.style))
    return list(seen.values())


def _memoised(memo: Memo | None, inputs: Any, render: Callable[[], str]) -> str:
    """``render()``, or the page ``memo`` kept under ``inputs``: everything the page is rendered from (by
    value: :func:`~graphkit.stores.memo.canonical`, as the other memos key their parts)."""
    if memo is None:
        return render()
    key = digest(assets_digest() + canonical(inputs))
    page = memo.get(key)
    if page is None:
        page = render()
        memo.put(key, page)
    return page


def render_ecomap_page(graph: Graph, entity_id: str, page_of: dict[str, str],
                       around: dict[str, list[Relation]] | None = None, found: dict[str, dict] | None = None,
                       fieldwork: list[str] | None = None, memo: Memo | None = None) -> str:
    """The finished ecomap page of one participant (no script: the SVG links to its evidence list); from
    ``memo`` when the drawing and all else the page shows are as in the build that kept it."""
    # Links inside families/ are relative to that folder.
    local = {k: v.removeprefix("families/") for k, v in page_of.items()}
    emap = build_ecomap(graph, entity_id, local, around)
    found = spans(graph) if found is None else found
    fieldwork = fieldwork_dates(graph) if fieldwork is None else fieldwork
    return _memoised(memo, _drawn(graph, emap, found, fieldwork), lambda: _ecomap_page(graph, emap, found, fieldwork))


def _drawn(graph: Graph, emap: Ecomap, found: dict[str, dict], fieldwork: list[str]) -> tuple:
    """What :func:`_ecomap_page` reads: the drawing (its participant, people, lines and their relations), the
    labels of the lines' ends, the lines' spans and the first and last day of the fieldwork."""
    relations = [rel for tie in emap.ties for rel in tie.relations]
    ends = sorted({end for rel in relations for end in (rel.source, rel.target)})
    labels = [(end, graph.entities[end].label if end in graph.entities else None) for end in ends]
    return emap, labels, [found.get(rel.id) for rel in relations], fieldwork[:1] + fieldwork[-1:]


def _ecomap_page(graph: Graph, emap: Ecomap, found: dict[str, dict], fieldwork: list[str]) -> str:
    entity = emap.centre
    facts = [(k.replace("_", " "), str(entity.get(k))) for k in ("role", "country", "household", "age_band", "treatment")
             if entity.get(k) not in (None, "")]
    changes = family_changes(graph, emap.ties, found)
    timeline = None
    if changes and fieldwork:
        timeline = {"svg": Markup(render_strip(changes, fieldwork[0], fieldwork[-1])), "changes": changes}
    return _render("ecomap.html", name=entity.label or entity.id, entity_id=entity.id, kind=entity.kind, facts=facts,
                   svg=Markup(render_svg(emap)), key=_key(emap.ties), ties=[_tie_record(graph, t) for t in emap.ties],
                   timeline=timeline, ecomap_js=Markup(asset("ecomap.js")))


def _about(graph: Graph, entity_id: str, around: dict[str, list[Relation]]) -> str:
    entity = graph.entities[entity_id]
    words = [str(entity.get(k)) for k in ("role", "country") if entity.get(k)]
    children = sum(1 for rel in around.get(entity_id, []) if rel.kind == "parent-of" and rel.source == entity_id)
    if children:
        words.append(f"{children} child{'ren' if children > 1 else ''}")
    return ", ".join(words)


def write_views(graph: Graph, out: Path, *, seed: int = 0, memo: Memo | None = None) -> dict[str, Path]:
    """Write ``network.html`` and ``families/*.html`` into ``out``; return what was written by name. With
    ``memo``, a family page whose inputs are as in the build that kept it is taken from there (a review
    decision changes a family or two)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    families = out / "families"
    participants = [e.id for e in graph.of_kind(*PARTICIPANT_KINDS)]
    page_of = {p: "families/" + page_name(p) for p in participants}
    found, fieldwork = spans(graph), fieldwork_dates(graph)
    write_text_atomic(out / "network.html", render_network(graph, seed=seed, found=found, dates=fieldwork))
    around = index_relations(graph)
    # The ecomaps are written into a fresh folder that replaces the old one whole: no mix of two
    # builds, no stale page of someone since withdrawn, and one sync instead of an fsync per page.
    fresh = Path(tempfile.mkdtemp(prefix=".families-", dir=out))
    try:
        for participant in participants:
            page = render_ecomap_page(graph, participant, page_of, around, found, fieldwork, memo)
            (fresh / page_name(participant)).write_text(page, encoding="utf-8")
        rows = [{"id": p, "name": graph.entities[p].label or "", "page": page_name(p), "about": _about(graph, p, around)}
                for p in participants]
        index = _memoised(memo, rows, lambda: _render("families.html", rows=rows))
        (fresh / "index.html").write_text(index, encoding="utf-8")
        os.sync()
        replace_dir_atomic(fresh, families)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return {"network": out / "network.html", "families": families}
