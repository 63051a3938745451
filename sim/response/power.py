"""Energy (E): green-power uptake and the emission factor CBAM recognises. Pure numpy."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def bass_increment(
    share: ArrayLike, cap: ArrayLike, innovation: float, imitation: float, attractiveness: ArrayLike
) -> FloatArray:
    """One year of Bass diffusion toward ``cap``, scaled by attractiveness in [0, 1].

    d share = a * (p + q * share / cap) * (cap - share)
    """
    s, c = np.asarray(share, float), np.asarray(cap, float)
    inv_cap = np.divide(1.0, c, out=np.zeros(c.shape), where=c > 0)  # 0 where no cap
    gap = c - s
    step = np.asarray(attractiveness, float) * (innovation + imitation * s * inv_cap) * gap
    return np.minimum(np.maximum(step, 0.0), np.maximum(gap, 0.0))


def attractiveness(
    net_benefit_eur_per_mwh: ArrayLike, reference_eur_per_mwh: float, slope: float
) -> FloatArray:
    """Logistic response in [0, 1), zero unless the net benefit is positive."""
    x = np.asarray(net_benefit_eur_per_mwh, float) / reference_eur_per_mwh
    return np.maximum(0.0, np.tanh(slope * x / 2.0))


def cbam_emission_factor(grid_factor: ArrayLike, recognised_green_share: ArrayLike) -> FloatArray:
    """Emission factor of the electricity CBAM counts, tCO2/MWh: direct lines and PPAs are
    zero-carbon (Reg. Annex IV pts 5-6); unbundled certificates (GECs) change nothing."""
    return np.asarray(grid_factor, float) * (1.0 - np.clip(recognised_green_share, 0.0, 1.0))
