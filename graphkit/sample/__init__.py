"""A full-size sample of the Relations Study collection, and its truth.

The real deposit is access-controlled, so graphkit generates a collection of
the same shape (collection-format.md): the data listing, participant and
service tables, 122 Parent/Family, 183 Services/Professionals and 25
Study-materials files, whose population reproduces every figure of the
published profile. ``gold.json`` (GOLD-SCHEMA.md) is written beside, never
inside, the collection folder.

Layers: population.py / plan_services.py decide who exists (model.py);
descriptors.py, parent_texts.py, fieldnotes.py, prof_texts.py and
materials.py word it (wording lives in data/*.toml); plan_files.py decides
which files exist; writer.py writes them; gold.py writes the truth.

Time: descriptors hold the state at recruitment, and the profile counts
follow them. A few children change arrangement later; a dated fieldnote says
so and gold holds the latest state (``temporal: true``). The changes are
paired so that the latest state gives the same counts.
"""

from __future__ import annotations

from graphkit.sample.population import build_population
from graphkit.sample.writer import SampleSummary, write_sample

__all__ = ["SampleSummary", "build_population", "write_sample"]
