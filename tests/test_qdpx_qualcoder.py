"""A graphkit .qdpx opened by a real QDA tool: QualCoder's own REFI-QDA importer.

QualCoder is a PyQt6 desktop program and not on PyPI, so this runs only where
``GRAPHKIT_QUALCODER_SRC`` (a QualCoder checkout's ``src``) and ``GRAPHKIT_QUALCODER_PYTHON``
(a Python with PyQt6) are set; elsewhere it skips and says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from graphkit.pipeline import build
from graphkit.stores.qdpx import export_qdpx

SRC, PYTHON = os.environ.get("GRAPHKIT_QUALCODER_SRC"), os.environ.get("GRAPHKIT_QUALCODER_PYTHON")
pytestmark = pytest.mark.skipif(not (SRC and PYTHON), reason="GRAPHKIT_QUALCODER_SRC / GRAPHKIT_QUALCODER_PYTHON not set")
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["devset", "devset2"])
def test_qualcoder_imports_every_source_code_coding_and_case(tmp_path: Path, name: str) -> None:
    from lxml import etree

    build(DATA / name / "collection", tmp_path / "graph")
    qdpx = export_qdpx(tmp_path / "graph", tmp_path / "study.qdpx").path
    proc = subprocess.run([PYTHON, str(Path(__file__).parent / "qualcoder_driver.py"), SRC, str(qdpx), str(tmp_path / "qc")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    root = etree.fromstring(zipfile.ZipFile(qdpx).read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert loaded["count"]["source"] == len(root.findall("q:Sources/q:TextSource", ns))
    assert loaded["count"]["code_cat"] + loaded["count"]["code_name"] == len(root.findall(".//q:Code", ns))
    assert loaded["count"]["code_text"] == len(root.findall(".//q:PlainTextSelection/q:Coding", ns))
    assert loaded["count"]["cases"] == len(root.findall("q:Cases/q:Case", ns))
    assert loaded["mismatched"] == 0 and loaded["uncoded"] == 0 and loaded["errors"] == []
    assert loaded["case_attributes"] >= 5 and loaded["file_attributes"] == 4
