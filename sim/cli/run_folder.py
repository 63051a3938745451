"""A failed run leaves nothing (issue 16, item 17): Hydra makes the run folder and writes
its bookkeeping (``.hydra/``) before the model reads its inputs; when the run then fails,
that bookkeeping goes again, and so do the folders the run made, if nothing else is in them.
A folder that was there before the command started is never removed (an earlier run's
record in it is restored from its results by the caller)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from sim.cli.startup import HELP_FLAGS

RUN_DIR_KEY = "hydra.run.dir="
# the static start of the shipped hydra.run.dir (configs/config.yaml), a new name below it
DEFAULT_RUN_ROOT = Path("outputs/runs")


def folders_absent_before(argv: Sequence[str]) -> set[Path]:
    """The run folder named on the command line (or the shipped root of run folders) and
    its parents that do not exist yet: the ones a failed run may remove again."""
    named = [a[len(RUN_DIR_KEY) :] for a in argv if a.startswith(RUN_DIR_KEY)]
    if any(a in HELP_FLAGS for a in argv):
        return set()
    leaf = Path(named[-1]) if named else DEFAULT_RUN_ROOT
    chain = [leaf.resolve(), *leaf.resolve().parents]
    return {p for p in chain if not p.exists()}


def remove_failed_run(out: Path, subdir: str | None, absent: set[Path], fresh: bool) -> None:
    """Remove what a failed run made in ``out``: its bookkeeping ``subdir`` when it holds
    nothing else, then ``out`` and its parents while they are empty and were made by this
    command (in ``absent``, or ``out`` itself when ``fresh``: a new timestamped name)."""
    out = out.resolve()
    if subdir is None or not out.is_dir():
        return
    others = [p for p in out.iterdir() if p.name != subdir]
    if others:
        return  # an earlier run's files: the caller restores their record
    shutil.rmtree(out / subdir, ignore_errors=True)
    folder = out
    while (folder in absent or (folder == out and fresh)) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
