"""Arrays -> a labelled xarray Dataset: every variable with its dimensions, ``units`` and
``long_name`` (:mod:`sim.variables`), and the check that no NaN or infinity is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from sim.errors import NonFiniteResultError
from sim.io import lazy_dask
from sim.variables import CF_UNITS, VARIABLES

lazy_dask.install()  # numpy-backed datasets without importing dask.array


def to_dataset(
    values: Mapping[str, np.ndarray],
    coords: Mapping[str, Any],
    provenance: Mapping[str, str],
    float32: bool = False,
) -> xr.Dataset:
    """Label the model's arrays; every variable gets ``units`` (UDUNITS, CF-1.10), its
    model unit ``cbam_units`` (tCO2e, EUR: :data:`sim.variables.CF_UNITS`) and ``long_name``.

    ``coords`` are xarray coordinates (name -> (dims, values[, attrs])); without a
    ``draw`` coordinate the run is deterministic and the draw axis is dropped."""
    one_draw = "draw" not in coords
    data_vars = {}
    for name, array in values.items():
        var = VARIABLES[name]
        attrs = {"units": CF_UNITS[var.units], "cbam_units": var.units, "long_name": var.long_name}
        if var.description:
            attrs["description"] = var.description
        array, dims = np.asarray(array, dtype="float32" if float32 else "float64"), var.dims
        if dims[0] == "draw" and one_draw:
            array, dims = array[0], dims[1:]
        data_vars[name] = (dims, array, attrs)
    ds = xr.Dataset(data_vars, coords=dict(coords))
    ds.attrs.update({"title": "cbam-sim results", "Conventions": "CF-1.10", **provenance})
    return ds


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
