"""Technology (T of TEDI): the abatement options as a table, their cost and learning, and
how readily a firm adopts an option that pays. Pure numpy.

Routes form one axis R (the union of every good's routes), options one axis K. An
entity's intensities per route are its own on its base route and the option's on the
route an option converts it to. The input gate fills :class:`Technology` from the
``technology`` config section.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Technology:
    """The abatement options (K) and the per-route intensities of every entity (E, R)."""

    ids: np.ndarray  # (K,)
    routes: np.ndarray  # (R,)
    is_route_option: np.ndarray  # (K,) bool
    applicable: np.ndarray  # (E, K) bool: sector matches and base route in from_routes
    to_route: np.ndarray  # (K,) route index, -1 for reduction options
    reduction: np.ndarray  # (K,)
    stores_co2: np.ndarray  # (K,) bool: the cut is captured and stored (CCUS)
    capex_eur_per_t: np.ndarray  # (K,) per t/yr of capacity, before learning
    opex_eur_per_t: np.ndarray  # (K,)
    lead_time_years: np.ndarray  # (K,) int >= 1
    life_years: np.ndarray  # (K,)
    max_share: np.ndarray  # (K,)
    available_from: np.ndarray  # (K,)
    learning_exponent: np.ndarray  # (K,) b in capex ~ cumulative^-b
    initial_deployment_t: np.ndarray  # (K,)
    global_growth_per_year: np.ndarray  # (K,)
    discount_rate: float
    base_route: np.ndarray  # (E,) route index
    direct_er: np.ndarray  # (E, R) direct tCO2e/t on each route
    electricity_er: np.ndarray  # (E, R) MWh/t
    benchmark_er: np.ndarray  # (E, R) actual-value benchmark, NaN where none
    # (E, R) the same from the second benchmark period (IR 2025/2620 prints two for some
    # goods: 2026-2027 and 2028-2030); equal to benchmark_er elsewhere
    benchmark_er_late: np.ndarray | None = None
    # (K,) MWh/t a reduction option adds on the adopted share (electrified heat), zero if None
    electricity_added: np.ndarray | None = None
    # (K,) construction-phase emissions (EN 15978 A1-A5), tCO2e per t/yr of capacity
    embodied_tco2e_per_t: np.ndarray | None = None

    @cached_property
    def direct_er0(self) -> np.ndarray:
        """Direct tCO2e/t per route, zero where a route does not apply (weighted sums)."""
        return np.nan_to_num(self.direct_er)

    @cached_property
    def electricity_er0(self) -> np.ndarray:
        """MWh/t per route, zero where a route does not apply."""
        return np.nan_to_num(self.electricity_er)

    @cached_property
    def benchmark_er0(self) -> np.ndarray:
        """Actual-value benchmark per route, zero where a route does not apply."""
        return np.nan_to_num(self.benchmark_er)

    @cached_property
    def benchmark_er0_late(self) -> np.ndarray:
        """:attr:`benchmark_er0` of the second benchmark period."""
        late = self.benchmark_er if self.benchmark_er_late is None else self.benchmark_er_late
        return np.nan_to_num(late)

    def benchmarks(self, late: bool) -> np.ndarray:
        """(E, R) the actual-value benchmarks of the first or the second period."""
        return self.benchmark_er0_late if late else self.benchmark_er0


@dataclass(frozen=True)
class Pairs:
    """The P applicable (entity, option) pairs: decisions are computed on these only."""

    entity: np.ndarray  # (P,) entity index
    option: np.ndarray  # (P,) option index
    is_route: np.ndarray  # (P,) the option converts a route
    base: np.ndarray  # (P,) the entity's base route
    to: np.ndarray  # (P,) the route after the option (the base route for reductions)

    @classmethod
    def of(cls, tech: Technology) -> Pairs:
        """The applicable pairs of ``tech``."""
        pe, pk = np.nonzero(tech.applicable)
        route = tech.is_route_option[pk]
        base = tech.base_route[pe]
        return cls(pe, pk, route, base, np.where(route, tech.to_route[pk], base))

    @property
    def size(self) -> int:
        """The number of pairs."""
        return self.entity.size


def capital_recovery_factor(rate: float, life_years: ArrayLike) -> FloatArray:
    """Annuity factor turning a capex into an equal yearly payment over ``life_years``."""
    life = np.asarray(life_years, float)
    if rate == 0:
        return 1.0 / life
    return rate / (1.0 - (1.0 + rate) ** -life)


def learned_capex(
    capex0: ArrayLike, cumulative: ArrayLike, cumulative0: ArrayLike, exponent: ArrayLike
) -> FloatArray:
    """Capex after learning: falls by the learning rate per doubling of cumulative deployment.

    capex = capex0 * (cumulative / cumulative0) ** -b, with b = -log2(1 - learning rate).
    """
    ratio = np.asarray(cumulative, float) / np.asarray(cumulative0, float)
    return np.asarray(capex0, float) * ratio ** -np.asarray(exponent, float)


def learning_exponent(exponent: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """Per-draw learning exponents (D, K) with each learning rate scaled (capped at 90 %)."""
    rate = np.clip((1.0 - 2.0**-exponent) * multiplier[:, None], 0.0, 0.9)
    return -np.log2(1.0 - rate)


def adoption_rate(benefit_cost_ratio: ArrayLike, speed: float, slope: float) -> FloatArray:
    """Share of the remaining potential started this year: a logistic response, exactly zero
    unless the option pays (ratio > 1), rising to ``speed`` as the ratio grows.

    rate = speed * max(0, 2 * logistic(slope * (ratio - 1)) - 1)
         = speed * max(0, tanh(slope * (ratio - 1) / 2))
    """
    x = np.asarray(benefit_cost_ratio, float) - 1.0
    return speed * np.maximum(0.0, np.tanh(slope * np.nan_to_num(x, nan=-1.0, posinf=1e6) / 2.0))


def amortised_embodied(
    commissioned_t: FloatArray, embodied_tco2e_per_t: FloatArray, life_years: ArrayLike
) -> tuple[FloatArray, NDArray[np.int_]]:
    """The yearly share of the embodied emissions of capacity commissioned now (..., K):
    tCO2e/yr, spread evenly over each option's life rounded to whole years (at least one),
    returned with those years (K,), so that the yearly amounts sum to the total."""
    years = np.maximum(np.rint(np.asarray(life_years, float)), 1.0).astype(int)
    return commissioned_t * embodied_tco2e_per_t / years, years
