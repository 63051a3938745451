"""From a composed config to validated numpy inputs.

:func:`build_inputs` is the one gate between user input and the model: every value
is checked here (range, coverage of the run's years, cross-references) and turned
into arrays on the (entity, year) grid. A bad value raises :class:`ConfigError`
naming the key; nothing downstream needs to re-check.
"""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError, SuspiciousInputWarning
from sim.inputs.arrays import Compliance, Inputs
from sim.inputs.behaviour import build_behaviour
from sim.inputs.files import read_weekly_prices
from sim.inputs.population import build_population, warn_below_best_technology
from sim.inputs.schedules import linear_path
from sim.inputs.structure import check_structure
from sim.inputs.technology import build_technology
from sim.rules import certificate_price as prices


def build_inputs(cfg: Mapping[str, Any]) -> Inputs:
    """Validate a resolved config (plain dicts) and return the model inputs."""
    check_structure(cfg)
    run = cfg["run"]
    first = checks.year("run.start_year", run["start_year"], low=DEFINITIVE_PERIOD_START)
    # [U] the rules are enacted to 2034 and scenarios reach at most a few decades further
    last = checks.year("run.end_year", run["end_year"], low=first, high=2100)
    checks.integer("ensemble.seed", cfg["ensemble"]["seed"], low=0)
    years = list(range(first, last + 1))
    pol, pr = cfg["policy"], cfg["prices"]
    sectors = pol["sectors"]
    if not sectors:
        raise ConfigError("policy.sectors", {}, "at least one sector needs CBAM rules")
    pop = build_population(cfg["population"], list(sectors))

    cf = checks.year_schedule("policy.cbam_factor", pol["cbam_factor"], years, check=checks.share)
    _check_never_rising("policy.cbam_factor", pol["cbam_factor"])
    cscf_default = checks.share("policy.cscf", pol["cscf"])
    cscf_years = {
        y: checks.share(f"policy.cscf_by_year.{y}", v)
        for y, v in checks.year_keys("policy.cscf_by_year", pol["cscf_by_year"]).items()
    }
    cscf = [cscf_years.get(y, cscf_default) for y in years]
    markup_by_sector = {
        s: checks.year_schedule(
            f"policy.sectors.{s}.default_value_markup",
            rules["default_value_markup"],
            years,
            # [U] at most +1,000 %: the enacted mark-ups are 1-30 % (IR 2025/2621)
            check=lambda k, v: checks.number(k, v, low=0, high=10),
        )
        for s, rules in sectors.items()
    }
    all_from = pol["indirect_for_all_sectors_from"]
    if all_from is not None:
        all_from = checks.year("policy.indirect_for_all_sectors_from", all_from, low=2026)
    year_arr = np.array(years)
    sector_of = pop.sector
    indirect = np.array(
        [
            [
                sectors[s]["indirect_emissions"] or (all_from is not None and y >= all_from)
                for y in years
            ]
            for s in sector_of
        ],
        dtype=bool,
    )
    threshold = checks.number("policy.de_minimis_threshold_t", pol["de_minimis_threshold_t"], low=0)

    coverage_from = pr["domestic_coverage_from"]
    for s in set(sector_of):
        if s not in coverage_from:
            raise ConfigError(
                "prices.domestic_coverage_from",
                dict(coverage_from),
                f"no entry for sector {s!r} (use a year after the run if not covered)",
            )
        checks.year(f"prices.domestic_coverage_from.{s}", coverage_from[s])
    technology = build_technology(cfg["technology"], pop, cfg["population"]["goods"])
    certificate_price = _certificate_price(pr, pol, years)
    domestic_cny, fx = _domestic_price_cny(pr, first, last, year_arr)
    warn_price_jumps("certificate price", years, certificate_price)
    warn_price_jumps("prices.domestic_price_cny", years, domestic_cny)
    warn_below_best_technology(pop, cfg["population"], cfg["technology"])
    ceiling = None
    if pr["price_ceiling_eur"] is not None:
        ceiling = checks.number(
            "prices.price_ceiling_eur", pr["price_ceiling_eur"], low=0, low_open=True
        )
        certificate_price = np.minimum(certificate_price, ceiling)
    inputs = Inputs(
        years=year_arr,
        population=pop,
        cbam_factor=np.array(cf),
        cscf=np.array(cscf),
        markup=np.array([markup_by_sector[s] for s in sector_of]),
        indirect_in_scope=indirect,
        de_minimis_applies=np.array([bool(sectors[s]["de_minimis_applies"]) for s in sector_of]),
        de_minimis_threshold_t=threshold,
        certificate_price_eur=certificate_price,
        domestic_price_cny=domestic_cny,
        fx_cny_per_eur=fx,
        price_ceiling_eur=ceiling,
        price_growth_after_horizon=checks.number(
            "prices.growth_after_horizon", pr["growth_after_horizon"], low=-0.5, high=1.0
        ),
        effectively_paid_share=linear_path(
            *checks.sparse_schedule(
                "prices.effectively_paid_share",
                pr["effectively_paid_share"],
                first,
                last,
                check=checks.share,
            ),
            year_arr,
        ),
        domestic_coverage=(
            year_arr[None, :] >= np.array([int(coverage_from[s]) for s in sector_of])[:, None]
        ).astype(float),
        deduction_with_default_values=bool(pol["deduction_with_default_values"]),
        cbam_enabled=bool(pol["cbam_enabled"]),
        cbam_in_scope=year_arr[None, :]
        >= np.array([_in_scope_from(cfg["population"]["goods"][g]) for g in pop.good])[:, None],
        technology=technology,
        behaviour=build_behaviour(cfg["response"], pop, cfg["population"], years),
        compliance=_compliance(pol),
        cf_cscf_path=_cf_cscf_path(pol, years, cscf_default, cscf_years),
    )
    _check_default_values(inputs, cfg["population"]["goods"])
    return inputs


