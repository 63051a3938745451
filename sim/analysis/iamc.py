"""Results as IAMC-format tables (Model, Scenario, Region, Variable, Unit, one column per
year), the layout that pyam (``pyam.IamDataFrame``) and the IIASA Scenario Explorer read.

Regions: the exporting country (``China``) and its parks (``China|park_a``). Variables
follow the IAMC ``A|B|C`` hierarchy, totals first, then by sector. An ensemble is written
as its median and 5 % / 95 % quantiles, each as its own scenario (``baseline|median``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import xarray as xr

from sim import __version__
from sim.io.provenance import stored_config

COUNTRIES = {"CN": "China"}
SECTORS = {
    "iron_steel": "Iron and Steel",
    "aluminium": "Aluminium",
    "cement": "Cement",
    "fertilisers": "Fertilisers",
    "hydrogen": "Hydrogen",
}
# output variable -> (IAMC variable, unit, scale applied to the sum over entities)
EXTENSIVE = {
    "cbam_cost": ("CBAM|Cost", "million EUR/yr", 1e-6),
    "certificates": ("CBAM|Certificates", "Mt CO2e/yr", 1e-6),
    "embedded_emissions": ("Emissions|CO2e|Embedded in EU Exports", "Mt CO2e/yr", 1e-6),
    "export_volume": ("Trade|Exports to EU|Volume", "Mt/yr", 1e-6),
    "abatement_capex": ("Investment|Abatement", "million EUR/yr", 1e-6),
    "reported_emissions": ("Emissions|CO2e|Reported", "Mt CO2e/yr", 1e-6),
}
PRICES = {
    "certificate_price": ("Price|Carbon|CBAM Certificate", "EUR/t CO2e"),
    "domestic_carbon_price": ("Price|Carbon|Domestic ETS", "EUR/t CO2e"),
}
QUANTILES = {"median": 0.5, "p05": 0.05, "p95": 0.95}


def to_iamc(
    ds: xr.Dataset, scenario: str | None = None, country: str | None = None
) -> pd.DataFrame:
    """One results dataset as an IAMC wide table."""
    scenario = scenario or ds.attrs.get("scenario") or "run"
    country = country or COUNTRIES.get(_origin(ds), _origin(ds) or "World")
    model = f"cbam-sim {__version__}"
    series: dict[tuple[str, str, str], xr.DataArray] = {}
    for name, (variable, unit, scale) in EXTENSIVE.items():
        if name not in ds:
            continue
        da = ds[name] * scale
        if name == "export_volume":  # all EU-bound goods, de minimis exempt included
            da = (ds[name] + ds["exempt_volume"]) * scale
        series[(country, variable, unit)] = da.sum("entity")
        for sector, label in SECTORS.items():
            if sector in ds["sector"].values:
                series[(country, f"{variable}|{label}", unit)] = da.where(
                    ds["sector"] == sector, 0.0
                ).sum("entity")
        for park in sorted(set(ds["park"].values)):
            series[(f"{country}|{park}", variable, unit)] = da.where(ds["park"] == park, 0.0).sum(
                "entity"
            )
    for name, (variable, unit) in PRICES.items():
        if name in ds:
            series[(country, variable, unit)] = ds[name]
    series[(country, "CBAM|Factor", "1")] = ds["cbam_factor"]
    years = [int(y) for y in ds["year"].values]
    rows = []
    draws = "draw" in ds.dims
    for tag, q in QUANTILES.items() if draws else [("", None)]:
        name = f"{scenario}|{tag}" if draws else scenario
        for (region, variable, unit), da in series.items():
            if "draw" in da.dims:
                da = da.quantile(q, dim="draw").drop_vars("quantile")
            values = da.transpose("year").values
            rows.append([model, name, region, variable, unit, *map(float, values)])
    return pd.DataFrame(rows, columns=["Model", "Scenario", "Region", "Variable", "Unit", *years])


def combine(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Several runs in one table (years missing from a run are left empty)."""
    return pd.concat(list(tables), ignore_index=True)


def _origin(ds: xr.Dataset) -> str:
    cfg = stored_config(ds)
    return str(cfg.get("population", {}).get("origin", ""))
