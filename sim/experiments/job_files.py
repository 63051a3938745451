"""Reading the results files of a sweep's jobs for :mod:`sim.experiments.collection`:
into memory through netCDF-C when they are small, lazily through dask when large; each
checked to be the results of its job's config."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xarray as xr

from sim.errors import DataFileError

WITH_RESULTS = ("done", "skipped")
# lazily opened jobs stay open through h5py: the netCDF-C library (the engine of
# sim.io.results) fails to reopen a file in the same process once another handle on it
# was closed (a RuntimeError on the next collect after an open_results of a job)
LAZY_ENGINE = "h5netcdf"
# jobs read into memory (and closed at once) through netCDF-C: 3-6x quicker to open than
# h5netcdf, and no dask (its import and scheduler were 60 % of collecting 8 small jobs)
EAGER_ENGINE = "netcdf4"
LAZY_ABOVE = 1 << 30  # bytes of job files above which they are opened lazily (with dask)


def use_dask(lazy: bool | None, files: Iterable[Path] = ()) -> bool:
    """Open lazily when asked, or by default when the job files are large and dask is
    installed."""
    if lazy is not None:
        return lazy
    if sum(f.stat().st_size for f in files if f.is_file()) <= LAZY_ABOVE:
        return False
    try:
        import dask  # noqa: F401
    except ImportError:
        return False
    return True


def open_jobs(
    sweep_dir: Path, jobs: list[dict[str, Any]], lazy: bool
) -> tuple[dict[str, xr.Dataset], list[tuple[str, str]]]:
    """The results of each job with results, by job; the jobs without, with the reason."""
    opened: dict[str, xr.Dataset] = {}
    missing: list[tuple[str, str]] = []
    for job in jobs:
        name, status = str(job["job"]), job.get("status")
        if status not in WITH_RESULTS:
            error = f": {job['error']}" if job.get("error") else ""
            missing.append((f"job {name}", f"{status}{error}"))
            continue
        path = _results_path(sweep_dir, job)
        if not path.exists():  # a results file or Zarr store
            missing.append((f"job {name}", f"its results file {path} is gone"))
            continue
        opened[name] = _open_job(path, name, job, lazy)
    return opened, missing


def _results_path(sweep_dir: Path, job: Mapping[str, Any]) -> Path:
    return Path(sweep_dir) / str(job["job"]) / Path(str(job.get("results") or "results.nc")).name


def job_files(sweep_dir: Path, jobs: Iterable[Mapping[str, Any]]) -> list[Path]:
    """The results files of the jobs that report results."""
    return [_results_path(sweep_dir, j) for j in jobs if j.get("status") in WITH_RESULTS]


def _open_job(path: Path, name: str, job: Mapping[str, Any], lazy: bool) -> xr.Dataset:
    """One job's results file, checked to be cbam-sim results of that job's config."""
    try:
        zarr = path.suffix == ".zarr"  # a job run with run.output_file=results.zarr
        if lazy:
            ds = xr.open_dataset(path, engine="zarr" if zarr else LAZY_ENGINE, chunks={})
        else:
            ds = xr.load_dataset(path, engine="zarr" if zarr else EAGER_ENGINE)
    except Exception as err:  # truncated, not netCDF
        raise DataFileError(
            path,
            f"job {name}: not a readable {'Zarr store' if zarr else 'netCDF file'} "
            f"({type(err).__name__}); "
            "rerun the sweep to redo it",
        ) from None
    lacking = [f"variable {v}" for v in ("cbam_cost",) if v not in ds.data_vars]
    lacking += [f"dimension {d}" for d in ("year", "entity") if d not in ds.dims]
    lacking += [f"attribute {a}" for a in ("config", "config_sha256") if a not in ds.attrs]
    expected = job.get("config_sha256")
    if lacking:
        problem = f"not a cbam-sim results file (it has no {', '.join(lacking)})"
    elif expected and ds.attrs["config_sha256"] != expected:
        problem = (
            f"holds the results of another config (config_sha256 "
            f"{str(ds.attrs['config_sha256'])[:12]}, the job ran {str(expected)[:12]})"
        )
    else:
        return ds
    ds.close()
    raise DataFileError(path, f"job {name}: {problem}")
