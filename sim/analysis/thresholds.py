"""Thresholds and input series of the park scorecard, read from its settings (the stored
``scorecard`` config) and checked: a bad key or value is one :class:`ConfigError` naming it.

Every year-keyed path here is a step path: the value of the latest year at or before the
year judged, NaN (not assessed, or not reported) before its first year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from sim import checks
from sim.errors import ConfigError

# indicators judged against scorecard.thresholds, and the side each is judged from: "min"
# (pass at or above the threshold) or "max" (at or below)
THRESHOLD_INDICATORS = {
    "direct_renewable_share": "min",
    "scope3_coverage": "min",
    "carbon_price_coverage": "min",
    "embodied_carbon_disclosed": "min",
    "green_hydrogen_substitution": "min",
    "ccus_storage": "min",
    "renewable_hydrogen_share": "min",
    "carbon_label_share": "min",
    "cbam_reserve_ratio": "min",
    "low_carbon_patents": "min",
}
# indicators the model has no driver for: given per park and year (scorecard.input_series)
INPUT_SERIES = {
    "scope3_coverage": checks.share,
    "embodied_carbon_disclosed": checks.share,
    "carbon_label_share": checks.share,
    "low_carbon_patents": lambda key, v: checks.number(key, v, low=0),
}


def step_path(
    key: str, schedule: Any, years: Iterable[int], check: Callable[[str, Any], float]
) -> np.ndarray:
    """The step path of a {year: value} schedule over ``years`` (NaN before its first year)."""
    table = checks.year_keys(key, schedule)
    if not table:
        raise ConfigError(key, schedule, "expected at least one year -> value")
    points = sorted(table)
    values = {y: check(f"{key}.{y}", table[y]) for y in points}
    out = []
    for year in years:
        known = [y for y in points if y <= year]
        out.append(values[known[-1]] if known else np.nan)
    return np.array(out, dtype=float)


def threshold(s: Mapping[str, Any], name: str, years: xr.Variable) -> tuple[str, xr.Variable]:
    """The side ("min" or "max", fixed by the indicator) and the threshold path over
    ``years`` of an indicator of ``scorecard.thresholds``."""
    key = f"scorecard.thresholds.{name}"
    record = (s.get("thresholds") or {}).get(name)
    if not isinstance(record, Mapping):
        raise ConfigError(
            key, record, f"expected {{{THRESHOLD_INDICATORS[name]}: {{year: value}}, source}}"
        )
    side = THRESHOLD_INDICATORS[name]
    unknown = sorted(set(record) - {side, "source"})
    if unknown:
        raise ConfigError(f"{key}.{unknown[0]}", record[unknown[0]], f"expected {side} and source")
    if side not in record:
        raise ConfigError(f"{key}.{side}", None, "missing: the threshold path {year: value}")
    shares = ("_share", "_coverage", "_disclosed", "_substitution", "_ratio")
    fn = checks.share if name.endswith(shares) else non_negative
    if name == "cbam_reserve_ratio":  # a reserve may exceed a year's cost
        fn = non_negative
    path = step_path(f"{key}.{side}", record[side], years.values.tolist(), fn)
    return side, xr.Variable("year", path)


def non_negative(key: str, value: Any) -> float:
    """A number >= 0 (a count, a quantity, a limit)."""
    return checks.number(key, value, low=0)


def check_names(s: Mapping[str, Any]) -> None:
    """Every key of ``scorecard.thresholds`` and ``scorecard.input_series`` names a known
    indicator; every thresholded indicator has its threshold. (Parks are not checked: one
    scorecard config serves every population, a park of another one is ignored.)"""
    given = s.get("thresholds") or {}
    for name in given:
        checks.choice("scorecard.thresholds", name, THRESHOLD_INDICATORS, "thresholded indicator")
    for name in THRESHOLD_INDICATORS:
        if name not in given:
            raise ConfigError(f"scorecard.thresholds.{name}", None, "missing: give its threshold")
    series = s.get("input_series") or {}
    if not isinstance(series, Mapping):
        raise ConfigError("scorecard.input_series", series, "expected {indicator: {park: ...}}")
    for name, by_park in series.items():
        checks.choice("scorecard.input_series", name, INPUT_SERIES, "input-series indicator")
        if not isinstance(by_park, Mapping):
            raise ConfigError(f"scorecard.input_series.{name}", by_park, "expected {park: ...}")


def input_series(
    s: Mapping[str, Any], name: str, parks: xr.Variable, years: xr.Variable
) -> xr.Variable:
    """An input-series indicator (park, year): its step path where a park reports it, NaN
    (not reported) elsewhere."""
    by_park = (s.get("input_series") or {}).get(name) or {}
    rows = []
    for park in parks.values:
        schedule = by_park.get(str(park))
        key = f"scorecard.input_series.{name}.{park}"
        rows.append(
            np.full(years.size, np.nan)
            if schedule is None
            else step_path(key, schedule, years.values.tolist(), INPUT_SERIES[name])
        )
    return xr.Variable(("park", "year"), np.array(rows).reshape(parks.size, years.size))


def banded(energy_tce: Any, key: str, bands: Any, value_of) -> Any:
    """A limit by energy band: ``value_of(band key, band value)`` of the highest band whose
    lower bound (tce/yr) the park's energy use reaches; NaN below the lowest band."""
    if not isinstance(bands, Mapping) or not bands:
        raise ConfigError(key, bands, "at least one band {lower bound tce/yr: limit}")
    table = sorted(
        (checks.number(f"{key} (band {k})", _num(k), low=0), value_of(f"{key}.{k}", v))
        for k, v in bands.items()
    )
    limit = xr.full_like(energy_tce, np.nan, dtype=float)
    for lower, value in table:  # ascending: the highest band reached wins
        limit = xr.where(energy_tce >= lower, value, limit)
    return limit


def core_limit(energy_tce: Any, settings: Mapping[str, Any]) -> Any:
    """Limit of the national core indicator for each park's energy use (NaN below the
    lowest band; notice 2025 No. 910)."""
    key = "scorecard.core_limit_tco2_per_tce"
    return banded(energy_tce, key, settings.get("core_limit_tco2_per_tce"), non_negative)


def phased_core_limit(
    energy_tce: xr.Variable, settings: Mapping[str, Any], years: Sequence[int]
) -> xr.Variable:
    """The core-indicator limit on its phased milestone path, by energy band and ``years``
    (the labels of ``energy_tce``'s year dimension)."""
    key = "scorecard.core_limit_phased_tco2_per_tce"

    def path(k: str, schedule: Any) -> tuple[float, ...]:
        return tuple(step_path(k, schedule, years, non_negative))

    bands = settings.get("core_limit_phased_tco2_per_tce")
    if not isinstance(bands, Mapping) or not bands:
        raise ConfigError(key, bands, "at least one band {lower bound tce/yr: {year: limit}}")
    limit = xr.full_like(energy_tce, np.nan, dtype=float)
    for lower, k in sorted((checks.number(f"{key} (band {k})", _num(k), low=0), k) for k in bands):
        values = xr.Variable("year", np.array(path(f"{key}.{k}", bands[k])))
        limit = xr.where(energy_tce >= lower, values, limit)
    return limit


def _num(key: Any) -> Any:
    try:
        return float(key)
    except (TypeError, ValueError):
        return key
