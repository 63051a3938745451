"""Figures of results over the years: the cost by sector, the ensemble fan, runs compared,
and the uptake of abatement options and green power.

Dataset in, matplotlib Figure out (writing is in :mod:`sim.io.files`). Every axis has its
unit; ensembles are shown by their median with 50 % and 90 % bands.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from sim.analysis.draws import median_over_draws
from sim.plots.style import MEUR, OKABE_ITO, plt

SECTOR_LABELS = {
    "iron_steel": "iron and steel",
    "aluminium": "aluminium",
    "cement": "cement",
    "fertilisers": "fertilisers",
    "hydrogen": "hydrogen",
}
POWER_KIND_LABELS = {
    "direct_line": "direct line (CBAM recognised)",
    "ppa": "PPA (CBAM recognised)",
    "gec": "green certificates (not recognised)",
}


def _title(ds: xr.Dataset, what: str) -> str:
    scenario = ds.attrs.get("scenario") or "run"
    return f"{what} - scenario {scenario}"


def cost_pathways(ds: xr.Dataset) -> plt.Figure:
    """CBAM cost per sector (stacked, million EUR; ensemble median) with the CBAM factor."""
    cost = median_over_draws(ds["cbam_cost"].groupby("sector").sum("entity")) / MEUR
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


def uptake(ds: xr.Dataset) -> plt.Figure:
    """Technology and green-power uptake: capacity converted by option (Mt/yr) and
    electricity by green-power kind (TWh), summed over entities (ensemble median)."""
    years = ds["year"].values
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), sharex=True)
    _options_panel(left, ds)
    _green_power_panel(right, ds)
    for ax in (left, right):
        ax.set_xlabel("import year")
        ax.set_xticks(years[:: max(1, years.size // 9)])
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(frameon=False, fontsize=8)
    fig.suptitle(_title(ds, "Technology and green-power uptake"))
    fig.tight_layout()
    return fig


def _options_panel(ax: plt.Axes, ds: xr.Dataset) -> None:
    """Capacity converted to each abatement option that was adopted, Mt/yr."""
    production = ds["production_capacity"].sum("production_route")
    converted = median_over_draws((ds["abatement_share"] * production).sum("entity")) / 1e6
    years = ds["year"].values
    shown = [o for o in converted["option"].values if float(converted.sel(option=o).max()) > 0]
    for i, option in enumerate(shown):
        ax.plot(
            years,
            converted.sel(option=option),
            color=OKABE_ITO[i % 9],
            lw=2,
            marker="o",
            ms=3,
            label=str(option),
        )
    if not shown:
        ax.text(0.5, 0.5, "no abatement adopted", ha="center", transform=ax.transAxes)
    ax.set_ylabel("capacity converted (Mt/yr)")
    ax.set_title("Abatement options commissioned")


def _green_power_panel(ax: plt.Axes, ds: xr.Dataset) -> None:
    """Green electricity taken up by kind (direct line, PPA, certificates), TWh/yr."""
    green = median_over_draws((ds["green_power_share"] * ds["electricity_use"]).sum("entity")) / 1e6
    years = ds["year"].values
    for i, kind in enumerate(green["power_kind"].values):
        ax.plot(
            years,
            green.sel(power_kind=kind),
            color=OKABE_ITO[(i + 4) % 9],
            lw=2,
            marker="o",
            ms=3,
            label=POWER_KIND_LABELS.get(str(kind), str(kind)),
        )
    ax.set_ylabel("green electricity (TWh/yr)")
    ax.set_title("Green power taken up")


def compare_costs(runs: Mapping[str, xr.Dataset]) -> plt.Figure:
    """Total CBAM cost (million EUR, median) of several runs over the years, and each
    run's difference to the first on its own scale below. Runs are told apart by colour,
    line style and marker; a run identical to an earlier one says so in the legend."""
    fig, (ax, diff) = plt.subplots(
        2, 1, figsize=(8, 6.4), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    totals = {
        label: median_over_draws(ds["cbam_cost"].sum("entity")) / MEUR for label, ds in runs.items()
    }
    first_label, first = next(iter(totals.items()))
    for i, (label, total) in enumerate(totals.items()):
        same = [k for k in list(totals)[:i] if _same(totals[k], total)]
        name = f"{label} (= {same[0]})" if same else label
        style = {"color": OKABE_ITO[i % 9], "ls": LINE_STYLES[i % 4], "marker": MARKERS[i % 5]}
        ax.plot(total["year"].values, total, lw=2, ms=4, label=name, **style)
        if i:
            diff.plot(total["year"].values, total - first, lw=1.5, ms=4, label=name, **style)
    ax.set_ylabel("CBAM cost, all sectors (million EUR)")
    ax.legend(frameon=False, fontsize=8)
    ax.set_title("CBAM cost pathways compared")
    diff.axhline(0, color="black", lw=0.8)
    diff.set_ylabel(f"difference to\n{first_label} (million EUR)")
    diff.set_xlabel("import year")
    for a in (ax, diff):
        a.grid(alpha=0.3)
    fig.tight_layout()
    return fig


LINE_STYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D", "v"]


def _same(a: xr.DataArray, b: xr.DataArray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a.values, b.values))
