"""The declaration of one import year for every draw and entity: the obligation under the
rules, from the stocks at the start of the year.

Composes the pure rules of :mod:`sim.rules.emissions` and :mod:`sim.rules.obligation`;
arrays are (draw, entity). A unit may run several routes (after converting part of its
capacity): its specific emissions and benchmark are the capacity-weighted means over
routes, and the obligation is computed on those means (equal to per-route declarations
while every route owes a non-negative number of certificates).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.state import Now
from sim.inputs.arrays import Inputs
from sim.response.pair_space import PairSpace
from sim.rules import emissions, obligation


@dataclass(frozen=True)
class YearContext:
    """Rules and prices of one year (scalars or (E,) / (D,) arrays)."""

    cbam_factor: float | np.ndarray  # or (D, 1): a rule uncertainty
    cscf: float | np.ndarray  # or (D, 1): a rule uncertainty
    markup: np.ndarray  # (E,)
    indirect_in_scope: np.ndarray  # (E,) bool, or (D, E): a rule uncertainty
    certificate_price: np.ndarray  # (D,)
    domestic_price_eur: np.ndarray  # (D, 1)
    paid_share: np.ndarray  # (E,) or (D, E) effectively paid share x domestic coverage
    deduction_with_default_values: bool = True
    in_scope: np.ndarray | bool = True  # (E,) the good is liable this year
    default_benchmark: np.ndarray | None = None  # (E,) Column B of the year's period
    # t a year per importer (float, or (D, 1): a rule uncertainty); None: the configured one
    de_minimis_threshold_t: float | np.ndarray | None = None


def entity_intensities(
    route_share: np.ndarray,
    reduction_multiplier: np.ndarray,
    direct_er: np.ndarray,
    electricity_er: np.ndarray,
    benchmark_er: np.ndarray,
    electricity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Capacity-weighted actual direct tCO2e/t, electricity MWh/t and actual-value benchmark,
    each (D, E). The per-route tables (E, R) hold zeros where a route does not apply;
    ``electricity``: the routes' mean of ``electricity_er`` when the caller has it."""
    direct = np.einsum("der,er->de", route_share, direct_er) * reduction_multiplier
    if electricity is None:
        electricity = np.einsum("der,er->de", route_share, electricity_er)
    bench = np.einsum("der,er->de", route_share, benchmark_er)
    return direct, electricity, bench


def reduction_multiplier(
    adopted: np.ndarray, reduction: np.ndarray, space: PairSpace
) -> np.ndarray:
    """(D, E) the product over the reduction options of (1 - adopted share x reduction),
    option by option in index order, from the adopted shares of the pairs (D, P) of
    ``space``: 1.0 for an option that does not apply (a factor of exactly 1.0), so the
    same bits as the product over the dense (D, E, K) stock."""
    on = np.flatnonzero(reduction[space.pairs.option] > 0)
    kept = 1.0 - adopted[:, on] * reduction[space.pairs.option[on]]
    return space.product_per_entity(kept, on)


def liable_volume(
    ctx: YearContext, inp: Inputs, total_volume: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The volume declared under CBAM and the volume bought by exempt importers (D, E):
    de minimis (Reg. 2025/2083), goods not yet in scope, or CBAM switched off."""
    pop = inp.population
    exempt = obligation.de_minimis_exempt_share(
        total_volume,
        inp.policy.de_minimis_applies,
        inp.policy.de_minimis_applies,
        pop.purchase_share,
        pop.importer_count,
        pop.importer_other_t,
        inp.policy.de_minimis_threshold_t
        if ctx.de_minimis_threshold_t is None
        else ctx.de_minimis_threshold_t,
    )
    liable = np.asarray(ctx.in_scope) & inp.policy.cbam_enabled
    exempt = np.where(liable, exempt, 1.0)  # out of scope or CBAM off: nothing is liable
    volume = total_volume * (1.0 - exempt)
    return volume, total_volume - volume


def year_obligation(
    ctx: YearContext,
    inp: Inputs,
    total_volume: np.ndarray,
    now: Now,
    verified: np.ndarray,
    price: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Output variables of the year, each (D, E), from the intensities of ``now``.
    ``price`` overrides the certificate price (used to value the expected obligation at
    the expected price)."""
    price = ctx.certificate_price if price is None else price
    pop = inp.population
    uses_default = verified < 0.5
    volume, exempt_volume = liable_volume(ctx, inp, total_volume)
    see = _specific_embedded(ctx, inp, uses_default, now.direct, now.indirect)
    default_bench = (
        pop.default_benchmark(False) if ctx.default_benchmark is None else ctx.default_benchmark
    )
    bench = np.where(uses_default, default_bench, now.bench_actual)
    embedded = volume * see
    faa = obligation.free_allocation_adjustment(volume, ctx.cbam_factor, ctx.cscf, bench)
    # the carbon price paid: on the unit's own direct emissions and its precursors' where
    # the supplier's verified values evidence it (none on Annex IV default values)
    priced = now.own_direct + now.chain.base_share * now.chain.priced
    deduction = _deduction(ctx, pop, uses_default, volume, priced, price)
    certificates = obligation.certificates_due(embedded, faa, deduction)
    return {
        "export_volume": volume,
        "exempt_volume": exempt_volume,
        "cbam_benchmark": bench,
        "specific_embedded_emissions": see,
        "embedded_emissions": embedded,
        "free_allocation_adjustment": faa,
        "carbon_price_deduction": deduction,
        "certificates": certificates,
        "cbam_cost": obligation.cbam_cost(certificates, price[:, None]),
    }


def _specific_embedded(
    ctx: YearContext,
    inp: Inputs,
    uses_default: np.ndarray,
    direct: np.ndarray,
    indirect: np.ndarray,
) -> np.ndarray:
    """Specific embedded emissions declared, tCO2e/t (D, E): actual or default values."""
    pop = inp.population
    return emissions.specific_embedded_emissions(
        direct,
        indirect,
        ctx.indirect_in_scope,
        uses_default,
        pop.default_direct_tco2e_per_t,
        pop.default_total_tco2e_per_t,
        ctx.markup,
    )


def _deduction(ctx, pop, uses_default, volume, direct, price) -> np.ndarray:
    """Certificates deducted for the carbon price paid in China (Art. 9)."""
    priced = obligation.deduction_basis_per_t(
        uses_default, direct, pop.default_direct_tco2e_per_t, pop.default_total_tco2e_per_t
    )
    paid = obligation.paid_share_declared(
        uses_default, ctx.paid_share, ctx.deduction_with_default_values
    )
    return obligation.carbon_price_deduction(
        volume * priced, paid, ctx.domestic_price_eur, price[:, None]
    )
