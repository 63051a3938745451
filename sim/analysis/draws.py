"""The one statistic over an ensemble's draws that every table, figure and view shows: the
median (issue 16, item 20); a run of one draw is returned as it is."""

from __future__ import annotations

from typing import TypeVar

import xarray as xr

Labelled = TypeVar("Labelled", xr.DataArray, xr.Dataset)


def median_over_draws(x: Labelled) -> Labelled:
    """The median over ``draw``, or ``x`` itself when it has no draws."""
    return x.median("draw") if "draw" in x.dims else x
