"""Sweeps: the Hydra callback that writes the sweep manifest (:mod:`sim.experiments.manifest`)
from the per-job status files; collecting the jobs of a sweep into one dataset is
:mod:`sim.experiments.collection`.

The files themselves are written by :mod:`sim.io.sweeps`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.experiments.manifest import manifest
from sim.io.sweeps import start_sweep, write_manifest


class ManifestCallback(Callback):
    """Records the sweep's id when a multirun starts (``sweep.json``), writes
    ``manifest.json`` into the sweep folder when it ends, and fails the sweep (exit code 1)
    when a job failed, after every job has run."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """A new sweep id, which its jobs record in their status."""
        start_sweep(Path(config.hydra.sweep.dir))

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Write the manifest, print the counts; exit code 1 when a job failed."""
        sweep_dir = Path(config.hydra.sweep.dir)
        record = manifest(sweep_dir)
        path = write_manifest(sweep_dir, record)
        if not record["jobs"]:
            swept = " ".join(str(o) for o in config.hydra.overrides.task)
            print(
                f"cbam-sim: error: the sweep has no job (no option matched: {swept})",
                file=sys.stderr,
            )
            raise SystemExit(2)
        counts = ", ".join(f"{n} {s}" for s, n in sorted(record["counts"].items()))
        print(f"sweep: {counts}; manifest: {path}")
        if record["counts"].get("failed"):
            raise SystemExit(1)