def _check_never_rising(key: str, schedule: Mapping[Any, Any]) -> None:
    """The CBAM factor phases free allocation out: it never rises from one year to the next
    (Directive 2003/87/EC Art. 10a(1a) as amended by Directive (EU) 2023/959)."""
    table = sorted((int(y), checks.share(f"{key}.{y}", v)) for y, v in schedule.items())
    for (y0, v0), (y1, v1) in itertools.pairwise(table):
        if v1 > v0:
            raise ConfigError(
                f"{key}.{y1}",
                schedule.get(str(y1), schedule.get(y1, v1)),
                f"the CBAM factor never rises (it is {v0:g} in {y0}; Directive 2003/87/EC "
                "Art. 10a(1a) phases free allocation out)",
            )


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


DEFINITIVE_PERIOD_START = 2026  # Reg. 2023/956 Art. 36: certificates due from 1 January 2026


def _in_scope_from(good: Mapping[str, Any]) -> int:
    year = good.get("in_scope_from")
    return DEFINITIVE_PERIOD_START if year is None else int(year)  # checked by _check_goods


def _cf_cscf_path(
    pol: Mapping[str, Any], years: list[int], cscf: float, cscf_years: Mapping[int, float]
) -> np.ndarray:
    """CF x CSCF from the first run year through the last configured year (even beyond the
    run's end): decisions look ahead over an option's life whatever the horizon. Later
    years repeat the last value (0 from 2034 under the enacted rules)."""
    table = {
        int(y): checks.share(f"policy.cbam_factor.{y}", v) for y, v in pol["cbam_factor"].items()
    }
    path, value = [], table.get(years[0], 0.0)
    for y in range(years[0], max(max(table), years[-1]) + 1):
        value = table.get(y, value)
        path.append(value * cscf_years.get(y, cscf))
    return np.array(path)


