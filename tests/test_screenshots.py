"""docs/screenshots/make.py makes the README's four screenshots from the demo sample (issue 17)."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
from browser import require_chromium

pytestmark = pytest.mark.browser
SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "make.py"


def _size(png: Path) -> tuple[int, int]:
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", png
    return struct.unpack(">II", head[16:24])


def test_the_script_makes_every_screenshot_from_the_sample(tmp_path):
    require_chromium()
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path)]) == 0
    made = {p.name: p for p in tmp_path.glob("*.png")}
    assert set(made) == {"network.png", "network-ego.png", "network-date.png", "ecomap.png"}
    assert _size(made["network.png"]) == (1400, 900) and _size(made["ecomap.png"]) == (1100, 1300)
    # Four different pictures, each with something drawn (a blank page compresses to a few kB).
    contents = {p.read_bytes() for p in made.values()}
    assert len(contents) == 4 and all(p.stat().st_size > 30_000 for p in made.values())
