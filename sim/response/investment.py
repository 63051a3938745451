"""Technology (T of TEDI): the yearly investment rule, vectorised over (draw, pair).

An option starts on the (entity, option) pairs where it applies, at a rate that rises
with its benefit-cost ratio, within the capacity left for it and the entity's capex
budget. What an option is worth (the CBAM certificates and domestic carbon cost it
avoids) is valued by the caller under the rules (:mod:`sim.dynamics.valuation`); this
module only decides. Equations: docs/model.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.response.pair_space import per_entity
from sim.response.technology import (
    Pairs,
    Technology,
    adoption_rate,
    capital_recovery_factor,
    learned_capex,
    learning_exponent,
)


@dataclass(frozen=True)
class Capacity:
    """The stocks the rule reads, the technology stocks over the applicable pairs (D, P)."""

    adopted: np.ndarray  # (D, P) commissioned share of capacity per pair
    under_construction: np.ndarray  # (D, P)
    route_share: np.ndarray  # (D, E, R)
    deployed_t: np.ndarray  # (D, K) commissioned in the model, t/yr (for learning)


@dataclass(frozen=True)
class Investor:
    """How the firms decide: per draw (D,) and per entity (E,)."""

    adoption_speed: np.ndarray  # (D,) share of the room started per year at most
    adoption_slope: float
    capex_multiplier: np.ndarray  # (D, K)
    learning_multiplier: np.ndarray  # (D,)
    production_t: np.ndarray  # (E,)
    budget_eur: np.ndarray  # (E,) yearly capex budget


def invest(
    tech: Technology,
    pairs: Pairs,
    benefit: np.ndarray,
    t: int,
    year: int,
    cap: Capacity,
    who: Investor,
    committed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Project starts (D, P, share of capacity) and their capex (D, E, EUR) in year
    index ``t`` (calendar ``year``), given each pair's yearly ``benefit`` (D, P, EUR per
    t/yr of capacity converted). A ``committed`` pair (P,) (a park plan's year) starts
    on all the room left to it, outside the budget."""
    if pairs.size == 0:
        return np.zeros(cap.adopted.shape), np.zeros(cap.route_share.shape[:2])
    capex, annual = annual_cost(tech, pairs, t, cap.deployed_t, who)
    free = np.where(benefit > 0, np.inf, 0.0)  # costs nothing a year: taken iff it helps
    ratio = np.divide(benefit, annual, out=free, where=annual > 0)
    open_now = year >= tech.available_from[pairs.option]
    rate = adoption_rate(ratio, who.adoption_speed[:, None], who.adoption_slope)
    plan = np.zeros(pairs.size, bool) if committed is None else committed
    rate = np.where(plan, 1.0, rate)
    left, free_base = room(tech, pairs, cap)
    starts = squeeze_routes(rate * left * open_now, free_base, pairs)
    chosen, total = within_budget(starts * ~plan, capex, pairs, who)
    planned = starts * plan
    total = total + per_entity(
        planned * who.production_t[pairs.entity] * capex, pairs.entity, total.shape[1]
    )
    return chosen + planned, total


def annual_cost(
    tech: Technology, pairs: Pairs, t: int, deployed_t: np.ndarray, who: Investor
) -> tuple[np.ndarray, np.ndarray]:
    """Capex after learning (D, P) and its annuity plus opex (D, P), EUR per t/yr."""
    pk = pairs.option
    cumulative = tech.initial_deployment_t * (1 + tech.global_growth_per_year) ** t + deployed_t
    capex = learned_capex(
        tech.capex_eur_per_t * who.capex_multiplier,
        cumulative,
        tech.initial_deployment_t,
        learning_exponent(tech.learning_exponent, who.learning_multiplier),
    )[:, pk]
    crf = capital_recovery_factor(tech.discount_rate, tech.life_years)
    return capex, capex * crf[pk] + tech.opex_eur_per_t[pk]


def room(tech: Technology, pairs: Pairs, cap: Capacity) -> tuple[np.ndarray, np.ndarray]:
    """Capacity still open to each pair (D, P), and each entity's base-route capacity not
    converted or being converted (D, E)."""
    pe, pk = pairs.entity, pairs.option
    pipe = cap.under_construction
    e_idx = np.arange(cap.route_share.shape[1])
    converting = per_entity(pipe * pairs.is_route, pe, e_idx.size)  # at most two a unit
    free_base = cap.route_share[:, e_idx, tech.base_route] - converting
    left = np.maximum(0.0, tech.max_share[pk] - cap.adopted - pipe)
    return np.where(pairs.is_route, np.minimum(left, free_base[:, pe]), left), free_base


def squeeze_routes(starts: np.ndarray, free_base: np.ndarray, pairs: Pairs) -> np.ndarray:
    """Route conversions of one entity scaled down together so that they never convert
    more than its free base-route capacity."""
    route_starts = per_entity(starts * pairs.is_route, pairs.entity, free_base.shape[1])
    squeeze = np.divide(
        free_base, route_starts, out=np.ones_like(free_base), where=route_starts > free_base
    )
    return np.where(pairs.is_route, starts * np.minimum(1.0, squeeze)[:, pairs.entity], starts)


def within_budget(
    starts: np.ndarray, capex: np.ndarray, pairs: Pairs, who: Investor
) -> tuple[np.ndarray, np.ndarray]:
    """Starts scaled down to each entity's capex budget (D, P), and the capex (D, E)."""
    spend = starts * who.production_t[pairs.entity] * capex
    total = per_entity(spend, pairs.entity, who.production_t.size)
    budget = who.budget_eur
    scale = np.divide(budget, total, out=np.ones_like(total), where=total > budget)
    return starts * scale[:, pairs.entity], total * np.minimum(scale, 1.0)