def _compliance(pol: Mapping[str, Any]) -> Compliance:
    c, key = pol["compliance"], "policy.compliance"
    try:
        start = dt.date.fromisoformat(str(c["certificate_sales_start"]))
    except ValueError:
        raise ConfigError(
            f"{key}.certificate_sales_start",
            c["certificate_sales_start"],
            "expected a date YYYY-MM-DD",
        ) from None
    for name in ("surrender_deadline", "repurchase_deadline"):
        try:
            dt.date.fromisoformat(f"2027-{c[name]}")
        except ValueError:
            raise ConfigError(f"{key}.{name}", c[name], "expected a month-day MM-DD") from None
    if c["repurchase_deadline"] <= c["surrender_deadline"]:
        raise ConfigError(
            f"{key}.repurchase_deadline",
            c["repurchase_deadline"],
            f"must fall after the surrender deadline {c['surrender_deadline']}",
        )
    basis = checks.choice(
        f"{key}.quarterly_holding_basis",
        c["quarterly_holding_basis"],
        ("net", "gross"),
        "holding basis",
    )
    return Compliance(
        sales_start=start,
        holding_share=checks.share(f"{key}.quarterly_holding_share", c["quarterly_holding_share"]),
        holding_from=checks.year(f"{key}.quarterly_holding_from", c["quarterly_holding_from"]),
        holding_on_gross=basis == "gross",
        surrender=str(c["surrender_deadline"]),
        repurchase=str(c["repurchase_deadline"]),
        repurchase_cap=checks.share(f"{key}.repurchase_cap_share", c["repurchase_cap_share"]),
        quarterly_price_years=tuple(
            checks.year(f"policy.quarterly_certificate_price_years.{i}", y)
            for i, y in enumerate(pol["quarterly_certificate_price_years"])
        ),
    )


def _domestic_price_cny(
    pr: Mapping[str, Any], first: int, last: int, years: np.ndarray
) -> tuple[np.ndarray, float]:
    fx = checks.number("prices.fx_cny_per_eur", pr["fx_cny_per_eur"], low=0, low_open=True)
    points = checks.sparse_schedule(
        "prices.domestic_price_cny",
        pr["domestic_price_cny"],
        first,
        last,
        check=lambda k, v: checks.number(k, v, low=0),
    )
    return linear_path(*points, years), fx


def _certificate_price(
    pr: Mapping[str, Any], pol: Mapping[str, Any], years: list[int]
) -> np.ndarray:
    positive = lambda k, v: checks.number(k, v, low=0, low_open=True)  # noqa: E731
    annual = checks.year_schedule(
        "prices.eua_annual_eur", pr["eua_annual_eur"], years, check=positive
    )
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
    quarterly = np.full((len(years), 4), np.nan)
    for y, quarters in pr["certificate_quarterly_eur"].items():
        for q, price in quarters.items():
            key = f"prices.certificate_quarterly_eur.{y}.{q}"
            checks.choice(key, int(q), range(1, 5), "quarter (1-4)")
            if int(y) in years:
                quarterly[years.index(int(y)), int(q) - 1] = positive(key, price)
    quarterly_years = [int(y) for y in pol["quarterly_certificate_price_years"]]
    weekly = np.full(len(years), np.nan)
    if pr["weekly_price_file"]:
        means = read_weekly_prices(pr["weekly_price_file"])
        for i, y in enumerate(years):
            if y in means and y not in quarterly_years:
                weekly[i] = means[y]
    return prices.certificate_price(
        annual, quarterly, np.isin(years, quarterly_years), weights, weekly
    )


def _check_default_values(inputs: Inputs, goods: Mapping[str, Any]) -> None:
    pop = inputs.population
    needed = np.where(
        inputs.indirect_in_scope,
        pop.default_total_tco2e_per_t[:, None],
        pop.default_direct_tco2e_per_t[:, None],
    )
    missing = pop.uses_default[:, None] & np.isnan(needed)
    if missing.any():
        e, t = np.argwhere(missing)[0]
        good = pop.good[e]
        column = "default_value_total" if inputs.indirect_in_scope[e, t] else "default_value_direct"
        raise ConfigError(
            f"population.goods.{good}.{column}",
            goods[good][column],
            f"entity {pop.ids[e]} declares default values in {inputs.years[t]} "
            "but the good has no default value for the emissions in scope",
        )
