"""Figures of a run or a comparison: Dataset in, matplotlib Figure out (no file I/O here).

Colours are Okabe-Ito (colour-blind safe) and viridis for the heat map; every axis has
its unit; ensembles are shown by their median with 50 % and 90 % bands.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from sim.analysis.decomposition import FACTOR_LABELS
from sim.plots.style import OKABE_ITO, plt

SECTOR_LABELS = {
    "iron_steel": "iron and steel",
    "aluminium": "aluminium",
    "cement": "cement",
    "fertilisers": "fertilisers",
    "hydrogen": "hydrogen",
}
MEUR = 1e6


def _median(da: xr.DataArray) -> xr.DataArray:
    return da.median("draw") if "draw" in da.dims else da


def _title(ds: xr.Dataset, what: str) -> str:
    scenario = ds.attrs.get("scenario") or "run"
    return f"{what} - scenario {scenario}"


def cost_pathways(ds: xr.Dataset) -> plt.Figure:
    """CBAM cost per sector (stacked, million EUR; ensemble median) with the CBAM factor."""
    cost = _median(ds["cbam_cost"].groupby("sector").sum("entity")) / MEUR
    years = ds["year"].values
    fig, ax = plt.subplots(figsize=(8, 4.8))
    bottom = np.zeros(years.size)
    for i, sector in enumerate(cost["sector"].values):
        values = cost.sel(sector=sector).values
        label = SECTOR_LABELS.get(str(sector), str(sector))
        ax.bar(years, values, bottom=bottom, color=OKABE_ITO[i % 9], label=label, width=0.7)
        bottom = bottom + values
    ax.set_xlabel("import year")
    ax.set_ylabel("CBAM cost (million EUR)")
    ax.set_xticks(years)
    ax.grid(axis="y", alpha=0.3)
    twin = ax.twinx()
    twin.plot(years, ds["cbam_factor"].values, color="black", marker="o", lw=2)
    twin.set_ylabel("CBAM factor (1), line")
    twin.set_ylim(0, 1.05)
    ax.legend(loc="upper left", frameon=False, title="sector (bars)")
    note = " (ensemble median)" if "draw" in ds.dims else ""
    ax.set_title(_title(ds, f"CBAM cost by sector{note} and the CBAM factor"))
    fig.tight_layout()
    return fig


def fan_chart(ds: xr.Dataset, variable: str = "cbam_cost") -> plt.Figure:
    """Ensemble fan chart of a variable summed over entities: median, 50 % and 90 % bands."""
    if "draw" not in ds[variable].dims:
        raise ValueError("a fan chart needs an ensemble (ensemble.n > 1)")
    total = ds[variable].sum("entity") / MEUR
    q = total.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="draw")
    years = ds["year"].values
    fig, ax = plt.subplots(figsize=(8, 4.8))
    ax.fill_between(
        years,
        q.sel(quantile=0.05),
        q.sel(quantile=0.95),
        color=OKABE_ITO[1],
        alpha=0.35,
        label="90 % band",
        lw=0,
    )
    ax.fill_between(
        years,
        q.sel(quantile=0.25),
        q.sel(quantile=0.75),
        color=OKABE_ITO[4],
        alpha=0.55,
        label="50 % band",
        lw=0,
    )
    ax.plot(years, q.sel(quantile=0.5), color="black", lw=2, label="median")
    ax.set_xlabel("import year")
    ax.set_ylabel(f"{ds[variable].attrs.get('long_name', variable)} (million EUR)")
    ax.set_xticks(years)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    ax.set_title(_title(ds, f"All sectors, {ds.sizes['draw']:,} draws"))
    fig.tight_layout()
    return fig


ORDER = (  # rises first, then cuts, so that the running level stays readable
    "certificate_price",
    "free_allocation",
    "export_volume",
    "emissions_intensity",
    "carbon_price_deduction",
    "zero_floor",
)


def waterfall(decomposition: xr.Dataset, label: str = "all sectors") -> plt.Figure:
    """Waterfall from the cost before, through each path's contribution, to the cost after.

    ``decomposition``: a decomposition summed to one group (``by_group(..., 'all')`` or one
    sector); medians are taken over draws and years summed when present.
    """
    d = decomposition
    if "draw" in d.dims:
        d = d.median("draw")
    if "year" in d.dims:
        d = d.sum("year")
    parts = d["contribution"].sel(factor=list(ORDER)).values / MEUR
    start = float(d["cost_before"]) / MEUR
    end = float(d["cost_after"]) / MEUR
    before_label, after_label = "before", "after"
    comparison = d.attrs.get("comparison", "")
    if " -> " in comparison:
        before_label, after_label = comparison.split(" -> ")
    ticks = [before_label, *[FACTOR_LABELS[f] for f in ORDER], after_label]
    fig, ax = plt.subplots(figsize=(10, 5.2))
    levels = [start]
    ax.bar(0, start, color=OKABE_ITO[8], width=0.6)
    for i, value in enumerate(parts, start=1):
        colour = OKABE_ITO[5] if value > 0 else OKABE_ITO[2]
        ax.bar(i, value, bottom=levels[-1], color=colour, width=0.6)
        levels.append(levels[-1] + value)
    ax.bar(len(ticks) - 1, end, color=OKABE_ITO[8], width=0.6)
    top, bottom = max(*levels, end, 0.0), min(*levels, end, 0.0)
    pad = 0.02 * (top - bottom or 1.0)
    for i, value in enumerate(parts, start=1):
        y = max(levels[i - 1], levels[i]) + pad
        ax.text(i, y, f"{value:+,.1f}", ha="center", va="bottom", fontsize=8)
    for i, value in ((0, start), (len(ticks) - 1, end)):
        ax.text(i, max(value, 0) + pad, f"{value:,.1f}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(bottom - 4 * pad if bottom < 0 else 0, top + 8 * pad)
    ax.set_xticks(range(len(ticks)), [_wrap(t, 12) for t in ticks], fontsize=8)
    ax.set_ylabel("CBAM cost (million EUR)")
    ax.axhline(0, color="black", lw=0.8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(
        f"What moved the CBAM cost, {label} ({comparison})\n"
        "orange raises it, green lowers it; the parts sum to the change (LMDI)"
    )
    fig.tight_layout()
    return fig


def _wrap(text: str, width: int = 14) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join([*lines, line])


def uptake(ds: xr.Dataset) -> plt.Figure:
    """Technology and green-power uptake: capacity converted by option (Mt/yr) and
    electricity by green-power kind (TWh), summed over entities (ensemble median)."""
    production = ds["production_capacity"].sum("production_route")
    converted = _median((ds["abatement_share"] * production).sum("entity")) / 1e6
    green = _median((ds["green_power_share"] * ds["electricity_use"]).sum("entity")) / 1e6
    years = ds["year"].values
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), sharex=True)
    shown = [o for o in converted["option"].values if float(converted.sel(option=o).max()) > 0]
    for i, option in enumerate(shown):
        left.plot(
            years,
            converted.sel(option=option),
            color=OKABE_ITO[i % 9],
            lw=2,
            marker="o",
            ms=3,
            label=str(option),
        )
    if not shown:
        left.text(0.5, 0.5, "no abatement adopted", ha="center", transform=left.transAxes)
    left.set_ylabel("capacity converted (Mt/yr)")
    left.set_title("Abatement options commissioned")
    kinds = {
        "direct_line": "direct line (CBAM recognised)",
        "ppa": "PPA (CBAM recognised)",
        "gec": "green certificates (not recognised)",
    }
    for i, kind in enumerate(green["power_kind"].values):
        right.plot(
            years,
            green.sel(power_kind=kind),
            color=OKABE_ITO[(i + 4) % 9],
            lw=2,
            marker="o",
            ms=3,
            label=kinds.get(str(kind), str(kind)),
        )
    right.set_ylabel("green electricity (TWh/yr)")
    right.set_title("Green power taken up")
    for ax in (left, right):
        ax.set_xlabel("import year")
        ax.set_xticks(years[:: max(1, years.size // 9)])
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(frameon=False, fontsize=8)
    fig.suptitle(_title(ds, "Technology and green-power uptake"))
    fig.tight_layout()
    return fig


HEATMAP_INDICATORS = {
    "core_intensity": "tCO2 per tce",
    "clean_energy_share": "clean-energy share",
    "direct_renewable_share": "direct line + PPA share",
    "carbon_price_coverage": "carbon-price coverage",
    "offset_dependence": "offset dependence",
    "green_hydrogen_substitution": "green-H2 substitution",
    "cbam_reserve_ratio": "CBAM reserve ratio",
    "cbam_cost_share": "CBAM cost / export value",
}


def scorecard_heatmap(sc: xr.Dataset) -> plt.Figure:
    """Indicators by park (rows) and year (columns); the colour is the value relative to the
    row's largest, the text the value itself; core-indicator misses are marked x."""
    if "draw" in sc.dims:
        sc = sc.median("draw")
    parks = list(sc["park"].values)
    names = [n for n in HEATMAP_INDICATORS if n in sc]
    years = sc["year"].values
    fig, axes = plt.subplots(
        len(parks), 1, figsize=(1.0 + 0.8 * years.size, 2.9 * len(parks)), squeeze=False
    )
    for ax, park in zip(axes[:, 0], parks, strict=True):
        values = np.array([sc[n].sel(park=park).values for n in names], float)
        finite = np.where(np.isfinite(values), np.abs(values), 0.0)
        scale = finite.max(axis=1, keepdims=True)
        scale[~np.isfinite(scale) | (scale == 0)] = 1.0
        ax.imshow(values / scale, cmap="viridis", vmin=0, vmax=1, aspect="auto")
        for r in range(len(names)):
            for c in range(years.size):
                v = values[r, c]
                text = "n/a" if not np.isfinite(v) else f"{v:.2f}"
                if names[r] == "core_intensity" and sc["core_pass"].sel(park=park)[c] == 0:
                    text += " x"
                shade = v / scale[r, 0] if np.isfinite(v) else 0
                ax.text(
                    c,
                    r,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="black" if shade > 0.6 or not np.isfinite(v) else "white",
                )
        ax.set_yticks(range(len(names)), [HEATMAP_INDICATORS[n] for n in names], fontsize=8)
        ax.set_xticks(range(years.size), [str(y) for y in years], fontsize=8)
        limit = sc["core_limit"].sel(park=park).values
        band = (
            f"core limit {np.nanmax(limit):.1f} tCO2/tce"
            if np.isfinite(limit).any()
            else ("below the core-indicator bands")
        )
        ax.set_title(f"{park} ({band}; x = core indicator missed)", fontsize=9)
    axes[-1, 0].set_xlabel("year")
    fig.suptitle(
        f"Park scorecard - scenario {sc.attrs.get('scenario') or 'run'} "
        "(colour: value relative to the row maximum)",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def compare_costs(runs: Mapping[str, xr.Dataset]) -> plt.Figure:
    """Total CBAM cost (lines, million EUR) of several runs over the years (median)."""
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for i, (label, ds) in enumerate(runs.items()):
        total = _median(ds["cbam_cost"].sum("entity")) / MEUR
        ax.plot(
            ds["year"].values, total, color=OKABE_ITO[i % 9], lw=2, marker="o", ms=3, label=label
        )
    ax.set_xlabel("import year")
    ax.set_ylabel("CBAM cost, all sectors (million EUR)")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    ax.set_title("CBAM cost pathways compared")
    fig.tight_layout()
    return fig
