"""Progress on a terminal, silence in a pipe."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def progress_reporter(label: str) -> Iterator[Callable[[str, int, int], None] | None]:
    """A ``progress(stage, done, total)`` callback drawing "<label>: <stage> <done>/<total>" on stderr (total 0:
    a count without an end), or None in a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label)
        shown = [""]

        def show(stage: str, done: int, total: int) -> None:
            count = f" {done}/{total}" if total else f" {done}" if done else ""
            # a new stage is drawn at once, however short: the screen never names a stage already over
            bar.update(task, description=f"{label}: {stage}{count}", refresh=stage != shown[0])
            shown[0] = stage

        yield show
