"""Schedules given at a few years, filled in on the run's yearly grid."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def linear_path(known_years: ArrayLike, known_values: ArrayLike, years: ArrayLike) -> FloatArray:
    """Values on ``years``, linear between the known points (no extrapolation beyond them)."""
    known_years = np.asarray(known_years, float)
    order = np.argsort(known_years)
    return np.interp(
        np.asarray(years, float), known_years[order], np.asarray(known_values, float)[order]
    )
