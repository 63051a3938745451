"""Arrays -> xarray Dataset with units and provenance; atomic writing and reading."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from sim import __version__
from sim.errors import NonFiniteResultError
from sim.experiments.design import UNCERTAINTIES
from sim.inputs.behaviour import POWER_KINDS
from sim.inputs.gate import Inputs
from sim.variables import VARIABLES

ENGINE = "h5netcdf"


def to_dataset(
    values: Mapping[str, np.ndarray],
    inp: Inputs,
    provenance: Mapping[str, str],
    float32: bool = False,
) -> xr.Dataset:
    """Label the model's arrays; every variable gets ``units`` and ``long_name``."""
    pop = inp.population
    coords = {
        "year": ("year", inp.years.astype("int64"), {"long_name": "import year"}),
        "entity": ("entity", pop.ids.astype(str), {"long_name": "firm, plant or park unit"}),
        "name": ("entity", pop.names.astype(str)),
        "sector": ("entity", pop.sector.astype(str)),
        "park": ("entity", pop.park.astype(str)),
        "route": ("entity", pop.route.astype(str)),
        "good": ("entity", pop.good.astype(str)),
        "value_basis": (
            "entity",
            pop.value_basis.astype(str),
            {"long_name": "declared emissions: actual (verified) or default values"},
        ),
    }
    tech = inp.technology
    n_draws = inp.draws.certificate_price_eur.shape[0]
    first = int(inp.years[0])
    coords.update(
        {
            "production_route": ("production_route", tech.routes.astype(str)),
            "option": ("option", tech.ids.astype(str), {"long_name": "abatement option"}),
            "power_kind": ("power_kind", np.array(POWER_KINDS)),
            "quarter": (
                "quarter",
                np.array(
                    [f"{first + i // 4}Q{i % 4 + 1}" for i in range(4 * (inp.years.size + 1))]
                ),
                {"long_name": "calendar quarter of the cash flow"},
            ),
        }
    )
    if n_draws > 1:
        coords["draw"] = (
            "draw",
            np.arange(n_draws, dtype="int64"),
            {"long_name": "ensemble member"},
        )
        for name, sampled in inp.draws.parameters.items():
            coords[f"sampled_{name}"] = (
                "draw",
                np.asarray(sampled, float),
                {"long_name": f"sampled {name}: {UNCERTAINTIES[name]}"},
            )
    data_vars = {}
    for name, array in values.items():
        var = VARIABLES[name]
        attrs = {"units": var.units, "long_name": var.long_name}
        if var.description:
            attrs["description"] = var.description
        array, dims = np.asarray(array, dtype="float32" if float32 else "float64"), var.dims
        if dims[0] == "draw" and n_draws == 1:
            array, dims = array[0], dims[1:]
        data_vars[name] = (dims, array, attrs)
    ds = xr.Dataset(data_vars, coords=coords)
    ds.attrs.update({"title": "cbam-sim results", "Conventions": "CF-1.10", **provenance})
    return ds


def provenance(
    config_yaml: str, sources: Mapping[str, str], seed: int, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Global attributes that let a results file be traced and re-run."""
    return {
        "cbam_sim_version": __version__,
        "git_commit": git_commit(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": str(seed),
        "config": config_yaml,
        "sources": json.dumps(dict(sources), indent=1, ensure_ascii=False),
        **(extra or {}),
    }


def git_commit() -> str:
    """The commit of the source tree the package runs from, or "unknown"."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def collect_sources(cfg: Any, prefix: str = "") -> dict[str, str]:
    """Every ``*_source`` / ``source`` string of a resolved config, keyed by its path."""
    found: dict[str, str] = {}
    if isinstance(cfg, Mapping):
        for key, value in cfg.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, str) and (key == "source" or str(key).endswith("_source")):
                if value:
                    found[path] = value
            else:
                found.update(collect_sources(value, path))
    return found


def check_finite(ds: xr.Dataset) -> None:
    """Raise :class:`NonFiniteResultError` if any data variable or coordinate holds NaN or
    infinity, naming the variable and the labels of the first offending cell.

    One vectorised ``np.isfinite(...).all()`` per float array; the position is searched
    only on failure.
    """
    for name, var in [*ds.data_vars.items(), *ds.coords.items()]:
        values = var.values
        if values.dtype.kind not in "fc" or np.isfinite(values).all():
            continue
        first = tuple(np.argwhere(~np.isfinite(values))[0])
        bad = values[first]
        kind = "NaN" if np.isnan(bad) else ("+inf" if np.real(bad) > 0 else "-inf")
        where = {}
        for dim, i in zip(var.dims, first, strict=True):
            label = ds[dim].values[i] if dim in ds.coords else i
            where[dim] = label.item() if hasattr(label, "item") else label
        raise NonFiniteResultError(str(name), kind, where)


def clean_stale_tmp(path: Path) -> list[Path]:
    """Remove temporary files left next to ``path`` by writers that no longer run (killed
    mid-write); a temporary file of a live process is left alone. Returns what was removed."""
    path = Path(path)
    removed = []
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 : -len(".tmp")]
        if pid.isdigit() and _alive(int(pid)):
            continue
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def write_atomic(ds: xr.Dataset, path: Path) -> Path:
    """Write ``ds`` to ``path`` via a temporary file; never overwrite an existing file."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; refusing to overwrite another run's results")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        ds.to_netcdf(tmp, engine=ENGINE)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.link(tmp, path)  # atomic, and fails if another process wrote path meanwhile
    finally:
        tmp.unlink(missing_ok=True)
    return path


def open_results(path: str | os.PathLike[str]) -> xr.Dataset:
    """Load a results file fully into memory (the file is closed afterwards)."""
    return xr.load_dataset(path, engine=ENGINE)
