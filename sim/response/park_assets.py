"""Park infrastructure (the I and E of TEDI at park level): what the assets generate, how
much of it the member units can use, the electrolysers' hydrogen, the annualised cost of a
plan, the decision to build it and the sharing of its cost among the members. Pure numpy,
vectorised over draws and parks: (D, P[, A]) arrays, A the asset kinds in the order of
:data:`sim.inputs.arrays.PARK_ASSETS` (pv, wind, storage, connection, electrolyser).

What a MWh is worth under the rules is valued by the caller (:mod:`sim.dynamics.valuation`);
this module only computes flows and decides. Equations: docs/model.md, "Park infrastructure".
"""

from __future__ import annotations

import numpy as np

from sim.response.technology import capital_recovery_factor, learned_capex

HOURS = 8760.0
PV, WIND, STORAGE, CONNECTION, ELECTROLYSER = range(5)
GENERATING = np.array([PV, WIND])


def unit_capex(
    capex0: np.ndarray,
    initial: np.ndarray,
    growth: np.ndarray,
    t: int,
    built: np.ndarray,
    exponent: np.ndarray,
) -> np.ndarray:
    """Capex per unit after learning (D, A): capex0 * (C / C0)^-b with the cumulative global
    deployment C = C0 * (1 + growth)^t + ``built`` (D, A) in the model's parks."""
    cumulative = initial * (1.0 + growth) ** t + built
    return learned_capex(capex0, cumulative, initial, exponent)


def generation(capacity: np.ndarray, capacity_factor: np.ndarray) -> np.ndarray:
    """Yearly generation (D, P), MWh: sum over pv and wind of MW x capacity factor x 8760."""
    return HOURS * np.einsum(
        "dpa,pa->dp", capacity[..., GENERATING], capacity_factor[:, GENERATING]
    )


def usable(
    gen: np.ndarray,
    demand: np.ndarray,
    storage_mwh: np.ndarray,
    availability: float,
    storage_mwh_per_mwh: float,
) -> np.ndarray:
    """Generation the member units can take (D, P), MWh: at most the generation, the park's
    demand, and the demand met when the wind and sun are there (``availability`` x demand)
    plus what storage shifts (MWh x cycles x round-trip efficiency)."""
    shiftable = availability * demand + storage_mwh * storage_mwh_per_mwh
    return np.minimum(np.minimum(gen, demand), shiftable)


def supply_share(used: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Share of the park's demand supplied (D, P): min(1, used / demand), 0 without demand."""
    share = np.divide(used, demand, out=np.zeros_like(used), where=demand > 0)
    return np.clip(share, 0.0, 1.0)


def electrolysis(
    gen: np.ndarray, used: np.ndarray, capacity: np.ndarray, mwh_per_t: float
) -> tuple[np.ndarray, np.ndarray]:
    """Power the electrolysers take (D, P), MWh, and the green hydrogen made (D, P), t: the
    generation the units do not take, at most the electrolysers' MW running the hours the
    park's generators run (MW_el x generation / MW of pv and wind); nothing from the grid."""
    generators = capacity[..., GENERATING].sum(axis=-1)
    hours = np.divide(gen, generators, out=np.zeros_like(gen), where=generators > 0)
    power = np.minimum(np.maximum(gen - used, 0.0), capacity[..., ELECTROLYSER] * hours)
    return power, power / mwh_per_t


def annual_cost(
    capex: np.ndarray, size: np.ndarray, rate: float, life: np.ndarray, opex_share: np.ndarray
) -> np.ndarray:
    """Annualised cost of building ``size`` (P, A) at ``capex`` per unit (D, A), EUR a year
    (D, P): capex x (CRF(rate, life) + fixed O&M share) summed over the kinds."""
    per_unit = capex * (capital_recovery_factor(rate, life) + opex_share)
    return np.einsum("pa,da->dp", size, per_unit)


def decide(benefit: np.ndarray, cost: np.ndarray, open_now: np.ndarray) -> np.ndarray:
    """Whether each park starts its plan this year (D, P): open to it and the yearly benefit
    (avoided certificates, energy bought and hydrogen) strictly above the annualised cost."""
    return open_now & (benefit > cost)


def share_to_cent(total_eur: np.ndarray, weights: np.ndarray, park_of: np.ndarray) -> np.ndarray:
    """Each member's share of its park's cost (D, E), EUR in whole cents, summing to the
    park's total (D, P) rounded to the cent exactly: pro rata to ``weights`` (D, E) (equal
    shares where a park's weights are all zero), the cents left over by rounding down going
    to the largest remainders (ties to the first member)."""
    n_parks = total_eur.shape[1]
    cents = np.round(total_eur * 100.0)
    member = (park_of[:, None] == np.arange(n_parks)).astype(float)  # (E, P)
    w = np.where((weights @ member)[:, park_of] > 0, weights, 1.0)
    exact = cents[:, park_of] * w / (w @ member)[:, park_of]
    base = np.floor(exact)
    left = cents - base @ member  # whole cents still to give, per park (D, P)
    order = np.lexsort((-(exact - base), np.broadcast_to(park_of, exact.shape)), axis=-1)
    first = np.searchsorted(np.sort(park_of), np.arange(n_parks))  # start of each park's block
    rank = np.arange(park_of.size) - first[park_of[order]]  # position within the park
    extra = np.zeros_like(base)
    np.put_along_axis(extra, order, (rank < np.take_along_axis(left[:, park_of], order, -1)), -1)
    return (base + extra) / 100.0
