"""Registry of output variables: name -> dimensions, units, long name, description.

One table feeds the netCDF attributes, the model description and the tests. Units follow
CF conventions where they exist; "1" marks a dimensionless share. Dimensions are listed
in full; ``draw`` is dropped from the written dataset when a run has a single draw.
"""

from __future__ import annotations

from sim.variables.base import CF_UNITS, DEQ, DEY, DLY, DY, Variable, Y
from sim.variables.parks import PARK_VARIABLES

__all__ = ["CF_UNITS", "VARIABLES", "Variable"]

VARIABLES: dict[str, Variable] = {
    # rules and prices
    "cbam_factor": Variable(
        Y,
        "1",
        "CBAM factor",
        "share of benchmark free allocation still granted (0.975 in 2026 to 0 in 2034)",
    ),
    "cscf": Variable(Y, "1", "cross-sectoral correction factor"),
    "certificate_price": Variable(
        DY,
        "EUR/tCO2e",
        "CBAM certificate price",
        "price applied to the year's imports: 2026 quarterly averages, "
        "later the annual mean of weekly averages",
    ),
    "expected_certificate_price": Variable(
        DY,
        "EUR/tCO2e",
        "certificate price expected by exporters",
        "first-order smoothing of observed prices",
    ),
    "domestic_carbon_price": Variable(
        DY,
        "EUR/tCO2e",
        "carbon price in the country of origin",
        "explicit carbon price (China ETS) at the annual exchange rate",
    ),
    "effectively_paid_share": Variable(
        Y, "1", "share of covered emissions on which the domestic price is effectively paid"
    ),
    # the obligation (output contract)
    "export_volume": Variable(
        DEY,
        "t",
        "goods exported to the EU and declared under CBAM",
        "EU-bound volume bought by liable importers (excludes exempt_volume)",
    ),
    "exempt_volume": Variable(
        DEY,
        "t",
        "goods exported to the EU that are not liable",
        "bought by de-minimis-exempt importers (Reg. 2025/2083), or all "
        "EU-bound goods when CBAM is switched off",
    ),
    "cbam_benchmark": Variable(
        DEY,
        "tCO2e/t",
        "CBAM benchmark used for the free-allocation adjustment",
        "Column B of the default-value route with default values; "
        "the capacity-weighted route benchmark with actual values",
    ),
    "specific_embedded_emissions": Variable(
        DEY,
        "tCO2e/t",
        "chargeable embedded emissions per tonne",
        "in-scope emissions; default value with mark-up where defaults are declared",
    ),
    "embedded_emissions": Variable(
        DEY, "tCO2e", "embedded emissions", "export_volume * specific_embedded_emissions"
    ),
    "free_allocation_adjustment": Variable(
        DEY,
        "tCO2e",
        "free-allocation adjustment",
        "export_volume * cbam_factor * cscf * cbam_benchmark",
    ),
    "carbon_price_deduction": Variable(
        DEY,
        "tCO2e",
        "certificates deducted for carbon price effectively paid",
        "priced emissions * effectively_paid_share * domestic_carbon_price / certificate_price",
    ),
    "certificates": Variable(
        DEY,
        "tCO2e",
        "CBAM certificates to surrender",
        "max(0, embedded_emissions - free_allocation_adjustment - carbon_price_deduction)",
    ),
    "cbam_cost": Variable(
        DEY,
        "EUR",
        "CBAM cost, accrual (the import year's certificates at its price)",
        "certificates * certificate_price, booked in the import year; the cash paid for them "
        "is certificate_purchase_cost (by quarter, at the price of the day of purchase)",
    ),
    # stocks and flows of the response
    "direct_intensity": Variable(
        DEY,
        "tCO2e/t",
        "actual direct emissions per tonne",
        "capacity-weighted over routes, after reduction options",
    ),
    "actual_specific_emissions": Variable(
        DEY,
        "tCO2e/t",
        "specific embedded emissions on actual values",
        "what the unit would declare on verified actual values this year (own direct, "
        "precursors and in-scope indirect), whatever it declares",
    ),
    "fuel_use_factor": Variable(
        DEY,
        "1",
        "share of the route's fuel still burnt",
        "1 less the fuel electrified heat replaces (options with electricity_added_mwh_per_t, "
        "in proportion to the direct emissions they cut); scales the fuel energy of the park "
        "accounting",
    ),
    "precursor_intensity": Variable(
        DEY,
        "tCO2e/t",
        "embedded emissions of precursors per tonne",
        "declared with actual values: the suppliers' verified values, or the Annex IV "
        "default values (IR 2025/2621) where the supplier has none; on the base route's share",
    ),
    "production_capacity": Variable(
        ("draw", "entity", "production_route", "year"), "t/yr", "production capacity by route"
    ),
    "abatement_share": Variable(
        ("draw", "entity", "option", "year"),
        "1",
        "share of capacity converted by each option (commissioned)",
    ),
    "under_construction": Variable(
        ("draw", "entity", "option", "year"),
        "1",
        "share of capacity in projects under construction at the end of the year",
    ),
    "green_power_share": Variable(
        ("draw", "entity", "power_kind", "year"),
        "1",
        "share of electricity by green-power kind",
        "direct line and PPA lower CBAM indirect emissions; unbundled certificates (gec) do not",
    ),
    "verified_data": Variable(
        DEY,
        "1",
        "declares actual (verified) values",
        "1 where actual values are declared, 0 on default values; the mean "
        "over entities is the verified-data share",
    ),
    "abatement_capex": Variable(DEY, "EUR", "abatement capital expenditure started in the year"),
    "abatement_opex": Variable(DEY, "EUR", "extra operating cost of commissioned abatement"),
    "mrv_cost": Variable(
        DEY,
        "EUR",
        "monitoring, reporting and verification cost",
        "set-up when started plus yearly cost while verified",
    ),
    "leakage_volume": Variable(
        DEY,
        "t",
        "EU-bound volume diverted to other markets",
        "baseline EU exports minus exports after the price response",
    ),
    "reserve_balance": Variable(
        DEY, "EUR", "CBAM risk reserve balance", "on 1 January after the year's allocation"
    ),
    "reported_emissions": Variable(
        DEY,
        "tCO2e",
        "domestic reported emissions of all production",
        "green certificates and offsets lower them; CBAM emissions not",
    ),
    "energy_emissions": Variable(
        DEY,
        "tCO2e",
        "emissions of all production in the domestic accounting, before offsets",
        "direct plus grid electricity; every green-power kind counted as zero-carbon",
    ),
    "direct_emissions_by_gas": Variable(
        ("draw", "entity", "gas", "year"),
        "tCO2e",
        "direct emissions of all production by gas, domestic accounting",
        "each gas at policy.domestic_gwp100_set, CBAM-listed or not; a unit giving one "
        "direct_intensity has it all under CO2; sums over gas to the direct part of "
        "energy_emissions",
    ),
    "cbam_direct_emissions": Variable(
        DEY,
        "tCO2e",
        "direct emissions of all production that CBAM counts",
        "production * direct_intensity: the gases Reg. 2023/956 Annex I lists for the good, "
        "at policy.cbam_gwp100_set",
    ),
    "recognised_emissions": Variable(
        DEY,
        "tCO2e",
        "emissions of all production as CBAM recognises green power",
        "own direct plus electricity at the unit's power factor; only direct lines and PPAs "
        "count as zero-carbon (Annex IV points 5-6), certificates and offsets change nothing",
    ),
    "electricity_use": Variable(DEY, "MWh", "electricity used by all production"),
    "export_value": Variable(
        DEY,
        "EUR",
        "value of the goods exported to the EU",
        "(export_volume + exempt_volume) * price of the good",
    ),
    "ccus_storage": Variable(
        DEY,
        "tCO2",
        "CO2 captured and stored",
        "cut of direct emissions by capture options (technology option stores_co2)",
    ),
    "embodied_emissions": Variable(
        DEY,
        "tCO2e",
        "embodied emissions of commissioned abatement assets, amortised",
        "construction-phase emissions (EN 15978 A1-A5: technology option "
        "embodied_tco2e_per_t x capacity) spread evenly over the option's life from the "
        "year it commissions; the scorecard adds them under scorecard.boundary=life_cycle",
    ),
    "carbon_price_coverage": Variable(
        ("entity", "year"),
        "1",
        "share of direct emissions under the domestic explicit carbon price (China ETS)",
    ),
    "cumulative_cost": Variable(
        DEY,
        "EUR",
        "cumulative cost of CBAM and the response",
        "running sum of cbam_cost + abatement_capex + abatement_opex + mrv_cost + park_capex_share",
    ),
}
# park infrastructure (sim/variables/parks.py), then the dated cash flows and the links
VARIABLES |= PARK_VARIABLES
VARIABLES |= {
    # dated certificate cash flows
    "certificate_purchases": Variable(DEQ, "tCO2e", "CBAM certificates bought in the quarter"),
    "certificate_purchase_cost": Variable(
        DEQ,
        "EUR",
        "CBAM cost, cash: paid for CBAM certificates in the quarter",
        "at the price of the day of purchase; equals cbam_cost (accrual) summed over the run "
        "at a flat certificate price, less certificate_repurchase_revenue",
    ),
    "certificate_repurchase_revenue": Variable(
        DEQ, "EUR", "CBAM cost, cash: received for certificates repurchased in the quarter"
    ),
    "certificates_surrendered": Variable(
        DEQ, "tCO2e", "CBAM certificates surrendered in the quarter"
    ),
    # supply chain: one value per precursor link (only for populations that declare links)
    "precursor_volume": Variable(
        DLY,
        "t",
        "precursor embedded in the customer's declared goods",
        "t of precursor per t of good x the customer's declared volume on its base route",
    ),
    "precursor_embedded_emissions": Variable(
        DLY,
        "tCO2e",
        "embedded emissions of the precursor in the customer's declared goods",
        "precursor_volume x the precursor's SEE as charged (see precursor_actual_values)",
    ),
    "precursor_actual_values": Variable(
        DLY,
        "1",
        "precursor charged on its supplier's actual values",
        "1: the supplier's verified actual values; 0: the Annex IV default value",
    ),
    "cost_passed_upstream": Variable(
        DLY,
        "EUR",
        "CBAM cost passed back to the supplier",
        "response.precursor_cost_passed_upstream x the customer's CBAM cost x the "
        "precursor's share of its embedded emissions (customers on actual values)",
    ),
}
