"""The year's rules as each draw applies them: the configured rule, or a rule uncertainty's
drawn value (``Draws.cscf``, ``paid_share_multiplier``, ``downstream_extension``)."""

from __future__ import annotations

import numpy as np

from sim.inputs.arrays import Inputs


def drawn_value(configured: float, drawn: np.ndarray | None) -> float | np.ndarray:
    """A rule's value in the year: the configured one, or each draw's (D, 1)."""
    return configured if drawn is None else drawn[:, None]


def paid_share(inp: Inputs, t: int, multiplier: np.ndarray | None) -> np.ndarray:
    """The effectively paid share x domestic coverage (E,), or per draw (D, E) with the
    sampled multiplier on the paid share (capped at 1)."""
    share = inp.prices.effectively_paid_share[t]
    if multiplier is not None:
        share = np.minimum(share * multiplier[:, None], 1.0)
    return share * inp.prices.domestic_coverage[:, t]


def in_scope(inp: Inputs, t: int, extended: np.ndarray | None) -> np.ndarray:
    """Whether each entity's good is liable in the year (E,), or per draw (D, E) where the
    downstream extension is adopted in some draws and not in others."""
    if extended is None:
        return inp.policy.cbam_in_scope[:, t]
    return np.where(
        extended[:, None],
        inp.policy.cbam_in_scope_if_extended[:, t],
        inp.policy.cbam_in_scope_unextended[:, t],
    )
