"""Views of a graph for people: the interactive network and the family ecomaps (HTML, offline).

``write_views(graph, out)`` writes them all; the modules each do one job:
``network`` (vis-network page), ``ecomap`` (SVG ecomap), ``layout``
(precomputed positions), ``html`` (escaping and offline checks), ``styles``
(what each kind looks like), ``pages`` (writing the files).
"""

from __future__ import annotations

from graphkit.views.pages import write_views

__all__ = ["write_views"]
