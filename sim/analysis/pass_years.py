"""When each park passes: per park and indicator (and draw), the first year its pass flag is
1 and the year from which it is 1 in every later year of the run, NaN for "not by the
horizon"; the parks' targets of the national rule (notice 2025 No. 910: a target year and a
cap on total emissions, ``population.parks.<park>``) and the share of draws that pass from
the target year on (docs/model.md, park scorecard).

A year not assessed (NaN flag) counts as not passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from sim import checks
from sim.analysis.evaluation_layers import stack
from sim.errors import ConfigError

NOT_BY_HORIZON = "not by the horizon"
NOT_ASSESSED = "not assessed"


def park_targets(parks_cfg: Mapping[str, Any], parks: xr.DataArray) -> xr.Dataset:
    """``target_year`` and ``emissions_cap`` (tCO2/yr) per park from the stored
    ``population.parks`` (NaN where a park names none), checked as the gate checks them."""
    years, caps = [], []
    for park in parks.values:
        cfg = parks_cfg.get(str(park)) or {}
        year, cap = cfg.get("target_year"), cfg.get("emissions_cap_tco2")
        key = f"population.parks.{park}"
        years.append(np.nan if year is None else checks.year(f"{key}.target_year", year))
        caps.append(
            np.nan
            if cap is None
            else checks.number(f"{key}.emissions_cap_tco2", cap, low_open=True, low=0)
        )
    coords = {"park": parks.values}
    return xr.Dataset(
        {
            "target_year": xr.DataArray(np.array(years, float), dims="park", coords=coords),
            "emissions_cap": xr.DataArray(np.array(caps, float), dims="park", coords=coords),
        }
    )


def first_pass_year(flag: xr.DataArray) -> xr.DataArray:
    """The first year the flag is 1 (NaN: never in the run)."""
    hit = flag == 1
    first = hit.argmax("year")
    years = first.copy(data=flag["year"].values[first.values].astype(float))
    return years.where(hit.any("year"))


def passes_from_year(flag: xr.DataArray) -> xr.DataArray:
    """The first year from which the flag is 1 in every year to the horizon (NaN: it
    misses, or is not assessed, in the last year)."""
    hit = (flag == 1).astype(int)
    # counted from the horizon back: the run of passes that ends in the last year
    kept = hit.isel(year=slice(None, None, -1)).cumprod("year").sum("year")
    years = flag["year"].values
    start = np.minimum(years.size - kept.values, years.size - 1)
    return kept.copy(data=years[start].astype(float)).where(kept > 0)


def pass_years(sc: xr.Dataset) -> xr.Dataset:
    """``first_pass_year`` and ``passes_from_year`` (park, indicator[, draw]) of every pass
    flag of a scorecard (the variables ending in ``_pass``), and whether it is ``assessed``
    in any year (an indicator never assessed neither passes nor misses)."""
    flags = [v for v in sc.data_vars if str(v).endswith("_pass")]
    if not flags:
        raise ConfigError("scorecard", None, "a scorecard without pass flags")
    stacked = stack([sc[f] for f in flags], "indicator").assign_coords(
        indicator=[str(f).removesuffix("_pass") for f in flags]
    )
    return xr.Dataset(
        {
            "first_pass_year": first_pass_year(stacked),
            "passes_from_year": passes_from_year(stacked),
            "assessed": stacked.notnull().any("year"),
        }
    )


def pass_year_table(sc: xr.Dataset) -> pd.DataFrame:
    """One row per park and indicator: the first pass year, the year it passes from
    ("not by the horizon" when it does not), the park's target year and the share of
    draws that pass from the target year on (of one draw: 0 or 1). With draws, the years
    are the median over draws, "not by the horizon" when half the draws or more never pass."""
    py = pass_years(sc)
    target = sc["target_year"]
    by_target = (py["passes_from_year"] <= target).astype(float).where(target.notnull())
    if "draw" in py.dims:
        by_target = by_target.mean("draw")
        years = py[["first_pass_year", "passes_from_year"]].fillna(np.inf).median("draw")
        py = years.assign(assessed=py["assessed"].any("draw"))
    rows = []
    for park in py["park"].values:
        for ind in py["indicator"].values:
            cell = py.sel(park=park, indicator=ind)
            missing = NOT_BY_HORIZON if bool(cell["assessed"]) else NOT_ASSESSED
            rows.append(
                {
                    "scenario": sc.attrs.get("scenario", ""),
                    "park": str(park),
                    "indicator": str(ind),
                    "first_pass_year": _year_text(cell["first_pass_year"], missing),
                    "passes_from_year": _year_text(cell["passes_from_year"], missing),
                    "target_year": _year_text(target.sel(park=park), "none"),
                    "share_passing_by_target": float(by_target.sel(park=park, indicator=ind)),
                }
            )
    return pd.DataFrame(rows)


def _year_text(year: xr.DataArray, missing: str = NOT_BY_HORIZON) -> str:
    y = float(year)
    return str(int(y)) if np.isfinite(y) else missing
