"""Park scorecard per park and year, from a results dataset (no model logic, no I/O).

Indicators (docs/domain.md section 4; thresholds in configs/scorecard/*.yaml):

- core: tCO2 per tce of energy consumed, against the limit of the park's energy band;
- clean-energy share of energy consumed (green electricity of every kind, in tce);
- direct renewable share of electricity (direct lines and PPAs, the kinds CBAM recognises);
- explicit carbon-price coverage (share of direct emissions under the domestic ETS);
- offset dependence (offsets as a share of emissions before offsets);
- green-hydrogen substitution (output on hydrogen routes in the sectors that have one);
- CCUS storage, t CO2 per year;
- CBAM risk reserve ratio (reserve balance over the year's CBAM cost);
- CBAM cost as a share of the value of EU exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from sim import checks
from sim.axes import CBAM_RECOGNISED, POWER_KINDS
from sim.errors import ConfigError, MissingVariablesError
from sim.io.provenance import stored_config

# the green-power kinds CBAM counts as zero-carbon (Annex IV points 5-6)
RECOGNISED_KINDS = [k for k, counted in zip(POWER_KINDS, CBAM_RECOGNISED, strict=True) if counted]

INDICATORS = {
    "energy_use": ("tce/yr", "energy consumed (fuels and electricity at equivalent value)"),
    "core_intensity": ("tCO2/tce", "CO2 per unit of energy consumed (core indicator)"),
    "core_limit": ("tCO2/tce", "core indicator limit for the park's energy band"),
    "core_pass": ("1", "core indicator met (1), missed (0), park outside the bands (NaN)"),
    "clean_energy_share": ("1", "clean (green-electricity) share of energy consumed"),
    "clean_energy_pass": ("1", "clean-energy share at or above the guidance threshold"),
    "direct_renewable_share": ("1", "share of electricity by direct line or PPA"),
    "carbon_price_coverage": ("1", "share of direct emissions under an explicit carbon price"),
    "offset_dependence": ("1", "offsets as a share of emissions before offsets"),
    "offset_pass": ("1", "offset dependence at or below the threshold"),
    "green_hydrogen_substitution": ("1", "share of output on hydrogen routes (sectors with one)"),
    "ccus_storage": ("tCO2/yr", "CO2 captured and stored"),
    "cbam_reserve_ratio": ("1", "CBAM risk reserve balance over the year's CBAM cost"),
    "cbam_cost_share": ("1", "CBAM cost as a share of the value of EU exports"),
}
NEEDED = (
    "production_capacity",
    "direct_intensity",
    "energy_emissions",
    "reported_emissions",
    "electricity_use",
    "green_power_share",
    "carbon_price_coverage",
    "ccus_storage",
    "reserve_balance",
    "cbam_cost",
    "export_value",
)


def settings_from(ds: xr.Dataset) -> dict[str, Any]:
    """The scorecard settings recorded in a results file's resolved config."""
    cfg = stored_config(ds)
    if "scorecard" not in cfg:
        raise ConfigError("scorecard", None, "results written before the scorecard existed")
    return cfg["scorecard"]


def scorecard(ds: xr.Dataset, settings: Mapping[str, Any] | None = None) -> xr.Dataset:
    """Indicators (park, year[, draw]) for every park of a results dataset."""
    missing = [v for v in NEEDED if v not in ds]
    if missing:
        raise MissingVariablesError("the scorecard", missing)
    s = dict(settings if settings is not None else settings_from(ds))
    _check_boundary(s)
    entity = _entity_quantities(ds, s)
    park = {k: v.groupby("park").sum("entity") for k, v in entity.items()}
    out = _park_indicators(park)
    out["core_limit"] = core_limit(out["energy_use"], s)
    out["core_pass"] = _passes(out["core_intensity"] <= out["core_limit"], out["core_limit"])
    clean_min = checks.share("scorecard.clean_energy_share_min", s.get("clean_energy_share_min"))
    out["clean_energy_pass"] = _passes(
        out["clean_energy_share"] >= clean_min, out["clean_energy_share"]
    )
    offset_max = checks.share("scorecard.offset_dependence_max", s.get("offset_dependence_max"))
    out["offset_pass"] = _passes(out["offset_dependence"] <= offset_max, out["offset_dependence"])
    for name, (units, long_name) in INDICATORS.items():
        out[name].attrs = {"units": units, "long_name": long_name}
    out.attrs = {
        "clean_energy_share_min": clean_min,
        "offset_dependence_max": offset_max,
        "scenario": ds.attrs.get("scenario", ""),
    }
    return out[list(INDICATORS)].transpose("park", ...)


def _check_boundary(s: Mapping[str, Any]) -> None:
    """The core indicator counts every direct CO2, process CO2 (calcination, anodes)
    included: the model does not separate process from energy CO2, so the other boundary
    is refused rather than silently ignored."""
    counts = s.get("core_counts_process_co2", True)
    if counts is not True:
        raise ConfigError(
            "scorecard.core_counts_process_co2",
            counts,
            "only true is supported: the model does not separate process CO2 from energy CO2",
        )


