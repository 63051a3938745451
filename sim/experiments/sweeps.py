"""Sweeps: the sweep manifest (a Hydra callback) from the per-job status files, and collecting
the jobs of a sweep into one dataset whose new dimensions are the swept config keys.

The files themselves are written by :mod:`sim.io.sweeps`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xarray as xr
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.io.results import ENGINE
from sim.io.sweeps import STATUS_FILE, write_manifest


def manifest(sweep_dir: Path) -> dict[str, Any]:
    """Every job of a sweep with its status, and the counts."""
    jobs = []
    for f in sorted(Path(sweep_dir).glob(f"*/{STATUS_FILE}"), key=lambda p: _job_key(p.parent)):
        jobs.append({"job": f.parent.name, **json.loads(f.read_text())})
    counts: dict[str, int] = {}
    for j in jobs:
        counts[j["status"]] = counts.get(j["status"], 0) + 1
    return {"sweep_dir": str(Path(sweep_dir).resolve()), "counts": counts, "jobs": jobs}


class ManifestCallback(Callback):
    """Writes ``manifest.json`` into the sweep folder when a multirun ends, and fails the
    sweep (exit code 1) when a job failed, after every job has run."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Write the manifest, print the counts; exit code 1 when a job failed."""
        sweep_dir = Path(config.hydra.sweep.dir)
        record = manifest(sweep_dir)
        path = write_manifest(sweep_dir, record)
        counts = ", ".join(f"{n} {s}" for s, n in sorted(record["counts"].items()))
        print(f"sweep: {counts}; manifest: {path}")
        if record["counts"].get("failed"):
            raise SystemExit(1)


def _job_key(job_dir: Path) -> tuple[int, str]:
    name = job_dir.name
    return (int(name), name) if name.isdigit() else (10**9, name)


def _value(text: str) -> Any:
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def swept_keys(overrides: Iterable[dict[str, Any]]) -> list[str]:
    """Keys whose values differ between jobs, in first-seen order."""
    rows = list(overrides)
    keys = list(dict.fromkeys(k for row in rows for k in row))
    return [k for k in keys if len({repr(row.get(k)) for row in rows}) > 1]


def collect(sweep_dir: Path, lazy: bool | None = None) -> xr.Dataset:
    """Merge the results of a sweep into one dataset with one dimension per swept key.

    Jobs that failed or have no results are left out (see the manifest). ``lazy`` opens the
    files through dask (default: when dask is installed), so large sweeps are not loaded.
    """
    files = sorted(Path(sweep_dir).glob("*/results.nc"), key=lambda p: _job_key(p.parent))
    if not files:
        raise FileNotFoundError(f"no */results.nc under {sweep_dir}")
    if lazy is None:
        try:
            import dask  # noqa: F401

            lazy = True
        except ImportError:
            lazy = False
    opened = [xr.open_dataset(f, engine=ENGINE, chunks={} if lazy else None) for f in files]
    rows = []
    for ds in opened:
        pairs = (o.lstrip("+~").split("=", 1) for o in json.loads(ds.attrs.get("overrides", "[]")))
        rows.append({k: _value(v) for k, v in pairs})
    keys = swept_keys(rows)
    expanded = [
        ds.expand_dims({k: [row.get(k)] for k in keys})
        for ds, row in zip(opened, rows, strict=True)
    ]
    merged = xr.combine_by_coords(expanded, combine_attrs="drop_conflicts")
    merged.attrs["swept_keys"] = json.dumps(keys)
    merged.attrs["jobs"] = json.dumps([str(f.parent) for f in files])
    return merged
