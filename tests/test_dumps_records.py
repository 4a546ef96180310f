"""``dumps_records``: JSON with each item of a top-level list on a line of its own, items given as JSON texts
or as values, empty lists and scalars as json writes them; it reads back as the document it was given."""

from __future__ import annotations

import json

from graphkit.stores.files import dumps_record, dumps_records


def test_each_list_item_is_a_line_and_the_text_reads_back() -> None:
    doc = {"b": [1, {"x": "é\n"}], "a": [], "c": "s", "d": [{"k": True}]}
    text = dumps_records({**doc, "d": [dumps_record(doc["d"][0])]}, encoded=("d",))  # "d" given as JSON texts
    assert text == '{\n"b": [\n 1,\n {"x": "é\\n"}\n],\n"a": [],\n"c": "s",\n"d": [\n {"k": true}\n]\n}\n'
    assert json.loads(text) == doc
    assert json.loads(dumps_records(doc, sort_keys=True)) == doc
