"""Embedded emissions as CBAM counts them: specific embedded emissions on actual or
default values, and the emission factor of the electricity used.

Reg. (EU) 2023/956 Annexes II and IV as amended by Reg. (EU) 2025/2083; IR 2025/2547
(actual values) and IR 2025/2621 (default values and mark-ups; Annex I corrected by IR
2026/1740). Numbers in, numbers out; arrays broadcast.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def specific_embedded_emissions(
    direct_tco2e_per_t: ArrayLike,
    indirect_tco2e_per_t: ArrayLike,
    indirect_in_scope: ArrayLike,
    uses_default_values: ArrayLike,
    default_direct_tco2e_per_t: ArrayLike,
    default_total_tco2e_per_t: ArrayLike,
    markup: ArrayLike,
) -> FloatArray:
    """Chargeable embedded emissions per tonne of good, tCO2e/t.

    Actual (verified) values, IR 2025/2547: direct emissions (including precursors),
    plus indirect emissions of the electricity used where Annex II prices them.
    Default values, IR 2025/2621 Art. 2-3 and Annex I: the country default value
    (total column where indirect emissions are priced, direct column otherwise)
    raised by the year's mark-up.
    """
    in_scope = np.asarray(indirect_in_scope, dtype=bool)
    actual = np.asarray(direct_tco2e_per_t, float) + np.where(in_scope, indirect_tco2e_per_t, 0.0)
    default = default_value_see(
        default_direct_tco2e_per_t, default_total_tco2e_per_t, in_scope, markup
    )
    return np.where(np.asarray(uses_default_values, dtype=bool), default, actual)


def default_value_see(
    default_direct_tco2e_per_t: ArrayLike,
    default_total_tco2e_per_t: ArrayLike,
    indirect_in_scope: ArrayLike,
    markup: ArrayLike,
) -> FloatArray:
    """Specific embedded emissions declared on default values, tCO2e/t (IR 2025/2621
    Arts 2-3): the total column where indirect emissions are priced, the direct column
    otherwise, raised by the year's mark-up. NaN where the annex gives no value."""
    in_scope = np.asarray(indirect_in_scope, dtype=bool)
    value = np.where(in_scope, default_total_tco2e_per_t, default_direct_tco2e_per_t)
    return np.asarray(value, float) * (1.0 + np.asarray(markup, float))


def cbam_emission_factor(grid_factor: ArrayLike, recognised_green_share: ArrayLike) -> FloatArray:
    """Emission factor of the electricity CBAM counts, tCO2/MWh: direct lines and PPAs are
    zero-carbon (Reg. Annex IV points 5-6); unbundled certificates (GECs) change nothing."""
    return np.asarray(grid_factor, float) * (1.0 - np.clip(recognised_green_share, 0.0, 1.0))
