"""The files of a sweep: each job's status, the sweep's manifest and the collected dataset.

Status and manifest are JSON written to a temporary name and moved into place; the
collected dataset is netCDF4 (atomic, never overwriting) or a Zarr store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import xarray as xr

from sim.io.results import clean_stale_tmp, tmp_path, write_atomic

STATUS_FILE = "status.json"
MANIFEST_FILE = "manifest.json"
SWEEP_FILE = "sweep.json"  # the id of the sweep now running in the folder


def start_sweep(sweep_dir: Path) -> str:
    """Record a new sweep in its folder (``sweep.json``); returns its id. Jobs record the
    id in their status, so the manifest lists only the jobs of this sweep, not those an
    earlier sweep into the same folder left."""
    sweep_id = uuid.uuid4().hex
    Path(sweep_dir).mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write_json({"sweep_id": sweep_id, "started": started}, Path(sweep_dir) / SWEEP_FILE)
    return sweep_id


def sweep_id(sweep_dir: Path) -> str | None:
    """The id of the sweep last started in ``sweep_dir`` (None before ids were recorded)."""
    try:
        return json.loads((Path(sweep_dir) / SWEEP_FILE).read_text()).get("sweep_id")
    except (OSError, ValueError, AttributeError):
        return None


def write_status(job_dir: Path, overrides: list[str], status: str, **extra: Any) -> None:
    """Record how a sweep job ended ("done", "skipped" or "failed") in its folder."""
    job_dir.mkdir(parents=True, exist_ok=True)
    record = {"status": status, "overrides": overrides, **extra}
    _write_json(record, job_dir / STATUS_FILE)


def write_manifest(sweep_dir: Path, record: dict[str, Any]) -> Path:
    """Write the sweep's manifest (:func:`sim.experiments.manifest.manifest`) into its folder."""
    path = Path(sweep_dir) / MANIFEST_FILE
    _write_json(record, path)
    return path


def write_collected(ds: xr.Dataset, target: Path) -> Path:
    """A collected sweep as netCDF4 (the default) or, for a ``.zarr`` target, a Zarr store;
    an existing file or store is never overwritten."""
    if target.suffix == ".zarr":
        if target.exists():
            raise FileExistsError(f"{target} exists; refusing to overwrite it")
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_tmp(target)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            ds.to_zarr(tmp)
            os.rename(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return target
    return write_atomic(ds, target)


def _write_json(record: dict[str, Any], path: Path) -> None:
    clean_stale_tmp(path)
    tmp = tmp_path(path)
    try:
        tmp.write_text(json.dumps(record, indent=1))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
