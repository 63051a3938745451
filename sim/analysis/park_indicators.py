"""The values of the park indicators, per park and year (and draw), from a results dataset:
sums over the park's units of the quantities each indicator is a ratio of, before any
threshold (no model logic, no I/O; thresholds: :mod:`sim.analysis.evaluation_layers`).

Energy is in tce (fuels per tonne by route plus electricity at its equivalent value); CO2
in three accountings: the domestic one before offsets (``energy_emissions``: every green
kind zero-carbon), the claimed one (``reported_emissions``: offsets subtracted too) and the
CBAM-recognised one (``recognised_emissions``: only direct lines and PPAs zero-carbon);
each counts CO2 only and, under ``scorecard.boundary: life_cycle``, the amortised embodied
emissions of abatement assets (:func:`boundary_adjustment`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from sim import checks
from sim.analysis.bare import Bare, broadcast
from sim.axes import CBAM_RECOGNISED, POWER_KINDS
from sim.errors import MissingVariablesError
from sim.io.provenance import stored_config

# the green-power kinds CBAM counts as zero-carbon (Annex IV points 5-6)
RECOGNISED_KINDS = [k for k, counted in zip(POWER_KINDS, CBAM_RECOGNISED, strict=True) if counted]
BOUNDARIES = ("operational", "life_cycle")


def park_values(
    ds: Bare, s: Mapping[str, Any], options: Mapping[str, Any] | None = None
) -> dict[str, xr.Variable]:
    """Indicator values (park, year[, draw]) from the units' quantities summed by park
    (``options``: the run's ``technology.options``, by default the stored config's), with
    the ``park`` labels (unlabelled: :mod:`sim.analysis.bare`)."""
    entity = energy_quantities(ds, s) | other_quantities(ds, s, options)
    names, member = membership(ds["park"])
    park = {k: xr.dot(v.fillna(0.0), member, dim="entity") for k, v in entity.items()}
    units = member.sum("entity")
    return {
        "park": xr.Variable("park", names),
        "year": ds["year"],
        "energy_use": park["energy"],
        "park_emissions": park["co2"],
        "core_intensity": ratio(park["co2"], park["energy"]),
        "clean_energy_share": ratio(park["clean"], park["energy"]),
        "direct_renewable_share": ratio(park["recognised_mwh"], park["electricity"]),
        "carbon_price_coverage": ratio(park["covered"], park["direct"]),
        "offset_dependence": 1.0 - ratio(park["reported"], park["co2"]),
        "green_hydrogen_substitution": ratio(park["h2_green"], park["h2_base"]),
        "renewable_hydrogen_share": ratio(park["h2_green"], park["h2_output"]),
        "ccus_storage": park["stored"],
        "cbam_reserve_ratio": ratio(park["reserve"], park["cost"]),
        "cbam_cost_share": ratio(park["cost"], park["value"]),
        "value_added": park["value_added"],
        "value_added_intensity": 1e3 * ratio(park["co2"], park["value_added"]),
        "claimed_emissions": park["reported"],
        "recognised_emissions": park["recognised_co2"],
        "trap_gap_emissions": park["recognised_co2"] - park["reported"],
        "claimed_intensity": ratio(park["reported"], park["energy"]),
        "recognised_intensity": ratio(park["recognised_co2"], park["energy"]),
        "trap_gap_intensity": ratio(park["recognised_co2"] - park["reported"], park["energy"]),
        "member_units": units,
    }


def membership(park: xr.Variable) -> tuple[np.ndarray, xr.Variable]:
    """The parks' names and (entity, park) 1 where the entity belongs to the park: a sum
    over a park's units is a product with it (as ``groupby("park").sum`` with NaN as 0, in
    one pass per variable instead of one per park)."""
    names, codes = np.unique(park.values, return_inverse=True)
    return names, xr.Variable(("entity", "park"), np.eye(names.size)[codes])


def energy_quantities(ds: Bare, s: Mapping[str, Any]) -> dict[str, xr.Variable]:
    """Per unit: energy (tce), CO2 in the three accountings, clean energy (tce) and
    electricity (all and recognised green, MWh)."""
    routes = ds.labels("production_route")
    fuel = s.get("fuel_tce_per_t", {})
    for r in routes:
        checks.number(f"scorecard.fuel_tce_per_t.{r}", fuel.get(r), low=0)
    fuel_per_t = xr.Variable("production_route", [float(fuel[r]) for r in routes])
    el_tce = checks.number(
        "scorecard.electricity_tce_per_mwh", s.get("electricity_tce_per_mwh"), low=0
    )
    green = ds["green_power_share"]
    electricity = ds["electricity_use"]
    production_by_route = ds["production_capacity"]
    fuel_tce = (production_by_route * fuel_per_t).sum("production_route")
    if "fuel_use_factor" in ds:  # electrified heat burns less fuel (results since issue 12)
        fuel_tce = fuel_tce * ds["fuel_use_factor"]
    adjust = boundary_adjustment(ds, s)
    return {
        "energy": fuel_tce + electricity * el_tce,
        "co2": ds["energy_emissions"] + adjust,
        "reported": ds["reported_emissions"] + adjust,
        "recognised_co2": ds["recognised_emissions"] + adjust,
        "clean": electricity * green.sum("power_kind") * el_tce,
        "recognised_mwh": electricity * recognised_share(ds),
        "electricity": electricity,
    }


def boundary_adjustment(ds: Bare, s: Mapping[str, Any]) -> xr.Variable | float:
    """What turns a unit's emissions in each accounting (every gas, tCO2e) into the park's
    CO2: less its non-CO2 gases (the notice counts CO2 only; results without
    ``direct_emissions_by_gas`` have none split out), plus under ``scorecard.boundary:
    life_cycle`` the amortised embodied emissions of its commissioned abatement assets (EN
    15978 A1-A5, docs/model.md "Boundaries"). The same for the domestic, claimed and
    recognised accountings, so the trap gap does not move."""
    boundary = checks.choice(
        "scorecard.boundary", s.get("boundary", "operational"), BOUNDARIES, "boundary"
    )
    out: xr.Variable | float = 0.0
    if "direct_emissions_by_gas" in ds:
        gases = ds["direct_emissions_by_gas"]
        out = -gases.where(ds["gas"] != "CO2", 0.0).sum("gas")
    if boundary == "operational":
        return out
    if "embodied_emissions" not in ds:
        raise MissingVariablesError("the life-cycle boundary", ["embodied_emissions"])
    return out + ds["embodied_emissions"]


def other_quantities(
    ds: Bare, s: Mapping[str, Any], options: Mapping[str, Any] | None = None
) -> dict[str, xr.Variable]:
    """Per unit: direct and covered emissions, hydrogen-route output (all and on
    recognised green power), storage, reserve, CBAM cost, export value and value added."""
    routes = ds.labels("production_route")
    h2_routes = [r for r in routes if r in set(s.get("hydrogen_routes", []))]
    production_by_route = ds["production_capacity"]
    production = production_by_route.sum("production_route")
    direct = production * ds["direct_intensity"]
    h2_output = ds.pick("production_capacity", "production_route", h2_routes).sum(
        "production_route"
    )
    return {
        "direct": direct,
        "covered": direct * ds["carbon_price_coverage"],
        # hydrogen-route output counts as green in the share made on recognised green power
        # (direct lines and PPAs, Annex IV); unbundled certificates and the grid do not count
        "h2_green": h2_output * recognised_share(ds).clip(0, 1),
        "h2_output": h2_output,
        "h2_base": production * has_hydrogen_route(ds, s, options),
        "stored": ds["ccus_storage"],
        "reserve": ds["reserve_balance"],
        "cost": ds["cbam_cost"],
        "value": ds["export_value"],
        "value_added": value_added(ds, s, production),
    }


def recognised_share(ds: Bare) -> xr.Variable:
    """Each unit's share of electricity from the kinds CBAM recognises (direct line, PPA)."""
    return ds.pick("green_power_share", "power_kind", RECOGNISED_KINDS).sum("power_kind")


