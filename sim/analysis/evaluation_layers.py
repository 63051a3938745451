"""The layered evaluation system of the source paper (its table 5): each indicator against
its threshold, a pass per layer and an overall grade, per park and year (and draw).

Pass flags are 1 (met), 0 (missed) or NaN (not assessed: no threshold yet in that year, or
the indicator undefined for the park, e.g. green-hydrogen substitution in a park without a
hydrogen route). An input series a park does not report counts as missed. A layer passes
(1) when none of its assessed indicators misses and one is assessed, fails (0) when one
misses, and is NaN when nothing is assessed. The grade (0-4) counts the layers passed in
order (core compliance, dynamic optimisation, technology, institutional), each only on top
of the ones below, with the national core indicator as a veto: 0 when it is missed; a layer
with nothing assessed does not block the ones above (docs/model.md, park scorecard).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr

from sim import checks
from sim.analysis import thresholds as th
from sim.analysis.bare import broadcast

LAYERS: dict[str, tuple[str, ...]] = {
    "core_compliance": (
        "direct_renewable_share",
        "scope3_coverage",
        "carbon_price_coverage",
        "embodied_carbon_disclosed",
    ),
    "dynamic_optimisation": (
        "value_added_intensity",
        "core_phased",
        "green_hydrogen_substitution",
        "offset_dependence",
    ),
    "technology": ("ccus_storage", "renewable_hydrogen_share"),
    "institutional": ("carbon_label_share", "cbam_reserve_ratio", "low_carbon_patents"),
}
# indicator -> (variable holding its value, its threshold, its pass flag)
VARIABLES_OF = {
    name: (name, f"{name}_threshold", f"{name}_pass") for ls in LAYERS.values() for name in ls
}
VARIABLES_OF["core_phased"] = ("core_intensity", "core_phased_limit", "core_phased_pass")
VARIABLES_OF["value_added_intensity"] = (
    "value_added_intensity",
    "value_added_intensity_limit",
    "value_added_intensity_pass",
)
VARIABLES_OF["offset_dependence"] = ("offset_dependence", "offset_dependence_max", "offset_pass")


def evaluate(sc: Mapping[str, xr.Variable], s: Mapping[str, Any]) -> dict[str, xr.Variable]:
    """``sc`` (the park indicator values, unlabelled, with ``park`` and ``year``:
    :mod:`sim.analysis.bare`) with every table-5 indicator's threshold and pass, the input
    series, the layer passes and the grade."""
    th.check_names(s)
    out = dict(sc)
    for name in th.INPUT_SERIES:
        out[name] = th.input_series(s, name, sc["park"], sc["year"])
    out["low_carbon_patents"] = out["low_carbon_patents"] / sc["member_units"]
    for name in th.THRESHOLD_INDICATORS:
        side, limit = th.threshold(s, name, sc["year"])
        value, limit_var, pass_var = VARIABLES_OF[name]
        out[limit_var] = limit
        out[pass_var] = passes(out[value], limit, side, reported=name not in th.INPUT_SERIES)
    out["core_phased_limit"] = th.phased_core_limit(sc["energy_use"], s, sc["year"].values.tolist())
    out["core_phased_pass"] = passes(out["core_intensity"], out["core_phased_limit"], "max")
    out["value_added_intensity_limit"] = intensity_band(sc, s)
    out["value_added_intensity_pass"] = passes(
        out["value_added_intensity"], out["value_added_intensity_limit"], "max"
    )
    offset_max = checks.share("scorecard.offset_dependence_max", s.get("offset_dependence_max"))
    out["offset_dependence_max"] = xr.full_like(sc["year"], offset_max, dtype=float)
    out["offset_pass"] = passes(out["offset_dependence"], out["offset_dependence_max"], "max")
    for layer, names in LAYERS.items():
        out[f"{layer}_pass"] = all_of([out[VARIABLES_OF[n][2]] for n in names])
    out["grade"] = grade(out)
    return out


def passes(value: Any, limit: Any, side: str, reported: bool = True) -> Any:
    """1 where ``value`` meets ``limit`` (at or above for "min", at or below for "max"),
    0 where it misses, NaN where the limit is not set; an undefined value is NaN (not
    assessed) or, for an input series (``reported=False``), 0 (not reported: not met)."""
    if not (isinstance(value, xr.Variable) and isinstance(limit, xr.Variable)):
        ok = (value >= limit) if side == "min" else (value <= limit)
        flag = ok.astype(float)
        if reported:
            flag = flag.where(value.notnull())
        return flag.where(limit.notnull())
    # unlabelled (sim.analysis.bare): the same on the broadcast values, in one pass each
    value, limit = broadcast(value, limit)
    a, b = value.values.astype(float), limit.values.astype(float)
    with np.errstate(invalid="ignore"):
        flag = np.array((a >= b) if side == "min" else (a <= b), dtype=float)
    flag[np.isnan(b) | (np.isnan(a) & reported)] = np.nan
    return xr.Variable(value.dims, flag)


def all_of(flags: list[Any]) -> Any:
    """1 when every assessed flag is 1 and one is assessed, 0 when one is 0, else NaN
    (the minimum skipping NaN: ``np.fmin`` over the broadcast flags)."""
    arrays = broadcast(*flags)
    return arrays[0].copy(data=np.fmin.reduce([a.values for a in arrays], axis=0))


def stack(arrays: list[xr.DataArray], dim: str) -> xr.DataArray:
    """Arrays broadcast against each other and stacked along a new ``dim`` (coordinates
    that differ between them, e.g. a draw's sampled inputs, are taken from the first)."""
    return xr.concat(
        xr.broadcast(*arrays), dim=dim, coords="minimal", compat="override", join="outer"
    )


def grade(sc: Mapping[str, Any]) -> Any:
    """The overall grade 0-4: layers passed in order on top of the national core
    indicator (a veto); a layer with nothing assessed (NaN) does not block."""
    ok = [sc["core_pass"] != 0] + [sc[f"{layer}_pass"] != 0 for layer in LAYERS]
    ok = broadcast(*ok)
    running = ok[0].astype(float)
    total = xr.zeros_like(running)
    for layer_ok in ok[1:]:
        running = running * layer_ok
        total = total + running
    return total


def intensity_band(sc: Mapping[str, xr.Variable], s: Mapping[str, Any]) -> xr.Variable:
    """The upper edge of the elasticity band of the intensity per value added: the park's
    first-year intensity reduced at ``intensity_reduction_per_year``, widened by
    ``transition_relaxation`` for the parks in ``transition_parks`` (NaN where the
    first-year intensity is undefined)."""
    rate = checks.share(
        "scorecard.intensity_reduction_per_year", s.get("intensity_reduction_per_year")
    )
    relax = checks.number(
        "scorecard.transition_relaxation", s.get("transition_relaxation", 0.0), low=0, high=1
    )
    parks = [str(p) for p in sc["park"].values]
    # one scorecard config serves every population: parks of another one are ignored
    in_transition = [str(p) for p in s.get("transition_parks") or []]
    years = sc["year"]
    start = sc["value_added_intensity"].isel(year=0)
    path = start * (1.0 - rate) ** (years - years.values[0])
    widen = xr.Variable("park", np.where(np.isin(parks, in_transition), 1.0 + relax, 1.0))
    return path * widen
