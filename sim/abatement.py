"""Technology (T): investment rule, construction conveyor, learning. Pure numpy."""

from __future__ import annotations

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


def conveyor_start(pipeline: FloatArray, starts: FloatArray, lead_years: NDArray[np.int_]) -> None:
    """Put ``starts`` (..., K) into the pipeline (..., K, L) so they commission after
    ``lead_years`` (K,) yearly steps. In place."""
    k = np.arange(lead_years.size)
    pipeline[..., k, lead_years - 1] += starts


def conveyor_step(pipeline: FloatArray) -> FloatArray:
    """Advance the pipeline one year in place; return what commissions now (..., K)."""
    done = pipeline[..., 0].copy()
    pipeline[..., :-1] = pipeline[..., 1:]
    pipeline[..., -1] = 0.0
    return done