def value_added(ds: Bare, s: Mapping[str, Any], production: xr.Variable) -> xr.Variable:
    """Value added of all production, EUR: the value of the goods sold to the EU per tonne
    (``export_value`` over the EU-bound volume) x the unit's whole output x the sector's
    value-added share (an assumption, ``scorecard.value_added_share``); zero for a unit
    without EU sales in the year (its price is unknown then)."""
    shares = s.get("value_added_share") or {}
    sectors = ds.labels("sector")
    va = [
        checks.share(f"scorecard.value_added_share.{sector}", shares.get(sector))
        for sector in sectors
    ]
    share = xr.Variable("entity", va)
    sold = ds["export_volume"] + ds["exempt_volume"]
    price = ratio(ds["export_value"], sold).fillna(0.0)
    return price * production * share


def has_hydrogen_route(
    ds: Bare, s: Mapping[str, Any], options: Mapping[str, Any] | None = None
) -> xr.Variable:
    """1 for entities whose sector has a hydrogen route: one a technology option of the
    sector converts to or from (``options``, by default the stored ``technology.options``)."""
    h2 = set(s.get("hydrogen_routes", []))
    if options is None:
        options = stored_config(ds.ds).get("technology", {}).get("options", {})
    sectors = {
        o["sector"]
        for o in options.values()
        if h2 & ({o.get("to_route")} | set(o.get("from_routes", [])))
    }
    return xr.Variable("entity", np.isin(ds["sector"].values, list(sectors)).astype(float))


def ratio(num: xr.Variable, den: xr.Variable) -> xr.Variable:
    """num / den, NaN where den is zero (the indicator is undefined, not zero: num / NaN)."""
    if not (isinstance(num, xr.Variable) and isinstance(den, xr.Variable)):
        return num / den.where(den != 0)
    num, den = broadcast(num, den)  # unlabelled: the same on the broadcast values
    d = den.values.astype(float)
    d[d == 0] = np.nan
    return xr.Variable(num.dims, num.values / d)
