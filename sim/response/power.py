"""Energy (E of TEDI): green-power uptake by Bass diffusion, scaled by its attractiveness.

The value of each kind per MWh (what CBAM recognises, what domestic reporting rewards) is
computed by the caller; this module turns values into yearly increments of the shares of
electricity by kind (axis ``power_kind``, :class:`sim.axes.PowerKind`). Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.axes import DIRECT_LINE, sum_last

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class PowerResponse:
    """Parameters of the green-power response, per kind (J,) where an array."""

    premium_eur_per_mwh: np.ndarray  # (J,) extra cost over grid power
    max_share: np.ndarray  # (J,) cap of each kind's share
    innovation: float  # Bass p
    imitation: float  # Bass q
    response_scale_eur_per_mwh: float  # net benefit for a strong response
    slope: float


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


def green_power_steps(
    benefit_eur_per_mwh: np.ndarray,
    share: np.ndarray,
    p: PowerResponse,
    direct_line_allowed: np.ndarray,
    direct_line_min_share: float,
) -> np.ndarray:
    """Increments of the green-power shares (D, E, J), effective next year.

    ``benefit_eur_per_mwh`` (D, E, J) is each kind's value; a park that does not allow
    direct lines yet (``direct_line_allowed`` (E,) False) gets none. A direct line is one
    project of at least ``direct_line_min_share`` of the load; the increments are scaled
    down so that the shares never sum above one.
    """
    attract = attractiveness(
        benefit_eur_per_mwh - p.premium_eur_per_mwh, p.response_scale_eur_per_mwh, p.slope
    )
    # x 1.0 is exact: only the direct line's column is multiplied (no (D, E, J) of ones)
    attract[..., DIRECT_LINE] = attract[..., DIRECT_LINE] * direct_line_allowed
    step = bass_increment(share, p.max_share, p.innovation, p.imitation, attract)
    line = share[..., DIRECT_LINE]
    below = (line < direct_line_min_share) & (step[..., DIRECT_LINE] > 0)
    lump = np.minimum(p.max_share[DIRECT_LINE] - line, direct_line_min_share - line)
    step[..., DIRECT_LINE] = np.where(
        below, np.maximum(step[..., DIRECT_LINE], lump), step[..., DIRECT_LINE]
    )
    room, wanted = 1.0 - sum_last(share), sum_last(step)
    scale = np.divide(room, wanted, out=np.ones_like(wanted), where=wanted > room)
    return step * np.clip(scale, 0.0, 1.0)[..., None]
