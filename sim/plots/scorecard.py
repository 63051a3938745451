"""The park scorecard as a heat map: indicators by park and year (viridis, with values)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from sim.plots.style import plt

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
    years = sc["year"].values
    fig, axes = plt.subplots(
        len(parks), 1, figsize=(1.0 + 0.8 * years.size, 2.9 * len(parks)), squeeze=False
    )
    for ax, park in zip(axes[:, 0], parks, strict=True):
        _park_panel(ax, sc.sel(park=park), str(park))
    axes[-1, 0].set_xlabel("year")
    fig.suptitle(
        f"Park scorecard - scenario {sc.attrs.get('scenario') or 'run'} "
        "(colour: value relative to the row maximum)",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def _park_panel(ax: plt.Axes, park: xr.Dataset, name: str) -> None:
    """One park: a row per indicator, a column per year, each cell coloured and labelled."""
    names = [n for n in HEATMAP_INDICATORS if n in park]
    years = park["year"].values
    values = np.array([park[n].values for n in names], float)
    finite = np.where(np.isfinite(values), np.abs(values), 0.0)
    scale = finite.max(axis=1, keepdims=True)
    scale[~np.isfinite(scale) | (scale == 0)] = 1.0
    ax.imshow(values / scale, cmap="viridis", vmin=0, vmax=1, aspect="auto")
    missed = park["core_pass"].values == 0
    for r in range(len(names)):
        for c in range(years.size):
            _cell_text(
                ax, r, c, values[r, c], scale[r, 0], names[r] == "core_intensity" and missed[c]
            )
    ax.set_yticks(range(len(names)), [HEATMAP_INDICATORS[n] for n in names], fontsize=8)
    ax.set_xticks(range(years.size), [str(y) for y in years], fontsize=8)
    limit = park["core_limit"].values
    band = (
        f"core limit {np.nanmax(limit):.1f} tCO2/tce"
        if np.isfinite(limit).any()
        else ("below the core-indicator bands")
    )
    ax.set_title(f"{name} ({band}; x = core indicator missed)", fontsize=9)


def _cell_text(ax: plt.Axes, row: int, col: int, v: float, scale: float, missed: bool) -> None:
    """A cell's value (n/a when undefined, x when the core indicator is missed), dark on
    light cells and light on dark ones."""
    text = "n/a" if not np.isfinite(v) else f"{v:.2f}"
    if missed:
        text += " x"
    shade = v / scale if np.isfinite(v) else 0
    ax.text(
        col,
        row,
        text,
        ha="center",
        va="center",
        fontsize=7,
        color="black" if shade > 0.6 or not np.isfinite(v) else "white",
    )
