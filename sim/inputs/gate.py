"""From a composed config to validated numpy inputs.

:func:`build_inputs` is the one gate between user input and the model: every value
is checked here (range, coverage of the run's years, cross-references) and turned
into arrays on the (entity, year) grid. A bad value raises :class:`ConfigError`
naming the key; nothing downstream needs to re-check. The sections are checked by
their own modules (:mod:`.population`, :mod:`.policy`, :mod:`.prices`,
:mod:`.technology`, :mod:`.behaviour`), in a fixed order: the first error of a config
is always the same one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError
from sim.inputs import policy, prices
from sim.inputs.arrays import Behaviour, Inputs, Policy, Population, Prices
from sim.inputs.behaviour import build_behaviour
from sim.inputs.gases import gas_rules
from sim.inputs.park_assets import build_park_assets
from sim.inputs.park_plans import park_claims, technology_plan
from sim.inputs.park_targets import check_park_targets
from sim.inputs.population import build_population, warn_below_best_technology
from sim.inputs.prices import warn_price_jumps
from sim.inputs.structure import check_structure
from sim.inputs.technology import build_technology
from sim.response.technology import Technology


def build_inputs(cfg: Mapping[str, Any]) -> Inputs:
    """Validate a resolved config (plain dicts) and return the model inputs."""
    check_structure(cfg)
    years = run_years(cfg)
    pol, pr, population = cfg["policy"], cfg["prices"], cfg["population"]
    pop, goods, links = build_population(
        population, policy.sector_names(pol), years, gas_rules(pol)
    )
    check_park_targets(population["parks"])
    rules = policy.build_rules(pol, years, pop, goods)
    technology = build_technology(cfg["technology"], pop, goods)
    certificate_price = prices.certificate_price(pr, pol, years)
    domestic_cny, fx = prices.domestic_price_cny(pr, years)
    _warn_price_jumps(years, certificate_price, domestic_cny)
    warn_below_best_technology(pop, goods, cfg["technology"], links)
    ceiling = prices.price_ceiling(pr)
    central = Prices(
        certificate_price_eur=_capped(certificate_price, ceiling),
        domestic_price_cny=domestic_cny,
        fx_cny_per_eur=fx,
        price_ceiling_eur=ceiling,
        price_growth_after_horizon=prices.growth_after_horizon(pr),
        effectively_paid_share=prices.effectively_paid_share(pr, years),
        domestic_coverage=prices.domestic_coverage(pr, pop.sector, years),
    )
    behaviour = _with_park_plans(
        build_behaviour(cfg["response"], pop, population, years), population, pop, technology
    )
    inputs = Inputs(
        years=np.array(years),
        population=pop,
        policy=Policy(**vars(rules), compliance=policy.compliance(pol)),
        prices=central,
        technology=technology,
        behaviour=behaviour,
        links=links,
        parks=build_park_assets(cfg["park_assets"], population["parks"], pop, years, fx),
    )
    _check_default_values(inputs)
    return inputs


def _with_park_plans(
    behaviour: Behaviour, population: Mapping[str, Any], pop: Population, technology: Technology
) -> Behaviour:
    """The behaviour with the parks' technology plans and claims (:mod:`.park_plans`)."""
    parks = population["parks"]
    gec_year, gec_share, offsets = park_claims(parks, pop.park, behaviour.offset_share)
    return dataclasses.replace(
        behaviour,
        planned_option_year=technology_plan(parks, pop.park, technology.ids),
        park_gec_year=gec_year,
        park_gec_share=gec_share,
        offset_share=offsets,
    )


def run_years(cfg: Mapping[str, Any]) -> list[int]:
    """The run's import years ``run.start_year``-``run.end_year`` (from the start of the
    definitive period); the ensemble seed is checked with them."""
    run = cfg["run"]
    first = checks.year("run.start_year", run["start_year"], low=policy.DEFINITIVE_PERIOD_START)
    # [U] the rules are enacted to 2034 and scenarios reach at most a few decades further
    last = checks.year("run.end_year", run["end_year"], low=first, high=2100)
    checks.integer("ensemble.seed", cfg["ensemble"]["seed"], low=0)
    return list(range(first, last + 1))


def _warn_price_jumps(years: list[int], certificate: np.ndarray, domestic: np.ndarray) -> None:
    """Warn of a more than tenfold yearly move in the certificate or the China ETS price."""
    warn_price_jumps("certificate price", years, certificate)
    warn_price_jumps("prices.domestic_price_cny", years, domestic)


def _capped(price: np.ndarray, ceiling: float | None) -> np.ndarray:
    """The certificate price path, at most ``ceiling`` where one is set."""
    return price if ceiling is None else np.minimum(price, ceiling)


def _check_default_values(inputs: Inputs) -> None:
    """An entity declaring default values needs one for the emissions in scope each year:
    the total where indirect emissions are priced, the direct one elsewhere."""
    pop = inputs.population
    needed = np.where(
        inputs.policy.indirect_in_scope,
        pop.default_total_tco2e_per_t[:, None],
        pop.default_direct_tco2e_per_t[:, None],
    )
    missing = pop.uses_default[:, None] & np.isnan(needed)
    if missing.any():
        e, t = np.argwhere(missing)[0]
        column = "total" if inputs.policy.indirect_in_scope[e, t] else "direct"
        raise ConfigError(
            f"population.entities.{pop.ids[e]}.cn_code",
            str(pop.cn_code[e]),
            f"the entity declares default values in {inputs.years[t]} but IR 2025/2621 gives "
            f"no {column} default value for this good from {pop.origin[e]}; declare actual "
            f"values or give overrides.default_{column} with its source",
        )
