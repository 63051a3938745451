"""Technology (T): investment rule, construction conveyor, learning. Pure numpy."""

from __future__ import annotations

from collections import deque

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def sum_last(x: np.ndarray) -> np.ndarray:
    """Sum over the last (short) axis; einsum is several times faster than ``sum(-1)`` there."""
    return np.einsum("...i->...", x)


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


def adoption_rate(benefit_cost_ratio: ArrayLike, speed: float, slope: float) -> FloatArray:
    """Share of the remaining potential started this year: a logistic response, exactly zero
    unless the option pays (ratio > 1), rising to ``speed`` as the ratio grows.

    rate = speed * max(0, 2 * logistic(slope * (ratio - 1)) - 1)
         = speed * max(0, tanh(slope * (ratio - 1) / 2))
    """
    x = np.asarray(benefit_cost_ratio, float) - 1.0
    return speed * np.maximum(0.0, np.tanh(slope * np.nan_to_num(x, nan=-1.0, posinf=1e6) / 2.0))


def gross_certificates_per_t(
    see: ArrayLike, cbam_factor: ArrayLike, cscf: ArrayLike, benchmark: ArrayLike
) -> FloatArray:
    """Certificates per tonne before any deduction: max(0, SEE - CF * CSCF * BM)."""
    return np.maximum(
        0.0,
        np.asarray(see, float)
        - np.asarray(cbam_factor, float) * np.asarray(cscf, float) * np.asarray(benchmark, float),
    )


class Conveyor:
    """Projects under construction, as a rotating list of yearly slots (..., K): slot i
    commissions at the (i+1)-th yearly step. The running total is kept, so a year's step
    moves no data (a rotation, not a copy of the whole pipeline)."""

    def __init__(self, shape: tuple[int, ...], lead_max: int) -> None:
        self.slots = deque(np.zeros(shape) for _ in range(max(int(lead_max), 1)))
        self.total = np.zeros(shape)  # everything under construction (..., K)

    def start(self, starts: FloatArray, lead_years: NDArray[np.int_] | int) -> None:
        """Put ``starts`` in so each commissions after its lead time: ``lead_years`` is one
        int or one per last-axis element (K,)."""
        leads = np.broadcast_to(np.asarray(lead_years, int), starts.shape[-1:])
        for lead in np.unique(leads):
            if not 1 <= lead <= len(self.slots):
                raise ValueError(f"lead time {lead} outside 1..{len(self.slots)} years")
            mask = leads == lead
            slot = self.slots[lead - 1]
            np.add(slot, starts, out=slot, where=True if mask.all() else mask)
        self.total += starts

    def step(self) -> FloatArray:
        """Advance one year; return what commissions now (..., K)."""
        done = self.slots.popleft()
        self.slots.append(np.zeros_like(done))
        self.total = np.maximum(self.total - done, 0.0)  # no -0.0 rounding residue
        return done
