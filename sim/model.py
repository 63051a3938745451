"""The CBAM obligation of every entity in every year, from validated inputs.

This composes the pure rules of :mod:`sim.policy` on the (entity, year) grid. Export
volumes and intensities are held at their baseline values here; the dynamic
responses (investment, green power, verified data, trade) act on these same arrays.
"""

from __future__ import annotations

import numpy as np

from sim import policy
from sim.inputs import Inputs


def compute_obligation(inp: Inputs) -> dict[str, np.ndarray]:
    """All output variables of the obligation, keyed by their names in :mod:`sim.variables`."""
    pop = inp.population
    n_years = inp.years.size
    total_volume = np.repeat(pop.volume_t[:, None], n_years, axis=1)  # (E, T)
    exempt_share = policy.de_minimis_exempt_share(
        total_volume.T,
        counts_toward_threshold=inp.de_minimis_applies,
        exemption_applies=inp.de_minimis_applies,
        purchase_share=pop.purchase_share,
        importer_count=pop.importer_count,
        other_imports_t=pop.importer_other_t,
        threshold_t=inp.de_minimis_threshold_t,
    ).T
    volume = total_volume * (1.0 - exempt_share)
    see = policy.specific_embedded_emissions(
        pop.direct_tco2e_per_t[:, None],
        pop.indirect_tco2e_per_t[:, None],
        inp.indirect_in_scope,
        pop.uses_default[:, None],
        pop.default_direct_tco2e_per_t[:, None],
        pop.default_total_tco2e_per_t[:, None],
        inp.markup,
    )
    benchmark = np.repeat(pop.benchmark_tco2e_per_t[:, None], n_years, axis=1)
    embedded = volume * see
    faa = policy.free_allocation_adjustment(volume, inp.cbam_factor, inp.cscf, benchmark)
    deduction = policy.carbon_price_deduction(
        volume * _domestically_priced_intensity(inp) * inp.domestic_coverage,
        inp.effectively_paid_share * inp.deduction_allowed[:, None],
        inp.domestic_price_eur,
        inp.certificate_price_eur,
    )
    certificates = policy.certificates_due(embedded, faa, deduction)
    cost = policy.cbam_cost(certificates, inp.certificate_price_eur)
    return {
        "cbam_factor": inp.cbam_factor,
        "cscf": inp.cscf,
        "certificate_price": inp.certificate_price_eur,
        "domestic_carbon_price": inp.domestic_price_eur,
        "effectively_paid_share": inp.effectively_paid_share,
        "export_volume": volume,
        "exempt_volume": total_volume - volume,
        "cbam_benchmark": benchmark,
        "specific_embedded_emissions": see,
        "embedded_emissions": embedded,
        "free_allocation_adjustment": faa,
        "carbon_price_deduction": deduction,
        "certificates": certificates,
        "cbam_cost": cost,
    }


def _domestically_priced_intensity(inp: Inputs) -> np.ndarray:
    """Emissions per tonne on which the domestic (China ETS) price is levied, tCO2e/t.

    The China ETS prices direct emissions only. With actual values these are the
    verified direct emissions; with default values the default value's direct column
    (total where the Annex gives no direct column), without the mark-up, which is a
    penalty rather than emissions. Assumption: the Commission's default carbon price
    (Reg. 2025/2083) is levied on that same quantity.
    """
    pop = inp.population
    default_direct = np.where(
        np.isnan(pop.default_direct_tco2e_per_t),
        pop.default_total_tco2e_per_t,
        pop.default_direct_tco2e_per_t,
    )
    return np.where(pop.uses_default, default_direct, pop.direct_tco2e_per_t)[:, None]
