"""The ``prices`` section: the certificate price (annual, quarterly and weekly), the China
ETS price and its coverage by sector, the exchange rate and the price levers, checked and
put on the run's yearly grid."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError, SuspiciousInputWarning
from sim.inputs.files import read_weekly_prices
from sim.inputs.schedules import linear_path
from sim.rules import certificate_price as price_rules

# [U] assumption: a year-on-year move of more than tenfold is not a price path seen on any
# carbon market (EU ETS annual means 2008-2025 moved at most ~3x, 2017 -> 2018; China ETS
# less) and is far more often a unit slip (EUR vs cents, CNY vs EUR) than a forecast.
PRICE_JUMP_FACTOR = 10.0


def warn_price_jumps(what: str, years: list[int], path: np.ndarray) -> None:
    """Warn (:class:`SuspiciousInputWarning`) when a price path moves more than tenfold from
    one year to the next; zero prices are skipped (no ratio)."""
    path = np.asarray(path, float)
    prev, nxt = path[:-1], path[1:]
    both = (prev > 0) & (nxt > 0)
    ratio = np.where(both, np.maximum(nxt, prev) / np.where(both, np.minimum(nxt, prev), 1), 1)
    jumps = np.flatnonzero(ratio > PRICE_JUMP_FACTOR)
    if jumps.size:
        i = int(jumps[0])
        warnings.warn(
            f"{what} {years[i + 1]} = {nxt[i]:g}: more than {PRICE_JUMP_FACTOR:g}-fold the "
            f"{prev[i]:g} of {years[i]}; suspicious (check the units), the run goes on",
            SuspiciousInputWarning,
            stacklevel=2,
        )


def domestic_coverage(pr: Mapping[str, Any], sector_of: np.ndarray, years: list[int]) -> np.ndarray:
    """(E, T) 1.0 where the entity's sector is under the China ETS: every sector of the
    population needs a year in ``prices.domestic_coverage_from``."""
    coverage_from = pr["domestic_coverage_from"]
    for s in dict.fromkeys(map(str, sector_of)):  # population order, plain text
        if s not in coverage_from:
            raise ConfigError(
                "prices.domestic_coverage_from",
                dict(coverage_from),
                f"no entry for sector {s!r} (use a year after the run if not covered)",
            )
        checks.year(f"prices.domestic_coverage_from.{s}", coverage_from[s])
    year_arr = np.array(years)
    return (
        year_arr[None, :] >= np.array([int(coverage_from[s]) for s in sector_of])[:, None]
    ).astype(float)


def _positive(key: str, value: Any) -> float:
    return checks.number(key, value, low=0, low_open=True)


def certificate_price(
    pr: Mapping[str, Any], pol: Mapping[str, Any], years: list[int]
) -> np.ndarray:
    """The central certificate price per run year, before any ceiling: the annual EUA path,
    quarterly prices in the years ``policy.quarterly_certificate_price_years`` names, and
    the means of a weekly price file in the other years it covers."""
    annual = checks.year_schedule(
        "prices.eua_annual_eur", pr["eua_annual_eur"], years, check=_positive
    )
    weights = quarter_import_weights(pr)
    quarterly = quarterly_prices(pr, years)
    quarterly_years = [int(y) for y in pol["quarterly_certificate_price_years"]]
    weekly = weekly_means(pr, years, quarterly_years)
    return price_rules.certificate_price(
        annual, quarterly, np.isin(years, quarterly_years), weights, weekly
    )


def quarter_import_weights(pr: Mapping[str, Any]) -> list[float]:
    """The shares of a year's imports by quarter: four shares summing to 1."""
    weights = [
        checks.share(f"prices.quarter_import_weights.{i}", w)
        for i, w in enumerate(pr["quarter_import_weights"])
    ]
    if len(weights) != 4 or abs(sum(weights) - 1.0) > 1e-9:
        raise ConfigError(
            "prices.quarter_import_weights",
            list(pr["quarter_import_weights"]),
            "expected four shares summing to 1",
        )
    return weights


def quarterly_prices(pr: Mapping[str, Any], years: list[int]) -> np.ndarray:
    """(T, 4) ``prices.certificate_quarterly_eur`` on the run years (NaN where not given);
    quarters are 1-4 and prices positive."""
    quarterly = np.full((len(years), 4), np.nan)
    table = checks.year_keys("prices.certificate_quarterly_eur", pr["certificate_quarterly_eur"])
    for y, quarters in table.items():
        for q, price in quarters.items():
            key = f"prices.certificate_quarterly_eur.{y}.{q}"
            quarter = checks.choice(key, str(q), ("1", "2", "3", "4"), "quarter (1-4)")
            if y in years:
                quarterly[years.index(y), int(quarter) - 1] = _positive(key, price)
    return quarterly


def weekly_means(pr: Mapping[str, Any], years: list[int], quarterly_years: list[int]) -> np.ndarray:
    """(T,) annual means of ``prices.weekly_price_file`` in the run years it covers that are
    not priced by quarter (NaN elsewhere, and everywhere without a file)."""
    weekly = np.full(len(years), np.nan)
    if pr["weekly_price_file"]:
        means = read_weekly_prices(pr["weekly_price_file"])
        for i, y in enumerate(years):
            if y in means and y not in quarterly_years:
                weekly[i] = means[y]
        if np.isnan(weekly).all():
            used = [y for y in years if y not in quarterly_years]
            raise ConfigError(
                "prices.weekly_price_file",
                pr["weekly_price_file"],
                f"covers no run year it could price (file years {sorted(means)}, run years "
                f"priced by weekly prices {used}): it would have no effect",
            )
    return weekly


def domestic_price_cny(pr: Mapping[str, Any], years: list[int]) -> tuple[np.ndarray, float]:
    """The China ETS price path (CNY, linear between the points given, which must span the
    run) and the exchange rate ``prices.fx_cny_per_eur``."""
    fx = _positive("prices.fx_cny_per_eur", pr["fx_cny_per_eur"])
    points = checks.sparse_schedule(
        "prices.domestic_price_cny",
        pr["domestic_price_cny"],
        years[0],
        years[-1],
        check=lambda k, v: checks.number(k, v, low=0),
    )
    return linear_path(*points, np.array(years)), fx


def price_ceiling(pr: Mapping[str, Any]) -> float | None:
    """The certificate price ceiling ``prices.price_ceiling_eur`` (a scenario lever), if any."""
    if pr["price_ceiling_eur"] is None:
        return None
    return _positive("prices.price_ceiling_eur", pr["price_ceiling_eur"])


def growth_after_horizon(pr: Mapping[str, Any]) -> float:
    """The yearly growth of the certificate price after the last run year."""
    return checks.number(
        "prices.growth_after_horizon", pr["growth_after_horizon"], low=-0.5, high=1.0
    )


def effectively_paid_share(pr: Mapping[str, Any], years: list[int]) -> np.ndarray:
    """(T,) the share of the China ETS price effectively paid, linear between the points
    given (which must span the run)."""
    points = checks.sparse_schedule(
        "prices.effectively_paid_share",
        pr["effectively_paid_share"],
        years[0],
        years[-1],
        check=checks.share,
    )
    return linear_path(*points, np.array(years))
