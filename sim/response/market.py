"""Markets: how EU buyers respond to the CBAM cost passed on, and how firms form their
expectation of the certificate price. Pure numpy."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def eu_export_volume(
    base_volume_t: ArrayLike,
    cbam_cost_eur_per_t: ArrayLike,
    product_price_eur_per_t: ArrayLike,
    pass_through: ArrayLike,
    elasticity: ArrayLike,
) -> FloatArray:
    """Constant-elasticity demand: the share of CBAM cost passed to EU buyers raises their
    price by pass_through * cost / price; volume = base * (1 + that) ** -elasticity."""
    rise = (
        np.asarray(pass_through, float)
        * np.asarray(cbam_cost_eur_per_t, float)
        / np.asarray(product_price_eur_per_t, float)
    )
    return np.asarray(base_volume_t, float) * (1.0 + rise) ** -np.asarray(elasticity, float)


def expected_price(
    expected: ArrayLike, observed: ArrayLike, dt_years: float, tau_years: float
) -> FloatArray:
    """First-order adaptive expectation integrated exactly over ``dt_years``."""
    e = np.asarray(expected, float)
    return e + (np.asarray(observed, float) - e) * (1.0 - np.exp(-dt_years / tau_years))
