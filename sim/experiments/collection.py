"""Collecting a sweep: the jobs of its manifest merged into one dataset whose new
dimensions are the swept config keys.

- Only the jobs of the sweep's manifest (``manifest.json``, the last sweep into the folder)
  are collected, and each file must be the results of its job (the config digest the job
  recorded). A job without results (failed, killed, its file gone or unreadable) is refused,
  naming it, unless ``allow_missing``: then it is recorded (``missing_jobs``) and its cells
  are NaN.
- Jobs whose populations differ (a scenario adding an entity) are merged on the union of
  their entities, in first-seen order (an outer join; the other labelled axes, years,
  options, draws, the same way). The fill is NaN; the mask ``present`` (swept dimensions x
  entity) is True where a job holds the entity.
- Each swept key is a dimension with a valid name (``policy.cscf`` -> ``policy_cscf``; the
  key is the coordinate's ``config_key`` attribute), its values in the order the jobs ran,
  i.e. as typed on the command line.
- Each job's provenance (config, digest, overrides, input files) is kept as JSON in the
  coordinate ``job_provenance``, so a job split out again
  (:func:`sim.analysis.compare.split_sweep`) is a run with its own config.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from sim.errors import DataFileError
from sim.experiments.job_files import job_files, open_jobs, use_dask
from sim.experiments.manifest import manifest_jobs, swept_keys
from sim.io.provenance import JOB_ATTRS, JOB_PROVENANCE, PRESENT
from sim.io.sweeps import MANIFEST_FILE

FILL_NOTE = (
    "NaN where present is False: the entity is not in that job's population, or the job "
    "has no results (missing_jobs)"
)


def collect(sweep_dir: Path, lazy: bool | None = None, allow_missing: bool = False) -> xr.Dataset:
    """Merge the results of the jobs of a sweep's manifest into one dataset with one
    dimension per swept key (see the module). ``lazy`` opens the files through dask
    (default: when their sizes add up to more than :data:`LAZY_ABOVE` and dask is
    installed), so large sweeps are not loaded."""
    sweep_dir = Path(sweep_dir)
    jobs = manifest_jobs(sweep_dir)
    rows = [_overrides(job) for job in jobs]
    keys = swept_keys(rows)
    values = {k: _typed([row.get(k, "") for row in rows]) for k in keys}
    opened, missing = open_jobs(sweep_dir, jobs, use_dask(lazy, job_files(sweep_dir, jobs)))
    cells = _cells(sweep_dir, keys, values, jobs, rows)
    missing += [(name, "no job of the sweep ran these values") for name in _holes(keys, cells)]
    if missing and not allow_missing:
        name, reason = missing[0]
        raise DataFileError(
            sweep_dir / MANIFEST_FILE,
            f"{len(missing)} of {len(cells)} jobs have no results ({name}: {reason}); "
            "rerun the sweep to finish them, or collect the others with --allow-missing",
        )
    if not opened:
        raise DataFileError(sweep_dir / MANIFEST_FILE, "no job of the sweep has results")
    jobs_attr = [str(sweep_dir / name) for name in opened]
    return _merged(keys, values, cells, opened, jobs_attr, missing)


def merge_runs(
    runs: Mapping[str, xr.Dataset], overrides: Mapping[str, Sequence[str]]
) -> xr.Dataset:
    """Runs made in one process (``cbam-sim sweep.over=...``), by name, with the
    overrides each ran: merged as :func:`collect` merges the jobs of a sweep that ran the
    same overrides (the attribute ``jobs`` lists the runs' overrides, there being no job
    folders)."""
    jobs = [{"job": name, "overrides": list(overrides[name])} for name in runs]
    rows = [_overrides(job) for job in jobs]
    keys = swept_keys(rows)
    values = {k: _typed([row.get(k, "") for row in rows]) for k in keys}
    cells = _cells(Path("sweep.over"), keys, values, jobs, rows)
    jobs_attr = [" ".join(overrides[name]) for name in runs]
    return _merged(keys, values, cells, runs, jobs_attr, [])


def _merged(
    keys: list[str],
    values: Mapping[str, list[Any]],
    cells: Mapping[tuple[Any, ...], str | None],
    opened: Mapping[str, xr.Dataset],
    jobs: list[str],
    missing: list[tuple[str, str]],
) -> xr.Dataset:
    """The jobs combined on the swept dimensions, with the sweep's attributes."""
    some = next(iter(opened.values()))
    dims = [dim_name(k, some) for k in keys]
    merged = _combine(keys, dims, values, cells, opened)
    merged.attrs.update(
        swept_keys=json.dumps(keys),
        swept_dims=json.dumps(dict(zip(dims, keys, strict=True))),
        jobs=json.dumps(jobs),
        missing_jobs=json.dumps([{"job": n, "reason": r} for n, r in missing]),
        fill=FILL_NOTE,
    )
    return merged


def dim_name(key: str, ds: xr.Dataset | None = None) -> str:
    """A valid Python name for the dimension of a swept key (``policy.cscf`` ->
    ``policy_cscf``), made distinct from the dataset's variables."""
    name = re.sub(r"\W", "_", key.lstrip("+~"))
    name = f"_{name}" if name[:1].isdigit() else name
    if ds is not None and name in ds.variables:
        name = f"{name}_key"
    return name


def _overrides(job: Mapping[str, Any]) -> dict[str, str]:
    pairs = (str(o).lstrip("+~").split("=", 1) for o in job.get("overrides") or [])
    return {p[0]: p[1] if len(p) > 1 else "" for p in pairs}


