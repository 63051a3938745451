"""Rule uncertainties (issue 15, item 1): the sampled values of the rule keys declared under
``ensemble.uncertain`` checked and turned into the per-draw rule fields of
:class:`sim.inputs.draws.Draws` (None: the configured rule in every draw).

Each draw applies its rules in the year's obligation (``sim/dynamics/drawn_rules.py``);
firms value their decisions on the configured rules: a drawn rule is not known ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError
from sim.inputs.arrays import Inputs
from sim.inputs.policy import cbam_factor_schedule
from sim.rules.compliance import DEFINITIVE_PERIOD_START

KEY = "ensemble.uncertain"


def rule_fields(ens: Mapping[str, Any], inputs: Inputs, values: Mapping[str, np.ndarray]) -> dict:
    """The rule fields of :class:`Draws` from the sampled ``values``, each checked."""
    for name, spec in (ens.get("uncertain") or {}).items():
        if name != "cbam_factor" and "schedules" in spec:
            raise ConfigError(f"{KEY}.{name}.schedules", "...", "only cbam_factor draws schedules")
    return {
        "cscf": _rule(values, "cscf", 0.0, 1.0),
        "paid_share_multiplier": _rule(values, "paid_share", 0.0, None),
        "downstream_extension": _switch(values, "downstream_extension"),
        "indirect_for_all_sectors_from": indirect_years(values, inputs),
        "cbam_factor": cbam_factors(ens, values, inputs),
        "de_minimis_threshold_t": _rule(values, "de_minimis_threshold_t", 0.0, None),
    }


def described(descriptions: dict[str, str], ens: Mapping[str, Any]) -> dict[str, str]:
    """The descriptions of the sampled inputs, the CBAM factor's with its schedules' names
    in the order of their index."""
    if "cbam_factor" in descriptions:
        names = list((ens.get("uncertain") or {}).get("cbam_factor", {}).get("schedules") or {})
        if names:
            listed = ", ".join(f"{i} {name}" for i, name in enumerate(names))
            named = f"{descriptions['cbam_factor']}: {listed}"
            descriptions = descriptions | {"cbam_factor": named}
    return descriptions


def indirect_years(values: Mapping[str, np.ndarray], inputs: Inputs) -> np.ndarray | None:
    """The year each draw prices indirect emissions for every sector from (D,), or None: a
    whole year from 2026 (a year after the run's end: not within the run)."""
    name = "indirect_for_all_sectors_from"
    if name not in values:
        return None
    x = np.asarray(values[name], float)
    bad = (x != np.round(x)) | (x < DEFINITIVE_PERIOD_START) | (x > checks.YEAR_RANGE[1])
    if bad.any():
        raise ConfigError(
            f"{KEY}.{name}",
            float(x[bad][0]),
            f"expected a year in {DEFINITIVE_PERIOD_START}-{checks.YEAR_RANGE[1]} "
            "(dist: integer or categorical over years)",
        )
    _default_values_cover(inputs, float(x.min()))
    return x


def _default_values_cover(inputs: Inputs, first: float) -> None:
    """An entity on default values needs a total default value from the first year drawn
    (the gate checks the configured scope: ``inputs.gate``)."""
    pop, years = inputs.population, inputs.years
    joined = inputs.policy.indirect_sector_rule[:, None] | (years >= first)[None, :]
    missing = pop.uses_default[:, None] & joined & np.isnan(pop.default_total_tco2e_per_t)[:, None]
    if missing.any():
        e, t = np.argwhere(missing)[0]
        raise ConfigError(
            f"{KEY}.indirect_for_all_sectors_from",
            first,
            f"entity {pop.ids[e]} declares default values in {years[t]} but IR 2025/2621 gives "
            f"no total default value for its good from {pop.origin[e]} (cn_code "
            f"{pop.cn_code[e]}): give overrides.default_total or draw later years",
        )


def cbam_factors(
    ens: Mapping[str, Any], values: Mapping[str, np.ndarray], inputs: Inputs
) -> np.ndarray | None:
    """Each draw's CBAM factor for every run year (D, T): the schedule of
    ``ensemble.uncertain.cbam_factor.schedules`` whose index the draw took, or None."""
    if "cbam_factor" not in values:
        return None
    key = f"{KEY}.cbam_factor"
    spec = (ens.get("uncertain") or {}).get("cbam_factor") or {}
    if spec.get("dist") != "categorical" or "schedules" not in spec:
        raise ConfigError(
            f"{key}.dist",
            spec.get("dist"),
            "the CBAM factor is drawn among named schedules: "
            "{dist: categorical, schedules: {name: {year: factor}}, p: [...]}",
        )
    years = [int(y) for y in inputs.years]
    table = np.array(
        [
            cbam_factor_schedule(f"{key}.schedules.{name}", schedule, years)
            for name, schedule in spec["schedules"].items()
        ]
    )
    index = np.asarray(values["cbam_factor"], float)
    if not np.isin(index, np.arange(len(table))).all():
        bad = float(index[~np.isin(index, np.arange(len(table)))][0])
        raise ConfigError(key, bad, f"expected a schedule index 0-{len(table) - 1}")
    return table[index.astype(int)]


def _switch(values: Mapping[str, np.ndarray], name: str) -> np.ndarray | None:
    """A rule adopted (1) or not (0) in each draw, or None; other values are refused."""
    x = _rule(values, name, 0.0, 1.0)
    if x is not None and not np.isin(x, (0.0, 1.0)).all():
        bad = float(x[~np.isin(x, (0.0, 1.0))][0])
        raise ConfigError(f"{KEY}.{name}", bad, "expected 0 or 1 (dist: bernoulli)")
    return None if x is None else x.astype(bool)


def _rule(
    values: Mapping[str, np.ndarray], name: str, low: float, high: float | None
) -> np.ndarray | None:
    """The sampled values of a rule uncertainty, checked within [low, high], or None."""
    if name not in values:
        return None
    x = np.asarray(values[name], float)
    if x.min() < low or (high is not None and x.max() > high):
        bad = float(x.min() if x.min() < low else x.max())
        span = f"[{low:g}, {high:g}]" if high is not None else f">= {low:g}"
        raise ConfigError(f"{KEY}.{name}", bad, f"a sampled value outside {span}")
    return x
