"""The printed summary of a run: CBAM cost per sector and year, in EUR and EUR per tonne,
and what the exporters did about it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

# the draws of a results file read at once for a mean (a streamed file larger than memory)
BLOCK_BYTES = 256 << 20


def _draw_mean(da: xr.DataArray) -> xr.DataArray:
    return da.mean("draw") if "draw" in da.dims else da


def _block_mean(ds: xr.Dataset, expr: Callable[[xr.Dataset], xr.DataArray]) -> xr.DataArray:
    """The mean over draws of ``expr(ds)``, evaluated on blocks of draws whose variables
    take at most :data:`BLOCK_BYTES` (a lazily opened file is read block by block); one
    block is ``expr(ds)`` averaged as it is."""
    n = ds.sizes.get("draw", 0)
    per_draw = sum(v.nbytes for v in ds.data_vars.values() if "draw" in v.dims) // max(n, 1)
    step = max(1, BLOCK_BYTES // max(per_draw, 1))
    if n <= step:
        return _draw_mean(expr(ds))
    total = sum(expr(ds.isel(draw=slice(a, a + step))).sum("draw") for a in range(0, n, step))
    return total / n


def by_sector(ds: xr.Dataset) -> xr.Dataset:
    """Cost (EUR), EU-bound volume (t) and cost per tonne (EUR/t) per sector and year
    (the mean over draws for an ensemble)."""
    table = xr.Dataset({"cbam_cost": _block_mean(ds, lambda d: d["cbam_cost"])})
    if "export_volume" in ds and "exempt_volume" in ds:  # not in a reduced file
        table["volume"] = _block_mean(ds, lambda d: d["export_volume"] + d["exempt_volume"])
    grouped = table.groupby("sector").sum()
    order = list(dict.fromkeys(ds["sector"].values.tolist()))
    grouped = grouped.sel(sector=order)
    if "volume" not in grouped:
        return grouped
    per_t = grouped["cbam_cost"] / grouped["volume"].where(grouped["volume"] > 0)
    return grouped.assign(cost_per_tonne=per_t)


# the parts of the summary, and the variables each needs
RESPONSE_VARIABLES = (
    "abatement_capex",
    "production_capacity",
    "direct_intensity",
    "verified_data",
    "export_volume",
    "exempt_volume",
    "leakage_volume",
)


def skipped_parts(ds: xr.Dataset) -> list[str]:
    """The parts of the summary a reduced results file (``ensemble.variables``) lacks."""
    parts = {
        "cost per tonne": ("export_volume", "exempt_volume"),
        "CBAM factor": ("cbam_factor",),
        "certificate price": ("certificate_price",),
        "how exporters responded": RESPONSE_VARIABLES,
    }
    return [
        f"{part} (needs {', '.join(v for v in needs if v not in ds)})"
        for part, needs in parts.items()
        if any(v not in ds for v in needs)
    ]


def format_summary(ds: xr.Dataset, path: str | None = None) -> str:
    """A plain-text report a policy analyst can read at a glance."""
    table = by_sector(ds)
    years = [int(y) for y in ds["year"].values]
    sectors = [str(s) for s in table["sector"].values]
    width = max(12, *(len(s) for s in sectors))
    head = f"{'':<{width}}" + "".join(f"{y:>9}" for y in years)
    lines = [
        f"CBAM cost of exports to the EU - scenario {ds.attrs.get('scenario', '?')} "
        f"(population {ds.attrs.get('population', '?')}, policy {ds.attrs.get('policy', '?')}, "
        f"prices {ds.attrs.get('prices', '?')})",
    ]
    if "draw" in ds.dims:
        lines.append(f"Mean over {ds.sizes['draw']} draws.")
    lines += ["", *_cost_lines(table, sectors, width, head, years)]
    if "cost_per_tonne" in table:
        lines += ["", *_per_tonne_lines(table, sectors, width, head)]
    lines.append("")
    if "cbam_factor" in ds:
        lines.append(
            f"{'CBAM factor':<{width}}" + "".join(f"{v:>9.3f}" for v in ds["cbam_factor"].values)
        )
    if "certificate_price" in ds:
        price = _block_mean(ds, lambda d: d["certificate_price"]).values
        lines.append(
            f"{'EUR/tCO2e':<{width}}"
            + "".join(f"{v:>9.2f}" for v in price)
            + "  (certificate price)"
        )
    if all(v in ds for v in RESPONSE_VARIABLES):
        lines += ["", *_response_lines(ds, sectors, width, years)]
    skipped = skipped_parts(ds)
    if skipped:
        lines += ["", "Not in the results (ensemble.variables): " + "; ".join(skipped)]
    if path is not None:
        lines += ["", f"Results: {path}"]
    return "\n".join(lines)


def _cost_lines(
    table: xr.Dataset, sectors: list[str], width: int, head: str, years: list[int]
) -> list[str]:
    """CBAM cost per sector and year, and over all years, million EUR."""
    cost = table["cbam_cost"] / 1e6
    lines = ["CBAM cost, million EUR", head + f"{f'{years[0]}-{str(years[-1])[2:]}':>10}"]
    for s in sectors:
        row = cost.sel(sector=s).values
        lines.append(f"{s:<{width}}" + "".join(f"{v:>9,.1f}" for v in row) + f"{row.sum():>10,.1f}")
    all_cost = cost.sum("sector").values
    lines.append(
        f"{'all sectors':<{width}}"
        + "".join(f"{v:>9,.1f}" for v in all_cost)
        + f"{all_cost.sum():>10,.1f}"
    )
    return lines


def _per_tonne_lines(table: xr.Dataset, sectors: list[str], width: int, head: str) -> list[str]:
    """CBAM cost per tonne exported to the EU, per sector and on average, EUR/t."""
    lines = ["CBAM cost per tonne exported to the EU, EUR/t", head]
    for s in sectors:
        lines.append(
            f"{s:<{width}}" + "".join(_num(v) for v in table["cost_per_tonne"].sel(sector=s).values)
        )
    avg = (table["cbam_cost"].sum("sector") / table["volume"].sum("sector")).values
    lines.append(f"{'all sectors':<{width}}" + "".join(_num(v) for v in avg))
    return lines


def _response_lines(ds: xr.Dataset, sectors: list[str], width: int, years: list[int]) -> list[str]:
    """How exporters responded: investment, intensity, verified data, leakage per sector."""
    first, last = years[0], years[-1]
    grouped = _response_table(ds)
    intensity = grouped["emissions"] / grouped["capacity"]
    verified = grouped["verified"] / grouped["eu"].where(grouped["eu"] > 0)
    leak = grouped["leak"] / grouped["base"].where(grouped["base"] > 0)
    lines = [
        "How exporters responded",
        f"{'':<{width}}{'capex':>12}{'direct tCO2e/t':>18}{'verified data':>16}"
        f"{'EU volume lost':>16}",
        f"{'':<{width}}{f'M EUR {str(first)[2:]}-{str(last)[2:]}':>12}{f'{first} -> {last}':>18}"
        f"{f'{first} -> {last}':>16}{f'in {last}':>16}",
    ]
    for s in sectors:
        i, v = intensity.sel(sector=s), verified.sel(sector=s)
        lines.append(
            f"{s:<{width}}{float(grouped['capex'].sel(sector=s)):>12,.1f}"
            f"{f'{float(i.sel(year=first)):.2f} -> {float(i.sel(year=last)):.2f}':>18}"
            f"{f'{float(v.sel(year=first)):.0%} -> {float(v.sel(year=last)):.0%}':>16}"
            f"{float(leak.sel(sector=s, year=last)):>16.0%}"
        )
    return lines


def _response_table(ds: xr.Dataset) -> xr.Dataset:
    """The means over draws behind the response lines, per sector (block by block)."""

    def capacity(d: xr.Dataset) -> xr.DataArray:
        return d["production_capacity"].sum("production_route")

    def mean(expr: Callable[[xr.Dataset], xr.DataArray]) -> xr.DataArray:
        return _block_mean(ds, expr)

    return (
        xr.Dataset(
            {
                "capex": mean(lambda d: d["abatement_capex"].sum("year")) / 1e6,
                "emissions": mean(lambda d: d["direct_intensity"] * capacity(d)),
                "capacity": mean(capacity),
                "verified": mean(lambda d: d["verified_data"] * d["export_volume"]),
                "eu": mean(lambda d: d["export_volume"]),
                "leak": mean(lambda d: d["leakage_volume"]),
                "base": mean(
                    lambda d: d["leakage_volume"] + d["export_volume"] + d["exempt_volume"]
                ),
            }
        )
        .groupby("sector")
        .sum()
    )


def _num(value: float) -> str:
    return f"{'-':>9}" if np.isnan(value) else f"{value:>9,.2f}"
