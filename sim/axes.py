"""Named axes of the model's arrays and the constants every layer shares.

Arrays are indexed by these names, never by bare positions: ``share[..., DIRECT_LINE]``.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class PowerKind(IntEnum):
    """The green-power kinds, in the order of the ``power_kind`` axis."""

    DIRECT_LINE = 0  # a direct line from a generator (Reg. 2023/956 Annex IV point 5)
    PPA = 1  # a power purchase agreement with a generator (Annex IV point 6)
    GEC = 2  # unbundled green electricity certificates (not recognised by CBAM)


DIRECT_LINE, PPA, GEC = PowerKind.DIRECT_LINE, PowerKind.PPA, PowerKind.GEC
POWER_KINDS = tuple(k.name.lower() for k in PowerKind)  # ("direct_line", "ppa", "gec")
# CBAM counts electricity from a direct line or a PPA at the generator's factor (zero for
# renewables); unbundled certificates change nothing (Annex IV points 5-6)
CBAM_RECOGNISED = np.array([k in (DIRECT_LINE, PPA) for k in PowerKind])


# The greenhouse gases of the direct emissions, in the order of the ``gas`` axis: CBAM lists
# CO2 for every good, N2O for nitric acid, urea and mixed fertilisers and the PFCs CF4 and
# C2F6 for aluminium (Reg. 2023/956 Annex I); CH4 counts only in the domestic accounting
GASES = ("CO2", "CH4", "N2O", "CF4", "C2F6")
CO2 = GASES.index("CO2")


def sum_last(x: np.ndarray) -> np.ndarray:
    """Sum over the last (short) axis; einsum is several times faster than ``sum(-1)`` there."""
    return np.einsum("...i->...", x)
