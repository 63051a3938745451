"""Park scorecard per park and year (and draw), from a results dataset (no model logic, no
I/O): the national core indicator with dual control (notice 2025 No. 910), the source
paper's layered evaluation system (its table 5: :mod:`sim.analysis.evaluation_layers`), the
digital decarbonisation trap (claimed against CBAM-recognised intensity) and the CBAM cost
share. Values: :mod:`sim.analysis.park_indicators`; thresholds and input series:
:mod:`sim.analysis.thresholds` (configs/scorecard/*.yaml); pass years:
:mod:`sim.analysis.pass_years`. Equations and sources: docs/model.md, park scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import xarray as xr

from sim import checks
from sim.analysis.bare import Bare, labelled
from sim.analysis.evaluation_layers import LAYERS, VARIABLES_OF, all_of, evaluate, passes
from sim.analysis.park_indicators import park_values
from sim.analysis.pass_years import park_targets
from sim.analysis.thresholds import core_limit
from sim.errors import ConfigError, MissingVariablesError
from sim.io.provenance import stored_config

__all__ = ["INDICATORS", "NEEDED", "core_limit", "scorecard", "settings_from"]

_VALUES: dict[str, tuple[str, str]] = {
    "direct_renewable_share": ("1", "share of electricity by direct line or PPA"),
    "scope3_coverage": ("1", "scope 3 accounting coverage (input series)"),
    "carbon_price_coverage": ("1", "share of direct emissions under an explicit carbon price"),
    "embodied_carbon_disclosed": ("1", "construction-phase embodied carbon disclosed (input)"),
    "value_added_intensity": ("tCO2/kEUR", "CO2 per unit of value added"),
    "core_phased": ("tCO2/tce", "core indicator against its phased milestones"),
    "green_hydrogen_substitution": ("1", "green-hydrogen output share (sectors with a route)"),
    "offset_dependence": ("1", "offsets as a share of emissions before offsets"),
    "ccus_storage": ("tCO2/yr", "CO2 captured and stored"),
    "renewable_hydrogen_share": ("1", "renewable-power share of hydrogen-route output"),
    "carbon_label_share": ("1", "share of firms with recognised carbon labels (input series)"),
    "cbam_reserve_ratio": ("1", "CBAM risk reserve balance over the year's CBAM cost"),
    "low_carbon_patents": ("1/yr", "low-carbon patents per member unit (input series)"),
}
INDICATORS: dict[str, tuple[str, str]] = {
    "energy_use": ("tce/yr", "energy consumed (fuels and electricity at equivalent value)"),
    "park_emissions": ("tCO2/yr", "CO2 of the park, domestic accounting before offsets"),
    "core_intensity": ("tCO2/tce", "CO2 per unit of energy consumed (core indicator)"),
    "core_limit": ("tCO2/tce", "core indicator limit for the park's energy band"),
    "core_pass": ("1", "core indicator met (1), missed (0), park outside the bands (NaN)"),
    "emissions_cap": ("tCO2/yr", "park's cap on total emissions (NaN: none)"),
    "emissions_cap_pass": ("1", "park emissions at or below its cap"),
    "dual_control_pass": ("1", "core indicator and emissions cap both met"),
    "target_year": ("year", "year the park means to pass (NaN: none)"),
    "clean_energy_share": ("1", "clean (green-electricity) share of energy consumed"),
    "clean_energy_pass": ("1", "clean-energy share at or above the guidance threshold"),
    "value_added": ("EUR", "value added of all production (assumed share of output value)"),
    "member_units": ("1", "units of the park in the results"),
}
for _name, (_units, _long) in _VALUES.items():
    _value, _limit, _pass = VARIABLES_OF[_name]
    INDICATORS.setdefault(_value, (_units, _long))
    INDICATORS[_limit] = (_units, f"threshold: {_long}")
    INDICATORS[_pass] = ("1", f"met (1), missed (0), not assessed (NaN): {_long}")
for _layer in LAYERS:
    INDICATORS[f"{_layer}_pass"] = ("1", f"{_layer.replace('_', ' ')} layer passed")
INDICATORS |= {
    "grade": ("1", "layers passed in order on top of the core indicator (0-4)"),
    "claimed_emissions": ("tCO2/yr", "claimed CO2: certificates and offsets count"),
    "recognised_emissions": ("tCO2/yr", "CO2 as CBAM recognises it: direct line and PPA only"),
    "trap_gap_emissions": ("tCO2/yr", "recognised minus claimed CO2 (the trap)"),
    "claimed_intensity": ("tCO2/tce", "claimed CO2 per unit of energy consumed"),
    "recognised_intensity": ("tCO2/tce", "CBAM-recognised CO2 per unit of energy consumed"),
    "trap_gap_intensity": ("tCO2/tce", "recognised minus claimed intensity (the trap)"),
    "cbam_cost_share": ("1", "CBAM cost as a share of the value of EU exports"),
}
NEEDED = (
    "production_capacity",
    "direct_intensity",
    "energy_emissions",
    "reported_emissions",
    "recognised_emissions",
    "electricity_use",
    "green_power_share",
    "carbon_price_coverage",
    "ccus_storage",
    "reserve_balance",
    "cbam_cost",
    "export_value",
    "export_volume",
    "exempt_volume",
)


def settings_from(ds: xr.Dataset) -> dict[str, Any]:
    """The scorecard settings recorded in a results file's resolved config."""
    cfg = stored_config(ds)
    if "scorecard" not in cfg:
        raise ConfigError("scorecard", None, "results written before the scorecard existed")
    return cfg["scorecard"]


