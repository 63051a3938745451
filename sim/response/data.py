"""Data (D of TEDI): the decision to leave the marked-up default values for verified
monitoring (MRV), taken when the certificates it saves are worth more than it costs."""

from __future__ import annotations

import numpy as np

from sim.response.technology import capital_recovery_factor


def mrv_yearly_cost(
    setup_eur: float, annual_eur: float, discount_rate: float, life_years: float
) -> float:
    """Set-up cost annualised over ``life_years`` plus the yearly monitoring cost, EUR."""
    return setup_eur * capital_recovery_factor(discount_rate, life_years) + annual_eur


def verification_starts(
    saving_eur: np.ndarray, cost_eur: float, verified: np.ndarray, under_way: np.ndarray
) -> np.ndarray:
    """1.0 where a unit on default values, with no set-up under way, starts verified
    monitoring because the yearly ``saving_eur`` exceeds its yearly cost (D, E)."""
    waiting = (verified < 0.5) & (under_way < 0.5)
    return (waiting & (saving_eur > cost_eur)).astype(float)
