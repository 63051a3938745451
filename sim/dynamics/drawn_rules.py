"""The year's rules as each draw applies them: the configured rule, or a rule uncertainty's
drawn value (``Draws.cscf``, ``paid_share_multiplier``, ``downstream_extension``,
``indirect_for_all_sectors_from``, ``cbam_factor``, ``de_minimis_threshold_t``).

Only the year's obligation (and the buyers' response to it) reads these; firms value their
decisions on the configured rules (``dynamics/valuation.py``)."""

from __future__ import annotations

import numpy as np

from sim.dynamics.declaration import YearContext
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws


def year_context(inp: Inputs, draws: Draws, t: int, indirect: np.ndarray) -> YearContext:
    """The rules and prices of year ``t`` as each draw applies them; ``indirect``: where
    indirect emissions are priced (:func:`indirect_in_scope`)."""
    return YearContext(
        cbam_factor=cbam_factor(inp, t, draws.cbam_factor),
        cscf=drawn_value(float(inp.policy.cscf[t]), draws.cscf),
        markup=inp.policy.markup[:, t],
        indirect_in_scope=indirect,
        certificate_price=draws.certificate_price_eur[:, t],
        domestic_price_eur=draws.domestic_price_eur[:, t, None],
        paid_share=paid_share(inp, t, draws.paid_share_multiplier),
        deduction_with_default_values=inp.policy.deduction_with_default_values,
        in_scope=in_scope(inp, t, draws.downstream_extension),
        default_benchmark=inp.population.default_benchmark(bool(inp.policy.late_benchmarks[t])),
        de_minimis_threshold_t=drawn_value(
            inp.policy.de_minimis_threshold_t, draws.de_minimis_threshold_t
        ),
    )


def drawn_value(configured: float, drawn: np.ndarray | None) -> float | np.ndarray:
    """A rule's value in the year: the configured one, or each draw's (D, 1)."""
    return configured if drawn is None else drawn[:, None]


def cbam_factor(inp: Inputs, t: int, drawn: np.ndarray | None) -> float | np.ndarray:
    """The CBAM factor of the year: the configured one, or each draw's schedule's (D, 1)."""
    return float(inp.policy.cbam_factor[t]) if drawn is None else drawn[:, t, None]


def indirect_in_scope(inp: Inputs, t: int, drawn_from: np.ndarray | None) -> np.ndarray:
    """Where indirect emissions are priced in the year (E,), or per draw (D, E): the
    sector's rule, or every sector from the year each draw took."""
    if drawn_from is None:
        return inp.policy.indirect_in_scope[:, t]
    joined = inp.years[t] >= drawn_from
    return inp.policy.indirect_sector_rule[None, :] | joined[:, None]


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
