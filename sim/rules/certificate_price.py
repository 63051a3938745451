"""The price of CBAM certificates applied to an import year (IR (EU) 2025/2548) and the
conversion of a carbon price paid abroad into euros.

Pure functions on arrays; the year axis is the last axis. Reading price files and
checking config keys happens in :mod:`sim.inputs`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def certificate_price(
    annual_eur: ArrayLike,
    quarterly_eur: ArrayLike,
    is_quarterly_year: ArrayLike,
    quarter_weights: ArrayLike,
    weekly_mean_eur: ArrayLike,
) -> FloatArray:
    """Certificate price applied to each import year, EUR/tCO2e (IR 2025/2548).

    - Years priced quarterly (2026): the quarterly averages weighted by the share of
      the year's imports in each quarter; a quarter not yet published (NaN) takes the
      year's annual path value.
    - Later years: the mean of the weekly prices over the year (``weekly_mean_eur``)
      where a weekly path was given, otherwise the annual value, which is the annual
      mean of a weekly path known only by its annual values.

    Shapes: ``annual_eur``, ``is_quarterly_year``, ``weekly_mean_eur`` (..., year);
    ``quarterly_eur`` (..., year, 4); ``quarter_weights`` (4,) summing to one.
    """
    annual = np.asarray(annual_eur, float)
    quarterly = np.asarray(quarterly_eur, float)
    filled = np.where(np.isnan(quarterly), annual[..., None], quarterly)
    quarterly_mean = filled @ np.asarray(quarter_weights, float)
    weekly = np.asarray(weekly_mean_eur, float)
    later = np.where(np.isnan(weekly), annual, weekly)
    return np.where(np.asarray(is_quarterly_year, bool), quarterly_mean, later)


def pricing_year(import_year: int, purchase_year: int, quarterly_years: tuple[int, ...]) -> int:
    """The year whose certificate price a purchase pays (IR 2025/2548): certificates for an
    import year priced quarterly (2026) cost that year's price whenever they are bought;
    later ones cost the price of the calendar year of the purchase."""
    return import_year if import_year in quarterly_years else purchase_year


def to_eur(price_cny: ArrayLike, fx_cny_per_eur: ArrayLike) -> FloatArray:
    """Convert CNY to EUR at the annual average exchange rate (draft Art. 9 IR, 2026)."""
    return np.asarray(price_cny, float) / np.asarray(fx_cny_per_eur, float)
