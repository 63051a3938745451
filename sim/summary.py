"""The printed summary of a run: CBAM cost per sector and year, in EUR and EUR per tonne."""

from __future__ import annotations

import numpy as np
import xarray as xr


def by_sector(ds: xr.Dataset) -> xr.Dataset:
    """Cost (EUR), total EU-bound volume (t) and cost per tonne (EUR/t) per sector and year."""
    volume = ds["export_volume"] + ds["exempt_volume"]
    table = xr.Dataset({"cbam_cost": ds["cbam_cost"], "volume": volume})
    if "draw" in table.dims:
        table = table.mean("draw")
    grouped = table.groupby("sector").sum()
    order = list(dict.fromkeys(ds["sector"].values.tolist()))
    grouped = grouped.sel(sector=order)
    per_t = grouped["cbam_cost"] / grouped["volume"].where(grouped["volume"] > 0)
    return grouped.assign(cost_per_tonne=per_t)


def format_summary(ds: xr.Dataset, path: str | None = None) -> str:
    """A plain-text report a policy analyst can read at a glance."""
    table = by_sector(ds)
    years = [int(y) for y in ds["year"].values]
    sectors = [str(s) for s in table["sector"].values]
    width = max(12, *(len(s) for s in sectors))
    head = f"{'':<{width}}" + "".join(f"{y:>9}" for y in years)
    cost = table["cbam_cost"] / 1e6
    total_volume = table["volume"].sum("sector")
    price = ds["certificate_price"]
    if "draw" in price.dims:
        price = price.mean("draw")
    lines = [
        f"CBAM cost of exports to the EU - scenario {ds.attrs.get('scenario', '?')} "
        f"(population {ds.attrs.get('population', '?')}, policy {ds.attrs.get('policy', '?')}, "
        f"prices {ds.attrs.get('prices', '?')})",
        "",
        "CBAM cost, million EUR",
        head + f"{f'{years[0]}-{str(years[-1])[2:]}':>10}",
    ]
    for s in sectors:
        row = cost.sel(sector=s).values
        lines.append(f"{s:<{width}}" + "".join(f"{v:>9,.1f}" for v in row) + f"{row.sum():>10,.1f}")
    all_cost = cost.sum("sector").values
    lines.append(
        f"{'all sectors':<{width}}"
        + "".join(f"{v:>9,.1f}" for v in all_cost)
        + f"{all_cost.sum():>10,.1f}"
    )
    lines += ["", "CBAM cost per tonne exported to the EU, EUR/t", head]
    for s in sectors:
        row = table["cost_per_tonne"].sel(sector=s).values
        lines.append(f"{s:<{width}}" + "".join(_num(v) for v in row))
    avg = (table["cbam_cost"].sum("sector") / total_volume).values
    lines.append(f"{'all sectors':<{width}}" + "".join(_num(v) for v in avg))
    lines += [
        "",
        f"{'CBAM factor':<{width}}" + "".join(f"{v:>9.3f}" for v in ds["cbam_factor"].values),
        f"{'EUR/tCO2e':<{width}}"
        + "".join(f"{v:>9.2f}" for v in ds["certificate_price"].values)
        + "  (certificate price)",
    ]
    if path is not None:
        lines += ["", f"Results: {path}"]
    return "\n".join(lines)


def _num(value: float) -> str:
    return f"{'-':>9}" if np.isnan(value) else f"{value:>9,.2f}"
