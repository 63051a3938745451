"""Sweeps: the sweep manifest (a Hydra callback) from the per-job status files; collecting
the jobs of a sweep into one dataset is :mod:`sim.experiments.collection`.

The files themselves are written by :mod:`sim.io.sweeps`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.errors import DataFileError
from sim.io.sweeps import MANIFEST_FILE, STATUS_FILE, start_sweep, sweep_id, write_manifest


def manifest(sweep_dir: Path) -> dict[str, Any]:
    """Every job of the sweep last started in ``sweep_dir`` with its status, and the counts;
    jobs an earlier sweep into the same folder left are listed apart (``earlier_jobs``)."""
    current = sweep_id(sweep_dir)
    jobs, earlier = [], []
    for f in sorted(Path(sweep_dir).glob(f"*/{STATUS_FILE}"), key=lambda p: job_key(p.parent)):
        try:
            record = json.loads(f.read_text())
        except (OSError, ValueError):
            record = {"status": "unreadable status"}
        if current is not None and record.get("sweep_id") != current:
            earlier.append(f.parent.name)
            continue
        jobs.append({"job": f.parent.name, **record})
    counts: dict[str, int] = {}
    for j in jobs:
        counts[j["status"]] = counts.get(j["status"], 0) + 1
    record = {"sweep_dir": str(Path(sweep_dir).resolve()), "counts": counts, "jobs": jobs}
    return record | ({"earlier_jobs": earlier} if earlier else {})


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


def job_key(job_dir: Path) -> tuple[int, str]:
    """Sort key of a job folder: by job number."""
    name = job_dir.name
    return (int(name), name) if name.isdigit() else (10**9, name)


def manifest_jobs(sweep_dir: Path) -> list[dict[str, Any]]:
    """The jobs listed in a sweep's manifest, in job order."""
    path = Path(sweep_dir) / MANIFEST_FILE
    if not Path(sweep_dir).is_dir():
        raise DataFileError(sweep_dir, "no such sweep folder")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(
            path, "no manifest: the sweep has not finished (rerun the same command to resume it)"
        ) from None
    except (OSError, ValueError) as err:
        raise DataFileError(path, f"unreadable manifest ({err})") from None
    jobs = record.get("jobs") if isinstance(record, dict) else None
    if not isinstance(jobs, list) or not all(isinstance(j, dict) and "job" in j for j in jobs):
        raise DataFileError(path, "not a sweep manifest (no list of jobs)")
    if not jobs:
        raise DataFileError(path, "the sweep has no jobs")
    return sorted(jobs, key=lambda j: job_key(Path(str(j["job"]))))


def swept_keys(overrides: Iterable[Mapping[str, Any]]) -> list[str]:
    """Keys whose values differ between jobs, in first-seen order."""
    rows = list(overrides)
    keys = list(dict.fromkeys(k for row in rows for k in row))
    return [k for k in keys if len({repr(row.get(k)) for row in rows}) > 1]
