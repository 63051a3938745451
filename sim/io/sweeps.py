"""The files of a sweep: each job's status, the sweep's manifest and the collected dataset.

Status and manifest are JSON written to a temporary name and moved into place; the
collected dataset is netCDF4 (atomic, never overwriting) or a Zarr store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import xarray as xr

from sim.io.results import write_atomic

STATUS_FILE = "status.json"
MANIFEST_FILE = "manifest.json"


def write_status(job_dir: Path, overrides: list[str], status: str, **extra: Any) -> None:
    """Record how a sweep job ended ("done", "skipped" or "failed") in its folder."""
    job_dir.mkdir(parents=True, exist_ok=True)
    record = {"status": status, "overrides": overrides, **extra}
    _write_json(record, job_dir / STATUS_FILE)


def write_manifest(sweep_dir: Path, record: dict[str, Any]) -> Path:
    """Write the sweep's manifest (:func:`sim.experiments.sweeps.manifest`) into its folder."""
    path = Path(sweep_dir) / MANIFEST_FILE
    _write_json(record, path)
    return path


def write_collected(ds: xr.Dataset, target: Path) -> Path:
    """A collected sweep as netCDF4 (the default) or, for a ``.zarr`` target, a Zarr store;
    an existing file or store is never overwritten."""
    if target.suffix == ".zarr":
        if target.exists():
            raise FileExistsError(f"{target} exists; refusing to overwrite it")
        ds.to_zarr(target)
        return target
    return write_atomic(ds, target)


def _write_json(record: dict[str, Any], path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(record, indent=1))
    tmp.replace(path)
