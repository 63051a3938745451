"""The record of one output variable and the dimension tuples the registry shares."""

from __future__ import annotations

from dataclasses import dataclass

# The model's units (as written in the registry and kept in each variable's ``cbam_units``
# attribute) -> their UDUNITS-2 form in ``units`` (CF-1.10 section 3.1). UDUNITS has no
# currency and no CO2 equivalent: money is "1" (CF's dimensionless; the currency is in
# ``cbam_units``), tCO2e is "t" (the gas basis, GWP100, likewise). docs/model.md.
CF_UNITS: dict[str, str] = {
    "1": "1",
    "t": "t",
    "t/yr": "t year-1",
    "tCO2": "t",
    "tCO2e": "t",
    "tCO2e/t": "1",
    "EUR": "1",
    "EUR/tCO2e": "t-1",
    "MW": "MW",
    "MWh": "MW h",
}


@dataclass(frozen=True)
class Variable:
    """One output variable: its dimensions, units and names."""

    dims: tuple[str, ...]
    units: str
    long_name: str
    description: str = ""


Y = ("year",)
DY = ("draw", "year")
DEY = ("draw", "entity", "year")
DEQ = ("draw", "entity", "quarter")
DLY = ("draw", "link", "year")
DPY = ("draw", "park_id", "year")  # park-level: the parks of population.parks