def _entity_quantities(ds: xr.Dataset, s: Mapping[str, Any]) -> dict[str, xr.DataArray]:
    """Per entity, the quantities the indicators are ratios of: energy (tce), CO2, clean
    energy, recognised green electricity, direct and covered emissions, hydrogen-route
    output, storage, reserve, cost and export value."""
    routes = [str(r) for r in ds["production_route"].values]
    fuel = s.get("fuel_tce_per_t", {})
    for r in routes:
        checks.number(f"scorecard.fuel_tce_per_t.{r}", fuel.get(r), low=0)
    fuel_per_t = xr.DataArray([float(fuel[r]) for r in routes], dims="production_route")
    el_tce = checks.number(
        "scorecard.electricity_tce_per_mwh", s.get("electricity_tce_per_mwh"), low=0
    )
    production_by_route = ds["production_capacity"]
    production = production_by_route.sum("production_route")
    direct = production * ds["direct_intensity"]
    green = ds["green_power_share"]
    electricity = ds["electricity_use"]
    return {
        "energy": (production_by_route * fuel_per_t).sum("production_route") + electricity * el_tce,
        "co2": ds["energy_emissions"],
        "clean": electricity * green.sum("power_kind") * el_tce,
        "recognised": electricity * green.sel(power_kind=RECOGNISED_KINDS).sum("power_kind"),
        "electricity": electricity,
        "direct": direct,
        "covered": direct * ds["carbon_price_coverage"],
        "reported": ds["reported_emissions"],
        # hydrogen-route output counts as green in the share made on recognised green power
        # (direct lines and PPAs, Annex IV); unbundled certificates and the grid do not count
        "h2": production_by_route.sel(
            production_route=[r for r in routes if r in set(s.get("hydrogen_routes", []))]
        ).sum("production_route")
        * green.sel(power_kind=RECOGNISED_KINDS).sum("power_kind").clip(0, 1),
        "h2_base": production * _has_hydrogen_route(ds, s),
        "stored": ds["ccus_storage"],
        "reserve": ds["reserve_balance"],
        "cost": ds["cbam_cost"],
        "value": ds["export_value"],
    }


def _park_indicators(park: Mapping[str, xr.DataArray]) -> xr.Dataset:
    """The indicators of each park from its summed quantities (before the thresholds)."""
    return xr.Dataset(
        {
            "energy_use": park["energy"],
            "core_intensity": _ratio(park["co2"], park["energy"]),
            "clean_energy_share": _ratio(park["clean"], park["energy"]),
            "direct_renewable_share": _ratio(park["recognised"], park["electricity"]),
            "carbon_price_coverage": _ratio(park["covered"], park["direct"]),
            "offset_dependence": 1.0 - _ratio(park["reported"], park["co2"]),
            "green_hydrogen_substitution": _ratio(park["h2"], park["h2_base"]),
            "ccus_storage": park["stored"],
            "cbam_reserve_ratio": _ratio(park["reserve"], park["cost"]),
            "cbam_cost_share": _ratio(park["cost"], park["value"]),
        }
    )


def core_limit(energy_tce: xr.DataArray, settings: Mapping[str, Any]) -> xr.DataArray:
    """Limit of the core indicator for each park's energy use (NaN below the lowest band)."""
    bands = settings.get("core_limit_tco2_per_tce") or {}
    if not bands:
        raise ConfigError("scorecard.core_limit_tco2_per_tce", bands, "at least one band")
    table = sorted(
        (
            checks.number(f"scorecard.core_limit_tco2_per_tce (band {k})", _num(k), low=0),
            checks.number(f"scorecard.core_limit_tco2_per_tce.{k}", v, low=0),
        )
        for k, v in bands.items()
    )
    limit = xr.full_like(energy_tce, np.nan, dtype=float)
    for lower, value in table:  # ascending: the highest band reached wins
        limit = xr.where(energy_tce >= lower, value, limit)
    return limit


def _num(key: Any) -> Any:
    try:
        return float(key)
    except (TypeError, ValueError):
        return key


def _has_hydrogen_route(ds: xr.Dataset, s: Mapping[str, Any]) -> xr.DataArray:
    """1 for entities whose sector has a hydrogen route: one a technology option of the
    sector converts to or from (the stored ``technology.options``)."""
    h2 = set(s.get("hydrogen_routes", []))
    options = stored_config(ds).get("technology", {}).get("options", {})
    sectors = {
        o["sector"]
        for o in options.values()
        if h2 & ({o.get("to_route")} | set(o.get("from_routes", [])))
    }
    return xr.DataArray(
        np.isin(ds["sector"].values, list(sectors)).astype(float),
        dims="entity",
        coords={"entity": ds["entity"]},
    )


def _ratio(num: xr.DataArray, den: xr.DataArray) -> xr.DataArray:
    """num / den, NaN where den is zero (the indicator is undefined, not zero)."""
    return (num / den.where(den != 0)).where(den != 0)


def _passes(ok: xr.DataArray, defined: xr.DataArray | None = None) -> xr.DataArray:
    flag = ok.astype(float)
    return flag.where(defined.notnull()) if defined is not None else flag
