"""The compliance cycle of an authorised CBAM declarant, as pure rules on certificate counts.

Regulation (EU) 2023/956 as amended by Regulation (EU) 2025/2083 (corrigendum OJ L
2025/90902). The dates themselves (sales from 1 February 2027, surrender on 30 September
and repurchase requests by 31 October of the year after the import year, quarterly
holdings from 2027) are config values (``policy.compliance``) checked by the input gate;
the calendar that fires them is :mod:`sim.dynamics.simulation`. Arrays broadcast, so
the same functions serve one declarant and (draw, entity) ensembles.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

# Reg. 2023/956 Art. 36(2)(d): CBAM certificates are due for goods imported from
# 1 January 2026, the first year of the definitive period.
DEFINITIVE_PERIOD_START = 2026


def quarterly_holding_required(
    basis_tco2e: ArrayLike, holding_share: float, quarter: int
) -> FloatArray:
    """Certificates to hold at the end of ``quarter`` (1-4) of the import year, tCO2e.

    Art. 22(2) as amended by Reg. 2025/2083: at the end of each quarter the declarant holds
    certificates for at least ``holding_share`` (50 %) of the embedded emissions of the
    goods imported since the start of the year. Imports are spread evenly over the year,
    so by quarter q the basis is q/4 of the year's. ``basis_tco2e`` is the year's
    embedded emissions (gross basis) or its certificates due (net of the free-allocation
    adjustment and deduction, ``policy.compliance.quarterly_holding_basis``).
    """
    return holding_share * np.asarray(basis_tco2e, float) * quarter / 4.0


def purchase_to_hold(required_tco2e: ArrayLike, held_tco2e: ArrayLike) -> FloatArray:
    """Certificates to buy so that the holding reaches ``required_tco2e`` (never a sale)."""
    return np.maximum(0.0, np.asarray(required_tco2e, float) - np.asarray(held_tco2e, float))


def purchase_to_surrender(due_tco2e: ArrayLike, held_tco2e: ArrayLike) -> FloatArray:
    """Certificates still to buy on the surrender date (Art. 22(1) as amended: by
    30 September of the year after the import year the declarant surrenders the
    certificates due for the year declared)."""
    return purchase_to_hold(due_tco2e, held_tco2e)


def repurchase_allowed(
    held_tco2e: ArrayLike,
    due_tco2e: ArrayLike,
    bought_previous_year_tco2e: ArrayLike,
    cap_share: float,
) -> FloatArray:
    """Excess certificates the Commission buys back after surrender, tCO2e.

    Art. 23(1) as amended by Reg. 2025/2083: on request (by 31 October) the excess left
    on the account after surrender is repurchased. Art. 23(2) first subparagraph: at most
    ``cap_share`` (one third) of the certificates the declarant bought in the previous
    calendar year. The second subparagraph added by Reg. 2025/2083 Art. 1(19)(b) (all
    certificates of a declarant that stayed under the de minimis threshold it expected to
    exceed) is not reached here: exempt importers buy no certificates in the model.
    """
    excess = np.maximum(0.0, np.asarray(held_tco2e, float) - np.asarray(due_tco2e, float))
    cap = cap_share * np.asarray(bought_previous_year_tco2e, float)
    return np.minimum(excess, cap)


def repurchase_unit_price(paid_eur: ArrayLike, held_tco2e: ArrayLike) -> FloatArray:
    """Price of a repurchased certificate, EUR/tCO2e: the price paid for it (Art. 23(3)),
    taken as the mean purchase price of the certificates held for the year (0 when none)."""
    paid = np.asarray(paid_eur, float)
    held = np.asarray(held_tco2e, float)
    return np.divide(paid, held, out=np.zeros(np.broadcast(paid, held).shape), where=held > 0)


def cancelled_after_repurchase(
    left_tco2e: ArrayLike, carried_in_tco2e: ArrayLike, due_tco2e: ArrayLike
) -> FloatArray:
    """Certificates cancelled after the repurchase of an import year, tCO2e.

    What is left on the account after surrender and repurchase stays on it (Art. 23(2):
    the cap limits the repurchase, not the holding) and is surrendered first for the next
    import year. Certificates carried in from the year before are the oldest and are
    surrendered first; those of them still left are cancelled (Art. 24; the amended date
    is unconfirmed, taken as the day after the repurchase deadline, as in the Commission's
    proposal: docs/reference.md). The rest carries on.
    """
    left = np.asarray(left_tco2e, float)
    old_left = np.maximum(0.0, np.asarray(carried_in_tco2e, float) - np.asarray(due_tco2e, float))
    return np.minimum(left, old_left)
