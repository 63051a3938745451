"""Behaviour parameters of the response (the ``response`` config section) as arrays."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.axes import POWER_KINDS
from sim.errors import ConfigError
from sim.inputs.arrays import Behaviour, Population

Check = Callable[[str, Any], float]


def build_behaviour(
    r: Mapping[str, Any], pop: Population, population_cfg: Mapping[str, Any], years: list[int]
) -> Behaviour:
    """Check the ``response`` section, with the parks' direct lines it needs, and return
    the exporters' behaviour as arrays."""
    min_share = _direct_line_min_share(r, years)
    production = np.array([_production(e, pop) for e in range(pop.ids.size)])
    parks = population_cfg["parks"]
    return Behaviour(
        enabled=bool(r["enabled"]),
        expectation_tau_years=_positive(r, "expectation_time_constant_years"),
        initial_expected_price_eur=_positive(r, "initial_expected_price_eur"),
        adoption_speed=_share(r, "adoption_speed"),
        adoption_slope=_positive(r, "adoption_slope"),
        budget_share=_share(r, "capex_budget_share_of_revenue"),
        mrv_setup_eur=_number(r, "mrv_setup_eur", low=0),
        mrv_annual_eur=_number(r, "mrv_annual_eur", low=0),
        mrv_lead_years=int(_number(r, "mrv_lead_time_years", low=1, high=10)),
        mrv_life_years=checks.integer(
            "response.mrv_life_years", r["mrv_life_years"], low=1, high=50
        ),
        power_premium=_per_power_kind(r, "power_premium_eur_per_mwh", checks.number),
        power_cap=_per_power_kind(r, "power_max_share", checks.share),
        power_innovation=_share(r, "power_innovation"),
        power_imitation=_number(r, "power_imitation", low=0),
        power_reporting_value=_number(r, "power_reporting_value_eur_per_mwh"),
        power_response_scale=_positive(r, "power_response_scale_eur_per_mwh"),
        direct_line_min_share=min_share,
        direct_line_from=_park_direct_line_from(parks, pop.park),
        park_line_year=_park_line_year(parks, pop.park),
        park_line_share=_park_line_share(parks, pop.park),
        verified_data=_verified_data(r),
        reserve_share=_share(r, "reserve_share_of_expected_liability"),
        offset_share=_share(r, "offset_share"),
        precursor_pass_upstream=_share(r, "precursor_cost_passed_upstream"),
        elasticity=_per_sector(r, "trade_elasticity", pop, lambda k, v: checks.number(k, v, low=0)),
        pass_through=_per_sector(r, "trade_pass_through", pop, checks.share),
        price_eur_per_t=pop.price_eur_per_t,
        production_t=production,
    )


def _number(r: Mapping[str, Any], name: str, **bounds: Any) -> float:
    """``response.<name>``, a number within ``bounds`` (see :func:`sim.checks.number`)."""
    return checks.number(f"response.{name}", r[name], **bounds)


def _positive(r: Mapping[str, Any], name: str) -> float:
    """``response.<name>``, a number > 0."""
    return checks.number(f"response.{name}", r[name], low=0, low_open=True)


def _share(r: Mapping[str, Any], name: str) -> float:
    """``response.<name>``, a share in [0, 1]."""
    return checks.share(f"response.{name}", r[name])


def _verified_data(r: Mapping[str, Any]) -> str:
    """The verified-data mode ``response.verified_data``: "decide" (each exporter, whether
    it pays off), "never", or "everyone" from the start."""
    return checks.choice(
        "response.verified_data",
        r["verified_data"],
        ("decide", "never", "everyone"),
        "verified-data mode",
    )


def _direct_line_min_share(r: Mapping[str, Any], years: list[int]) -> np.ndarray:
    """(T,) the minimum load share of a direct line, linear between the points given (which
    must span the run)."""
    points = checks.sparse_schedule(
        "response.direct_line_min_load_share",
        r["direct_line_min_load_share"],
        years[0],
        years[-1],
        check=checks.share,
    )
    return np.interp(years, *points)


def _per_power_kind(r: Mapping[str, Any], name: str, check: Check) -> np.ndarray:
    """(J,) the table ``response.<name>``: a value for every green-power kind."""
    table = r[name]
    for k in POWER_KINDS:
        if k not in table:
            raise ConfigError(f"response.{name}", dict(table), f"no value for {k!r}")
    return np.array([check(f"response.{name}.{k}", table[k]) for k in POWER_KINDS])


def _per_sector(r: Mapping[str, Any], name: str, pop: Population, check: Check) -> np.ndarray:
    """(E,) the table ``response.<name>``: a value for every sector of the population, taken
    by each entity from its sector."""
    table = r[name]
    for s in dict.fromkeys(map(str, pop.sector)):  # population order, plain text
        if s not in table:
            raise ConfigError(f"response.{name}", dict(table), f"no value for sector {s!r}")
    return np.array([check(f"response.{name}.{s}", table[s]) for s in pop.sector])


def _park_direct_line_from(parks: Mapping[str, Any], park_of: np.ndarray) -> np.ndarray:
    """(E,) the year each entity's park allows direct lines from."""
    return np.array(
        [
            checks.year(f"population.parks.{k}.direct_line_from", parks[k]["direct_line_from"])
            for k in park_of
        ]
    )


def _park_line_year(parks: Mapping[str, Any], park_of: np.ndarray) -> np.ndarray:
    """(E,) the year a planned park-wide direct line of each entity's park commissions
    (-1: none planned)."""
    return np.array(
        [
            -1
            if parks[k].get("direct_line_commissioned") is None
            else checks.year(
                f"population.parks.{k}.direct_line_commissioned",
                parks[k]["direct_line_commissioned"],
            )
            for k in park_of
        ]
    )


def _park_line_share(parks: Mapping[str, Any], park_of: np.ndarray) -> np.ndarray:
    """(E,) the share of its units' electricity a park-wide direct line supplies."""
    return np.array(
        [
            checks.share(
                f"population.parks.{k}.direct_line_share", parks[k].get("direct_line_share", 0.0)
            )
            for k in park_of
        ]
    )


def _production(e: int, pop: Population) -> float:
    """An entity's production, all markets: at least its EU export volume."""
    if pop.production_t[e] < pop.volume_t[e]:
        raise ConfigError(
            f"population.entities.{pop.ids[e]}.production_t",
            float(pop.production_t[e]),
            f"must be at least the EU export volume {pop.volume_t[e]:g} t",
        )
    return float(pop.production_t[e])
