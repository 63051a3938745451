"""The CBAM obligation as pure, vectorised rules: free-allocation adjustment, carbon price
deduction, certificates due, de minimis, cost.

Regulation (EU) 2023/956 as amended by Regulation (EU) 2025/2083, with Implementing
Regulations 2025/2547 (embedded emissions), 2025/2548 (certificate price),
2025/2620 (free-allocation adjustment, benchmarks) and 2025/2621 (default values,
mark-ups; Annex I corrected by 2026/1740).

Every function takes numpy arrays (or floats) that broadcast against each other, so
the same code serves one firm in one year and (draw, entity, year) ensembles. No
I/O, no config objects: numbers in, numbers out. Units are in the argument names.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def free_allocation_adjustment(
    volume_t: ArrayLike, cbam_factor: ArrayLike, cscf: ArrayLike, benchmark_tco2e_per_t: ArrayLike
) -> FloatArray:
    """Free-allocation adjustment, tCO2e (Reg. Art. 31; IR 2025/2620 Art. 2).

    FAA = Q x CF x CSCF x BM. The benchmark is the Column B value of the default-value
    route when default values are declared, the route's benchmark with actual values.
    """
    return (
        np.asarray(volume_t, float)
        * np.asarray(cbam_factor, float)
        * np.asarray(cscf, float)
        * np.asarray(benchmark_tco2e_per_t, float)
    )


def carbon_price_deduction(
    priced_emissions_tco2e: ArrayLike,
    effectively_paid_share: ArrayLike,
    domestic_price_eur_per_tco2e: ArrayLike,
    certificate_price_eur_per_tco2e: ArrayLike,
) -> FloatArray:
    """Certificates deducted for the carbon price effectively paid abroad, tCO2e (Art. 9).

    The carbon price paid (EUR) = emissions priced at home x share effectively paid (net
    of rebates and free allocation) x domestic price; it is converted to certificates at
    the certificate price. The certificate price must be positive.
    """
    paid_eur = (
        np.asarray(priced_emissions_tco2e, float)
        * np.asarray(effectively_paid_share, float)
        * np.asarray(domestic_price_eur_per_tco2e, float)
    )
    return paid_eur / np.asarray(certificate_price_eur_per_tco2e, float)


def deduction_basis_per_t(
    uses_default_values: ArrayLike,
    direct_tco2e_per_t: ArrayLike,
    default_direct_tco2e_per_t: ArrayLike,
    default_total_tco2e_per_t: ArrayLike,
) -> FloatArray:
    """Emissions per tonne on which the carbon price paid abroad is deducted, tCO2e/t.

    The China ETS prices direct emissions only: the actual direct emissions, or on default
    values the default value's direct column without the mark-up (its total column where
    the annex gives no direct one). Art. 9 as amended by Reg. 2025/2083; draft IR on the
    carbon price paid, May 2026 (assumption: the basis follows the declared value basis).
    """
    direct_default = np.asarray(default_direct_tco2e_per_t, float)
    default_direct = np.where(
        np.isnan(direct_default), np.asarray(default_total_tco2e_per_t, float), direct_default
    )
    return np.where(np.asarray(uses_default_values, bool), default_direct, direct_tco2e_per_t)


def paid_share_declared(
    uses_default_values: ArrayLike, paid_share: ArrayLike, with_default_values: bool
) -> FloatArray:
    """Share of the carbon price paid that may be deducted: all of it on actual values; on
    default values only where the deduction is allowed with them
    (``policy.deduction_with_default_values``, a rule choice of the draft IR)."""
    share = np.asarray(paid_share, float)
    return np.where(np.asarray(uses_default_values, bool), share * with_default_values, share)


def certificates_due(
    embedded_tco2e: ArrayLike, faa_tco2e: ArrayLike, deduction_tco2e: ArrayLike
) -> FloatArray:
    """CBAM certificates to surrender, tCO2e: never negative, no refund (Arts 6, 9, 22, 31)."""
    gross = np.asarray(embedded_tco2e, float) - np.asarray(faa_tco2e, float)
    return np.maximum(0.0, gross - np.asarray(deduction_tco2e, float))


def gross_certificates_per_t(
    see: ArrayLike, cbam_factor: ArrayLike, cscf: ArrayLike, benchmark: ArrayLike
) -> FloatArray:
    """Certificates per tonne before any deduction, max(0, SEE - CF x CSCF x BM): what a
    change of emissions or benchmark is worth per tonne (Art. 31; IR 2025/2620 Art. 2)."""
    return np.maximum(
        0.0,
        np.asarray(see, float)
        - np.asarray(cbam_factor, float) * np.asarray(cscf, float) * np.asarray(benchmark, float),
    )


def de_minimis_exempt_share(
    volume_t: ArrayLike,
    counts_toward_threshold: ArrayLike,
    exemption_applies: ArrayLike,
    purchase_share: ArrayLike,
    importer_count: ArrayLike,
    other_imports_t: ArrayLike,
    threshold_t: ArrayLike,
) -> FloatArray:
    """Share of each entity's EU volume bought by importers exempt under the de minimis.

    Reg. 2025/2083: an importer whose cumulative net mass of CBAM goods in the year
    (electricity and hydrogen excluded) does not exceed ``threshold_t`` owes nothing
    for that year. Importers come in groups of ``importer_count`` identical members.

    Shapes: ``volume_t`` (..., entity); ``counts_toward_threshold`` and
    ``exemption_applies`` (entity,); ``purchase_share`` (entity, group);
    ``importer_count`` and ``other_imports_t`` (group,); ``threshold_t`` a float or
    (..., 1) (one per draw). Returns (..., entity).
    """
    volume = np.asarray(volume_t, float)
    share = np.asarray(purchase_share, float)
    counted = volume * np.asarray(counts_toward_threshold, float)
    per_importer_t = np.asarray(other_imports_t, float) + (counted @ share) / np.asarray(
        importer_count, float
    )
    exempt = (per_importer_t <= threshold_t).astype(float)  # (..., group)
    exempt_share = exempt @ share.T  # (..., entity)
    return exempt_share * np.asarray(exemption_applies, float)


def cbam_cost(
    certificates_tco2e: ArrayLike, certificate_price_eur_per_tco2e: ArrayLike
) -> FloatArray:
    """Cost of the certificates, EUR."""
    return np.asarray(certificates_tco2e, float) * np.asarray(
        certificate_price_eur_per_tco2e, float
    )
