"""The park scorecard as a heat map: per park, the national core indicator and the source
paper's layered evaluation (its table 5) by year, each cell coloured by pass (green), miss
(vermilion) or not assessed (grey) and labelled with the value; the layer passes, the
grade and the digital decarbonisation trap (recognised minus claimed intensity) below."""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.colors import ListedColormap

from sim.analysis.evaluation_layers import LAYERS
from sim.analysis.scorecard_tables import SIDE, layer_rows
from sim.plots.style import OKABE_ITO, plt

# colour of a cell by its state: not assessed, missed, passed, information only
STATES = ["#DDDDDD", OKABE_ITO[5], OKABE_ITO[2], "#FFFFFF"]
INFO = 3
LAYER_NAMES = {
    "national": "national rule",
    "core_compliance": "core compliance",
    "dynamic_optimisation": "dynamic optimisation",
    "technology": "technology",
    "institutional": "institutional",
}


def scorecard_heatmap(sc: xr.Dataset) -> plt.Figure:
    """One panel per park: a row per indicator grouped by layer, a column per year."""
    if "draw" in sc.dims:
        sc = sc.median("draw").assign_attrs(sc.attrs)
    parks = list(sc["park"].values)
    years = sc["year"].values
    rows = len(layer_rows()) + len(LAYERS) + 2
    fig, axes = plt.subplots(
        len(parks),
        1,
        figsize=(3.6 + 0.62 * years.size, 0.24 * rows * len(parks) + 0.8),
        squeeze=False,
    )
    for ax, park in zip(axes[:, 0], parks, strict=True):
        one = sc.sel(park=park)
        name = str(one["park_name"].values) if "park_name" in one.coords else str(park)
        _park_panel(ax, one, name if name == str(park) else f"{name} ({park})")
    axes[-1, 0].set_xlabel("year")
    fig.suptitle(
        f"Park evaluation (source paper table 5) - scenario {sc.attrs.get('scenario') or 'run'}\n"
        "green: met, vermilion: missed, grey: not assessed (no threshold yet, or not applicable); "
        "'n.r.': not reported; (threshold in the last year)",
        fontsize=9,
    )
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.55 / height))
    return fig


def panel_rows(park: xr.Dataset) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """(layer, label, values, state) of each row of a park's panel; state 0 not assessed,
    1 missed, 2 passed, 3 information."""
    out = []
    for layer, name, (value, limit, flag) in layer_rows():
        label = f"{name.replace('_', ' ')} {_last_threshold(park[limit], SIDE.get(name, '>='))}"
        out.append((layer, label, park[value].values, _state(park[flag].values)))
    for layer in LAYERS:
        flag = park[f"{layer}_pass"].values
        out.append(("layers", f"{LAYER_NAMES[layer]} layer", flag, _state(flag)))
    grade = park["grade"].values
    out.append(("layers", "grade (0-4)", grade, np.full(grade.shape, INFO)))
    gap = park["trap_gap_intensity"].values
    out.append(("trap", "trap gap tCO2/tce", gap, np.full(gap.shape, INFO)))
    return out


def _last_threshold(limit: xr.DataArray, side: str) -> str:
    """The threshold of the last year, e.g. "(>= 0.35)" ("" when none)."""
    v = float(limit.values[-1]) if limit.size else np.nan
    if not np.isfinite(v):
        return ""
    return f"({side} {v:,.0f})" if abs(v) >= 1000 else f"({side} {v:.3g})"


def _state(flag: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(flag), 0, np.where(flag >= 0.5, 2, 1))


def _park_panel(ax: plt.Axes, park: xr.Dataset, name: str) -> None:
    """One park: the rows of :func:`panel_rows`, layer groups separated by lines."""
    rows = panel_rows(park)
    years = park["year"].values
    states = np.array([r[3] for r in rows])
    ax.imshow(states, cmap=ListedColormap(STATES), vmin=0, vmax=3, aspect="auto")
    for r, (layer, label, values, state) in enumerate(rows):
        for c in range(years.size):
            ax.text(c, r, _text(values[c], state[c], label), ha="center", va="center", fontsize=6.5)
        if r and rows[r - 1][0] != layer:
            ax.axhline(r - 0.5, color="black", linewidth=1.2)
    ax.set_yticks(range(len(rows)), [f"{_group(r, rows)}{row[1]}" for r, row in enumerate(rows)])
    ax.tick_params(axis="y", labelsize=7)
    ax.set_xticks(range(years.size), [str(y) for y in years], fontsize=7)
    ax.set_xticks(np.arange(-0.5, years.size), minor=True)
    ax.grid(which="minor", axis="x", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    ax.set_title(f"{name}: grade {int(np.nanmax(park['grade'].values))} at best", fontsize=9)


def _group(r: int, rows: list) -> str:
    """The layer name before the first row of each group (empty for the others)."""
    layer = rows[r][0]
    first = r == 0 or rows[r - 1][0] != layer
    return f"[{LAYER_NAMES.get(layer, layer)}] " if first else ""


def _text(v: float, state: int, label: str) -> str:
    """A cell's value: n.r. for an input series not reported, blank for a layer row."""
    if not np.isfinite(v):
        return "n.r." if state == 1 else ""
    if label.endswith("layer"):
        return ""
    if label.startswith("grade"):
        return f"{v:.0f}"
    return f"{v:.0f}" if abs(v) >= 1000 else f"{v:.2g}" if abs(v) < 10 else f"{v:.1f}"
