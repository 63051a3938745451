"""The printed summary of a run: CBAM cost per sector and year, in EUR and EUR per tonne,
and what the exporters did about it."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable

import numpy as np
import xarray as xr

from sim.analysis.bare import Bare, labelled
from sim.analysis.draws import median_over_draws

ALL = "all sectors"
# the overrides the first line of the header names already
HEADER_GROUPS = ("scenario", "population", "policy", "prices")
# the draws of a results file read at once (a streamed file larger than memory is read
# block by block: each block reduced to its per-draw sums before the median)
BLOCK_BYTES = 256 << 20


def _by_blocks(ds: xr.Dataset, reduce: Callable[[xr.Dataset], xr.Dataset]) -> xr.Dataset:
    """``reduce(ds)`` (per draw, no longer per entity), evaluated on blocks of draws whose
    variables take at most :data:`BLOCK_BYTES` and joined along ``draw``: a lazily opened
    file is read block by block, and the medians are taken of the joined sums."""
    n = ds.sizes.get("draw", 0)
    if n <= 1:
        return reduce(ds)
    data = ds.data_vars
    per_draw = sum(v.nbytes for k, v in ds.variables.items() if k in data and "draw" in v.dims) // n
    step = max(1, BLOCK_BYTES // max(per_draw, 1))
    if n <= step:
        return reduce(ds)
    return xr.concat([reduce(ds.isel(draw=slice(a, a + step))) for a in range(0, n, step)], "draw")


def by_sector(ds: xr.Dataset) -> xr.Dataset:
    """Cost (EUR), EU-bound volume (t) and cost per tonne (EUR/t) per sector and year, and
    for all sectors (``"all sectors"``): for an ensemble, the median over draws of each
    (of the sector's sum in each draw), as the figures and comparisons show."""
    return _by_blocks(ds, lambda d: _sector_sums(d, ds)).map(median_over_draws)


def _sector_sums(d: xr.Dataset, ds: xr.Dataset) -> xr.Dataset:
    b = Bare(d)
    table = {"cbam_cost": b["cbam_cost"]}
    if "export_volume" in d and "exempt_volume" in d:  # not in a reduced file
        table["volume"] = b["export_volume"] + b["exempt_volume"]
    grouped = _per_sector(d, ds, table, ALL)
    if "volume" in grouped:
        volume = grouped["volume"]
        grouped["cost_per_tonne"] = grouped["cbam_cost"] / volume.where(volume > 0)
    return _labelled(grouped, d, ds, ALL)


def _per_sector(
    d: xr.Dataset, ds: xr.Dataset, table: dict[str, xr.Variable], total: str | None
) -> dict[str, xr.Variable]:
    """Each variable summed over the entities of each sector (in the order the sectors
    first appear in ``ds``), and over all entities as ``total`` where one is named: a
    ``groupby("sector").sum()`` on the unlabelled variables (the summary of a default run
    40 -> 15 ms with the row lookups below)."""
    sectors = Bare(d).labels("sector")
    members = {s: [i for i, x in enumerate(sectors) if x == s] for s in _sector_order(ds)}
    out = {}
    for name, v in table.items():
        parts = [v.isel(entity=idx).sum("entity") for idx in members.values()]
        if total is not None:
            parts.append(v.sum("entity"))
        out[name] = xr.Variable.concat(parts, "sector")
    return out


def _sector_order(ds: xr.Dataset) -> list[str]:
    return list(dict.fromkeys(Bare(ds).labels("sector")))


def _labelled(
    grouped: dict[str, xr.Variable], d: xr.Dataset, ds: xr.Dataset, total: str | None
) -> xr.Dataset:
    sectors = _sector_order(ds) + ([total] if total is not None else [])
    coords = {k: d.coords[k] for k in ("year", "draw") if k in d.coords}
    return labelled(grouped, {**coords, "sector": xr.Variable("sector", sectors)})


def value_overrides(ds: xr.Dataset) -> list[str]:
    """The overrides of a run (``overrides`` attribute) but those the header names."""
    text = str(ds.attrs.get("overrides", "[]"))
    try:
        overrides = json.loads(text)
    except ValueError:  # an older file: the repr of a list
        try:
            overrides = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return [text]
    keys = [str(o).split("=", 1)[0].lstrip("+~") for o in overrides]
    return [str(o) for o, k in zip(overrides, keys, strict=True) if k not in HEADER_GROUPS]


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
    sectors = [str(s) for s in table["sector"].values if s != ALL]
    width = max(12, *(len(s) for s in sectors))
    head = f"{'':<{width}}" + "".join(f"{y:>9}" for y in years)
    lines = [
        f"CBAM cost of exports to the EU - scenario {ds.attrs.get('scenario', '?')} "
        f"(population {ds.attrs.get('population', '?')}, policy {ds.attrs.get('policy', '?')}, "
        f"prices {ds.attrs.get('prices', '?')})",
    ]
    overrides = value_overrides(ds)
    if overrides:
        lines.append("Overrides: " + ", ".join(overrides))
    if "draw" in ds.dims:
        lines.append(f"Median over {ds.sizes['draw']} draws (each figure the median of its own).")
    lines += ["", *_cost_lines(table, sectors, width, head, years)]
    if "cost_per_tonne" in table:
        lines += ["", *_per_tonne_lines(table, sectors, width, head)]
    lines.append("")
    if "cbam_factor" in ds:
        lines.append(
            f"{'CBAM factor':<{width}}" + "".join(f"{v:>9.3f}" for v in ds["cbam_factor"].values)
        )
    if "certificate_price" in ds:
        price = median_over_draws(ds["certificate_price"]).values
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
    cost = _rows(table["cbam_cost"] / 1e6)
    lines = ["CBAM cost, million EUR", head + f"{f'{years[0]}-{str(years[-1])[2:]}':>10}"]
    for s in sectors:
        row = cost[s]
        lines.append(f"{s:<{width}}" + "".join(f"{v:>9,.1f}" for v in row) + f"{row.sum():>10,.1f}")
    all_cost = cost[ALL]
    lines.append(
        f"{'all sectors':<{width}}"
        + "".join(f"{v:>9,.1f}" for v in all_cost)
        + f"{all_cost.sum():>10,.1f}"
    )
    return lines


def _per_tonne_lines(table: xr.Dataset, sectors: list[str], width: int, head: str) -> list[str]:
    """CBAM cost per tonne exported to the EU, per sector and on average, EUR/t."""
    lines = ["CBAM cost per tonne exported to the EU, EUR/t", head]
    per_t = _rows(table["cost_per_tonne"])
    for s in sectors:
        lines.append(f"{s:<{width}}" + "".join(_num(v) for v in per_t[s]))
    avg = per_t[ALL]
    lines.append(f"{ALL:<{width}}" + "".join(_num(v) for v in avg))
    return lines


def _response_lines(ds: xr.Dataset, sectors: list[str], width: int, years: list[int]) -> list[str]:
    """How exporters responded: investment, intensity, verified data, leakage per sector."""
    first, last = years[0], years[-1]
    grouped = _by_blocks(ds, _response_sums)
    capex = median_over_draws(grouped["capex"])
    intensity = median_over_draws(grouped["emissions"] / grouped["capacity"])
    verified = median_over_draws(grouped["verified"] / grouped["eu"].where(grouped["eu"] > 0))
    leak = median_over_draws(grouped["leak"] / grouped["base"].where(grouped["base"] > 0))
    lines = [
        "How exporters responded",
        f"{'':<{width}}{'capex':>12}{'direct tCO2e/t':>18}{'verified data':>16}"
        f"{'EU volume lost':>16}",
        f"{'':<{width}}{f'M EUR {str(first)[2:]}-{str(last)[2:]}':>12}{f'{first} -> {last}':>18}"
        f"{f'{first} -> {last}':>16}{f'in {last}':>16}",
    ]
    capex, intensity, verified, leak = (_rows(x) for x in (capex, intensity, verified, leak))
    for s in sectors:
        i, v = intensity[s], verified[s]  # over the years, the first to the last
        lines.append(
            f"{s:<{width}}{float(capex[s]):>12,.1f}"
            f"{f'{i[0]:.2f} -> {i[-1]:.2f}':>18}"
            f"{f'{v[0]:.0%} -> {v[-1]:.0%}':>16}"
            f"{leak[s][-1]:>16.0%}"
        )
    return lines


def _rows(x: xr.DataArray) -> dict[str, np.ndarray]:
    """The values of ``x`` per sector (over the years in order, where it has years)."""
    return dict(zip(map(str, x["sector"].values), x.transpose("sector", ...).values, strict=True))


def _response_sums(ds: xr.Dataset) -> xr.Dataset:
    """Per sector (and draw): the sums behind the response lines."""
    b = Bare(ds)
    capacity = b["production_capacity"].sum("production_route")
    table = {
        "capex": b["abatement_capex"].sum("year") / 1e6,
        "emissions": b["direct_intensity"] * capacity,
        "capacity": capacity,
        "verified": b["verified_data"] * b["export_volume"],
        "eu": b["export_volume"],
        "leak": b["leakage_volume"],
        "base": b["leakage_volume"] + b["export_volume"] + b["exempt_volume"],
    }
    return _labelled(_per_sector(ds, ds, table, None), ds, ds, None)


def _num(value: float) -> str:
    return f"{'-':>9}" if np.isnan(value) else f"{value:>9,.2f}"
