"""Behaviour parameters of the response (the ``response`` config section) as arrays."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.axes import POWER_KINDS
from sim.errors import ConfigError
from sim.inputs.arrays import Behaviour, Population


def build_behaviour(
    r: Mapping[str, Any], pop: Population, population_cfg: Mapping[str, Any], years: list[int]
) -> Behaviour:
    p = "response"

    def per_kind(name: str, check) -> np.ndarray:
        table = r[name]
        for k in POWER_KINDS:
            if k not in table:
                raise ConfigError(f"{p}.{name}", dict(table), f"no value for {k!r}")
        return np.array([check(f"{p}.{name}.{k}", table[k]) for k in POWER_KINDS])

    def per_sector(name: str, check) -> np.ndarray:
        table = r[name]
        for s in set(pop.sector):
            if s not in table:
                raise ConfigError(f"{p}.{name}", dict(table), f"no value for sector {s!r}")
        return np.array([check(f"{p}.{name}.{s}", table[s]) for s in pop.sector])

    nonneg = lambda k, v: checks.number(k, v, low=0)  # noqa: E731
    points = checks.sparse_schedule(
        f"{p}.direct_line_min_load_share",
        r["direct_line_min_load_share"],
        years[0],
        years[-1],
        check=checks.share,
    )
    min_share = np.interp(years, *points)
    goods, parks, entities = population_cfg["goods"], population_cfg["parks"], pop
    production = np.array([_production(e, pop) for e in range(pop.ids.size)])
    return Behaviour(
        enabled=bool(r["enabled"]),
        expectation_tau_years=checks.number(
            f"{p}.expectation_time_constant_years",
            r["expectation_time_constant_years"],
            low=0,
            low_open=True,
        ),
        initial_expected_price_eur=checks.number(
            f"{p}.initial_expected_price_eur",
            r["initial_expected_price_eur"],
            low=0,
            low_open=True,
        ),
        adoption_speed=checks.share(f"{p}.adoption_speed", r["adoption_speed"]),
        adoption_slope=checks.number(
            f"{p}.adoption_slope", r["adoption_slope"], low=0, low_open=True
        ),
        budget_share=checks.share(
            f"{p}.capex_budget_share_of_revenue", r["capex_budget_share_of_revenue"]
        ),
        mrv_setup_eur=checks.number(f"{p}.mrv_setup_eur", r["mrv_setup_eur"], low=0),
        mrv_annual_eur=checks.number(f"{p}.mrv_annual_eur", r["mrv_annual_eur"], low=0),
        mrv_lead_years=int(
            checks.number(f"{p}.mrv_lead_time_years", r["mrv_lead_time_years"], low=1, high=10)
        ),
        mrv_life_years=checks.integer(f"{p}.mrv_life_years", r["mrv_life_years"], low=1, high=50),
        power_premium=per_kind("power_premium_eur_per_mwh", checks.number),
        power_cap=per_kind("power_max_share", checks.share),
        power_innovation=checks.share(f"{p}.power_innovation", r["power_innovation"]),
        power_imitation=checks.number(f"{p}.power_imitation", r["power_imitation"], low=0),
        power_reporting_value=checks.number(
            f"{p}.power_reporting_value_eur_per_mwh", r["power_reporting_value_eur_per_mwh"]
        ),
        power_response_scale=checks.number(
            f"{p}.power_response_scale_eur_per_mwh",
            r["power_response_scale_eur_per_mwh"],
            low=0,
            low_open=True,
        ),
        direct_line_min_share=min_share,
        direct_line_from=np.array(
            [
                checks.year(f"population.parks.{k}.direct_line_from", parks[k]["direct_line_from"])
                for k in entities.park
            ]
        ),
        park_line_year=np.array(
            [
                -1
                if parks[k].get("direct_line_commissioned") is None
                else checks.year(
                    f"population.parks.{k}.direct_line_commissioned",
                    parks[k]["direct_line_commissioned"],
                )
                for k in entities.park
            ]
        ),
        park_line_share=np.array(
            [
                checks.share(
                    f"population.parks.{k}.direct_line_share",
                    parks[k].get("direct_line_share", 0.0),
                )
                for k in entities.park
            ]
        ),
        verified_data=checks.choice(
            f"{p}.verified_data",
            r["verified_data"],
            ("decide", "never", "everyone"),
            "verified-data mode",
        ),
        reserve_share=checks.share(
            f"{p}.reserve_share_of_expected_liability", r["reserve_share_of_expected_liability"]
        ),
        offset_share=checks.share(f"{p}.offset_share", r["offset_share"]),
        elasticity=per_sector("trade_elasticity", nonneg),
        pass_through=per_sector("trade_pass_through", checks.share),
        price_eur_per_t=np.array(
            [
                checks.number(
                    f"population.goods.{g}.price_eur_per_t",
                    goods[g]["price_eur_per_t"],
                    low=0,
                    low_open=True,
                )
                for g in pop.good
            ]
        ),
        production_t=production,
    )


def _production(e: int, pop: Population) -> float:
    if pop.production_t[e] < pop.volume_t[e]:
        raise ConfigError(
            f"population.entities.{pop.ids[e]}.production_t",
            float(pop.production_t[e]),
            f"must be at least the EU export volume {pop.volume_t[e]:g} t",
        )
    return float(pop.production_t[e])
