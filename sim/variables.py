"""Registry of output variables: name -> dimensions, units, long name, description.

One table feeds the netCDF attributes, the README and the tests. Units follow CF
conventions where they exist; "1" marks a dimensionless share.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    dims: tuple[str, ...]
    units: str
    long_name: str
    description: str = ""


EY = ("entity", "year")

VARIABLES: dict[str, Variable] = {
    "cbam_factor": Variable(
        ("year",),
        "1",
        "CBAM factor",
        "share of benchmark free allocation still granted (0.975 in 2026 to 0 in 2034)",
    ),
    "cscf": Variable(("year",), "1", "cross-sectoral correction factor"),
    "certificate_price": Variable(
        ("year",),
        "EUR/tCO2e",
        "CBAM certificate price",
        "price applied to the year's imports: 2026 quarterly averages, later weekly averages",
    ),
    "domestic_carbon_price": Variable(
        ("year",),
        "EUR/tCO2e",
        "carbon price in the country of origin",
        "explicit carbon price (China ETS) converted at the annual exchange rate",
    ),
    "effectively_paid_share": Variable(
        ("year",), "1", "share of covered emissions on which the domestic price is effectively paid"
    ),
    "export_volume": Variable(
        EY,
        "t",
        "goods exported to the EU and declared under CBAM",
        "EU-bound volume bought by importers liable for CBAM (excludes exempt_volume)",
    ),
    "exempt_volume": Variable(
        EY,
        "t",
        "goods exported to the EU bought by de-minimis-exempt importers",
        "Reg. 2025/2083: importers with at most 50 t of CBAM goods a year owe nothing",
    ),
    "cbam_benchmark": Variable(
        EY,
        "tCO2e/t",
        "CBAM benchmark used for the free-allocation adjustment",
        "Column B of the default-value route with default values; "
        "the route benchmark with actual values",
    ),
    "specific_embedded_emissions": Variable(
        EY,
        "tCO2e/t",
        "chargeable embedded emissions per tonne",
        "in-scope emissions; default value with mark-up where defaults are declared",
    ),
    "embedded_emissions": Variable(
        EY, "tCO2e", "embedded emissions", "export_volume * specific_embedded_emissions"
    ),
    "free_allocation_adjustment": Variable(
        EY,
        "tCO2e",
        "free-allocation adjustment",
        "export_volume * cbam_factor * cscf * cbam_benchmark",
    ),
    "carbon_price_deduction": Variable(
        EY,
        "tCO2e",
        "certificates deducted for carbon price effectively paid",
        "priced emissions * effectively_paid_share * domestic_carbon_price / certificate_price",
    ),
    "certificates": Variable(
        EY,
        "tCO2e",
        "CBAM certificates to surrender",
        "max(0, embedded_emissions - free_allocation_adjustment - carbon_price_deduction)",
    ),
    "cbam_cost": Variable(EY, "EUR", "CBAM cost", "certificates * certificate_price"),
}
