"""The study-materials documents (protocol, letters, blank forms, schedules)."""

from __future__ import annotations

import random
from typing import Any

from graphkit.sample.phrases import fill, load
from graphkit.sample.textkit import FileSpec, header


def material_docs() -> list[dict[str, Any]]:
    return list(load("materials")["docs"])


def material_text(rng: random.Random, spec: FileSpec) -> str:
    doc = next(d for d in material_docs() if d["file"] == spec.extra["doc"])
    pools = load("materials")["pools"]
    version = doc["file"].rsplit("_v", 1)[-1] if "_v" in doc["file"] else "1"
    slots = {"audience": doc.get("audience", "participant"), "version": version}
    body = [doc["title"].upper() if rng.random() < 0.5 else doc["title"], ""]
    for key in doc["body"]:
        body += [fill(x, slots) for x in pools[key]] + [""]
    head = header(spec, "Relations study team", "none", "", rng)
    return "\n".join(head + body).rstrip() + "\n"