def _typed(texts: Sequence[str]) -> list[Any]:
    """The distinct values of a key in first-seen order: all int, all float, else text."""
    distinct = list(dict.fromkeys(texts))
    for cast in (int, float):
        try:
            return [cast(t) for t in distinct]
        except ValueError:
            continue
    return distinct


def _cells(
    sweep_dir: Path,
    keys: list[str],
    values: Mapping[str, list[Any]],
    jobs: list[dict[str, Any]],
    rows: list[dict[str, str]],
) -> dict[tuple[Any, ...], str | None]:
    """The job of each combination of swept values (None: no job ran it)."""
    lookup = {
        k: dict(zip(dict.fromkeys(row.get(k, "") for row in rows), values[k], strict=True))
        for k in keys
    }
    cells: dict[tuple[Any, ...], str | None] = dict.fromkeys(
        itertools.product(*(values[k] for k in keys))
    )
    for job, row in zip(jobs, rows, strict=True):
        combo = tuple(lookup[k][row.get(k, "")] for k in keys)
        if cells.get(combo) is not None:
            raise DataFileError(
                sweep_dir / MANIFEST_FILE,
                f"jobs {cells[combo]} and {job['job']} ran the same swept values {combo}",
            )
        cells[combo] = str(job["job"])
    return cells


def _holes(keys: list[str], cells: Mapping[tuple[Any, ...], str | None]) -> list[str]:
    return [
        ", ".join(f"{k}={v}" for k, v in zip(keys, combo, strict=True))
        for combo, job in cells.items()
        if job is None
    ]


def _combine(
    keys: list[str],
    dims: list[str],
    values: Mapping[str, list[Any]],
    cells: Mapping[tuple[Any, ...], str | None],
    opened: Mapping[str, xr.Dataset],
) -> xr.Dataset:
    """The jobs on the union of their labelled axes, nested by swept values and combined."""
    datasets = list(opened.values())
    union = {
        d: list(dict.fromkeys(v for ds in datasets if d in ds.indexes for v in ds.indexes[d]))
        for d in dict.fromkeys(d for ds in datasets for d in ds.indexes)
    }
    table = _entity_table(datasets)
    prepared = {name: _prepare(ds, name, union, table) for name, ds in opened.items()}
    template = next(iter(prepared.values()))
    if not keys:
        return template

    def pick(combo: tuple[Any, ...]) -> xr.Dataset:
        job = cells[combo]
        return prepared[job] if job in prepared else _placeholder(template)

    nested = _nest([values[k] for k in keys], (), pick)
    merged = xr.combine_nested(
        nested,
        concat_dim=dims,
        data_vars="all",
        coords="different",
        compat="equals",
        join="exact",
        combine_attrs="drop_conflicts",
    )
    labels = {
        d: (d, np.asarray(values[k]), {"config_key": k, "long_name": f"swept config key {k}"})
        for d, k in zip(dims, keys, strict=True)
    }
    return merged.assign_coords(labels).transpose(*dims, ...)


def _nest(values: list[list[Any]], prefix: tuple[Any, ...], pick: Any) -> Any:
    if len(prefix) == len(values):
        return pick(prefix)
    return [_nest(values, (*prefix, v), pick) for v in values[len(prefix)]]


def _entity_table(datasets: Iterable[xr.Dataset]) -> dict[str, dict[Any, Any]]:
    """Each coordinate on ``entity`` (sector, park, ...): its first-seen value per entity."""
    table: dict[str, dict[Any, Any]] = {}
    for ds in datasets:
        ids = ds.indexes["entity"].tolist()
        for c, var in ds.coords.items():
            if var.dims == ("entity",) and c != "entity":
                column = table.setdefault(str(c), {})
                for e, v in zip(ids, var.values.tolist(), strict=True):
                    column.setdefault(e, v)
    return table


def _prepare(
    ds: xr.Dataset, name: str, union: Mapping[str, list[Any]], table: Mapping[str, dict]
) -> xr.Dataset:
    """A job's results on the union axes, with its provenance and its presence mask."""
    own_ids = ds.indexes["entity"].tolist()
    own = {c: dict(zip(own_ids, ds[c].values.tolist(), strict=True)) for c in table if c in ds}
    moved = {d: union[d] for d in union if d in ds.dims and ds.indexes[d].tolist() != union[d]}
    out = ds.drop_vars(list(own))
    out = out.reindex(moved) if moved else out  # the same axes as the others: nothing to do
    ids = union["entity"]
    coords: dict[str, Any] = {
        c: (
            "entity",
            np.array([own.get(c, {}).get(e, table[c].get(e, "")) for e in ids]),
            ds[c].attrs if c in ds.coords else {},
        )
        for c in table
    }
    provenance = {k: str(ds.attrs[k]) for k in JOB_ATTRS if k in ds.attrs}
    coords |= {"job": name, JOB_PROVENANCE: json.dumps(provenance)}
    out = out.assign_coords(coords)
    out[PRESENT] = xr.DataArray(
        np.isin(ids, own_ids),
        dims="entity",
        attrs={"long_name": "the job holds the entity (False: its cells are the fill, NaN)"},
    )
    return out


def _placeholder(template: xr.Dataset) -> xr.Dataset:
    """The cells of a job without results: NaN, nothing present, no provenance."""
    out = template.copy()
    for v in template.data_vars:
        out[v] = xr.full_like(template[v], False if v == PRESENT else np.nan)
    return out.assign_coords({"job": "", JOB_PROVENANCE: ""})