def scorecard(
    ds: xr.Dataset,
    settings: Mapping[str, Any] | None = None,
    parks: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> xr.Dataset:
    """Indicators (park, year[, draw]) for every park of a results dataset; ``settings``,
    ``parks`` (the ``population.parks`` targets) and ``options`` (``technology.options``)
    default to the stored config's."""
    missing = [v for v in NEEDED if v not in ds]
    if missing:
        raise MissingVariablesError("the scorecard", missing)
    s = dict(settings if settings is not None else settings_from(ds))
    if parks is None:
        parks = stored_config(ds).get("population", {}).get("parks", {})
    _check_boundary(s)
    bare = Bare(ds)
    out = park_values(bare, s, options)
    out["core_limit"] = core_limit(out["energy_use"], s)
    out["core_pass"] = passes(out["core_intensity"], out["core_limit"], "max")
    clean_min = checks.share("scorecard.clean_energy_share_min", s.get("clean_energy_share_min"))
    out["clean_energy_pass"] = passes(
        out["clean_energy_share"], xr.full_like(out["year"], clean_min, dtype=float), "min"
    )
    targets = park_targets(parks, xr.DataArray(out["park"].values, dims="park"))
    out = evaluate(_dual_control(out, targets), s)
    for name, (units, long_name) in INDICATORS.items():
        out[name].attrs = {"units": units, "long_name": long_name}
    names = [(parks.get(str(p)) or {}).get("name") or str(p) for p in out["park"].values]
    coords = _coords(ds, out["park"].values) | {"park_name": xr.Variable("park", names)}
    sc = labelled({k: out[k] for k in INDICATORS}, coords)
    sc.attrs = {"clean_energy_share_min": clean_min, "scenario": ds.attrs.get("scenario", "")}
    return sc.transpose("park", ...)


def _coords(ds: xr.Dataset, parks: Any) -> dict[str, xr.Variable]:
    """The coordinates a park-level array keeps: the parks, and those of the dataset on
    dimensions other than the ones summed over (year, draw and the draws' inputs), the
    indexes without their attributes (as the labelled arithmetic dropped them)."""
    summed = {"entity", "production_route", "power_kind", "gas"}
    kept = {}
    for name in ds.coords:  # the variables: a DataArray of each coordinate costs more
        v = ds.variables[name]
        if not set(v.dims) & summed:
            kept[name] = xr.Variable(v.dims, v.values) if name in ds.indexes else v
    return kept | {"park": xr.Variable("park", parks)}


def _dual_control(sc: dict[str, xr.Variable], targets: xr.Dataset) -> dict[str, xr.Variable]:
    """The national rule's total-emissions and intensity dual control: the park's
    emissions against its cap (NaN without a cap) and both together."""
    out = sc | {
        "target_year": targets["target_year"].variable,
        "emissions_cap": targets["emissions_cap"].variable,
    }
    out["emissions_cap_pass"] = passes(out["park_emissions"], out["emissions_cap"], "max")
    out["dual_control_pass"] = all_of([out["core_pass"], out["emissions_cap_pass"]])
    return out


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
