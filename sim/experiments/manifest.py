"""A sweep's manifest read from its jobs' status files and from ``manifest.json``: the
jobs, their status and the keys they swept. No Hydra here: ``cbam-collect`` reads a sweep
without composing a config (the callback that writes the manifest at the end of a
multirun is :mod:`sim.experiments.sweeps`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sim.errors import DataFileError
from sim.io.sweeps import MANIFEST_FILE, STATUS_FILE, sweep_id


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
