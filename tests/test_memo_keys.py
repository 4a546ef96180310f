"""A model read back from the extraction cache gives each entity's and relation's part the key it had in a
fresh extraction, so the first rebuild after a full build takes every unchanged part from the memo."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from graphkit.model import Graph
from graphkit.pipeline import build_graph
from graphkit.projections.neo4j_rows import rows_from_graph
from graphkit.projections.rdf import ntriples_lines
from graphkit.stores.memo import Memo, canonical


@pytest.fixture(scope="module")
def fresh(devset: Path) -> Graph:
    return build_graph(devset)


def test_equal_values_give_equal_bytes_whatever_objects_they_share() -> None:
    word = "".join(["care", "r"])  # built at run time: not the interned constant
    shared = {"a": word, "b": word}
    apart = {"a": "carer", "b": "".join(["car", "er"])}
    assert shared == apart and pickle.dumps(shared) != pickle.dumps(apart)
    assert canonical(shared) == canonical(apart)


@pytest.mark.parametrize("project", [ntriples_lines, rows_from_graph], ids=["rdf", "neo4j"])
def test_a_model_read_back_from_a_pickle_takes_every_part_from_the_memo(fresh: Graph, tmp_path, project) -> None:
    first = Memo(tmp_path / "none", tmp_path / "one", "parts", "k")
    expected = project(fresh, first)
    first.save()
    again = Memo(tmp_path / "one", tmp_path / "two", "parts", "k")
    read_back = pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
    assert project(read_back, again) == expected
    assert again.new.keys() == first.new.keys() and all(part in again.old for part in again.new)
