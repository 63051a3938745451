"""The explorer's park views, from a what-if's scorecard: the core indicator of every park
per year coloured by met / missed / not assessed, the first pass years, and one park's
layered evaluation (source paper table 5), as Plotly figures (plain dicts) and rows."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from sim.analysis.draws import median_over_draws
from sim.analysis.pass_years import first_pass_year
from sim.analysis.scorecard import scorecard
from sim.explore.labels import text
from sim.explore.views import figure
from sim.plots.scorecard import panel_rows

PASS, MISS, NOT_ASSESSED = "#009E73", "#D55E00", "#DDDDDD"
# a cell's CSS class by its state (layout.TABLE_CSS colours them as the heat maps)
STATE_CLASSES = ("na", "miss", "pass", "info")


@dataclass(frozen=True)
class Grid:
    """A heat map's content: row labels, column years, each cell's state and text."""

    years: list[int]
    rows: list[str]
    state: list[list[float]]
    cells: list[list[str]]


def state_table(grid: Grid, corner: str, lang: str) -> str:
    """``grid`` as an HTML table (a cell's class names its state, the text printed in it:
    copyable, and cheaper for the browser than a heat map with a value in every cell),
    the legend of the states below."""
    esc = html.escape
    head = "".join(f"<th>{y}</th>" for y in grid.years)
    body = "".join(
        f"<tr><th>{esc(row)}</th>"
        + "".join(
            f'<td class="{STATE_CLASSES[int(st)]}">{esc(c)}</td>'
            for st, c in zip(states, cells, strict=True)
        )
        + "</tr>"
        for row, states, cells in zip(grid.rows, grid.state, grid.cells, strict=True)
    )
    legend = " ".join(
        f'<span class="{STATE_CLASSES[i]}">&nbsp;&nbsp;&nbsp;</span> {esc(text(k, lang))}'
        for i, k in ((2, "pass"), (1, "miss"), (0, "not_assessed"))
    )
    return (
        f"<table><thead><tr><th>{esc(corner)}</th>{head}</tr></thead><tbody>{body}</tbody>"
        f'</table><p class="legend">{legend} (value / limit)</p>'
    )


def park_scores(res_ds: xr.Dataset, cfg: Mapping[str, Any]) -> xr.Dataset:
    """The scorecard of a what-if (settings and park targets from its config)."""
    parks = cfg["population"].get("parks") or {}
    return scorecard(res_ds, cfg["scorecard"], parks, cfg["technology"]["options"])


# the heat map's three states: not assessed (0), missed (1), met (2)
STATE_COLOURS = [[0, NOT_ASSESSED], [0.33, NOT_ASSESSED], [0.34, MISS], [0.66, MISS],
                 [0.67, PASS], [1, PASS]]  # fmt: skip


def core_grid(sc: xr.Dataset, names: Mapping[str, str]) -> Grid:
    """Parks x years of the core indicator: each cell's state (0 not assessed, 1 missed,
    2 met against its limit) and its text (value / limit)."""
    value, flag, limit = (
        median_over_draws(sc[v]) for v in ("core_intensity", "core_pass", "core_limit")
    )
    state = np.where(np.isnan(flag.values), 0.0, np.where(flag.values == 1, 2.0, 1.0))
    cells = [
        [_cell(v, lim) for v, lim in zip(row, lims, strict=True)]
        for row, lims in zip(value.values, limit.values, strict=True)
    ]
    rows = [names.get(str(p), str(p)) for p in sc["park"].values]
    return Grid(sc["year"].values.tolist(), rows, state.tolist(), cells)


def core_table(sc: xr.Dataset, names: Mapping[str, str], lang: str) -> str:
    """The core indicator of every park as an HTML table coloured by met / missed / not
    assessed, the value and limit printed in each cell."""
    return state_table(core_grid(sc, names), text("park", lang), lang)


def core_heatmap(sc: xr.Dataset, names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The same as a Plotly heat map (the figure downloaded as PNG or SVG)."""
    grid = core_grid(sc, names)
    fig = figure([_heatmap(grid, 2, STATE_COLOURS, 2)], text("core_indicator", lang), "", "")
    fig["layout"]["yaxis"] = {"autorange": "reversed", "automargin": True}
    fig["layout"]["annotations"] = [_state_legend(lang)]
    fig["layout"]["margin"]["b"] = 90
    return fig


def _heatmap(grid: Grid, zmax: int, colours: list, gap: int) -> dict[str, Any]:
    return {
        "type": "heatmap", "z": grid.state, "x": grid.years, "y": grid.rows, "text": grid.cells,
        "texttemplate": "%{text}", "zmin": 0, "zmax": zmax, "showscale": False, "xgap": gap,
        "ygap": gap, "colorscale": colours, "hovertemplate": "%{y} %{x}: %{text}<extra></extra>",
    }  # fmt: skip


def _state_legend(lang: str) -> dict[str, Any]:
    legend = "   ".join(
        f"<span style='color:{c}'>■</span> {text(k, lang)}"
        for c, k in ((PASS, "pass"), (MISS, "miss"), (NOT_ASSESSED, "not_assessed"))
    )
    return {"text": legend + "   (value / limit)", "showarrow": False, "xref": "paper",
            "yref": "paper", "x": 0, "y": -0.1, "yanchor": "top", "font": {"size": 12}}  # fmt: skip


def layer_grid(park: xr.Dataset) -> Grid:
    """One park's layered evaluation (source paper table 5): a row per indicator with its
    threshold (its layer named on the layer's first row), a column per year, each cell's
    state (0 not assessed, 1 missed, 2 met, 3 for information) and value (``n.r.``: not
    reported)."""
    if "draw" in park.dims:
        park = park.median("draw")
    rows = panel_rows(park)
    z = [[{0: 0.0, 1: 1.0, 2: 2.0}.get(int(x), 3.0) for x in state] for *_, state in rows]
    cells = [[_value(v, int(st)) for v, st in zip(values, state, strict=True)]
             for _, _, values, state in rows]  # fmt: skip
    labels = [
        f"[{layer}] {label}" if i == 0 or rows[i - 1][0] != layer else label
        for i, (layer, label, _, _) in enumerate(rows)
    ]
    return Grid(park["year"].values.tolist(), labels, z, cells)


def layer_table(park: xr.Dataset, lang: str) -> str:
    """One park's layered evaluation as an HTML table coloured by its states."""
    return state_table(layer_grid(park), "", lang)


def layer_heatmap(park: xr.Dataset, name: str, lang: str) -> dict[str, Any]:
    """The same as a Plotly heat map (the figure downloaded as PNG or SVG)."""
    grid = layer_grid(park)
    fig = figure([_heatmap(grid, 3, LAYER_COLOURS, 1)], f"{name}: {text('layered', lang)}", "", "")
    fig["layout"]["yaxis"] = {"autorange": "reversed", "automargin": True, "tickfont": {"size": 10}}
    fig["layout"]["height"] = 24 * len(grid.rows) + 140
    fig["layout"]["annotations"] = [_state_legend(lang)]
    fig["layout"]["margin"]["b"] = 90
    return fig


LAYER_COLOURS = [[0, NOT_ASSESSED], [0.24, NOT_ASSESSED], [0.25, MISS], [0.49, MISS],
                 [0.5, PASS], [0.74, PASS], [0.75, "#FFFFFF"], [1, "#FFFFFF"]]  # fmt: skip


def _value(v: float, state: int) -> str:
    if not np.isfinite(v):
        return "n.r." if state == 1 else ""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


def _cell(value: float, limit: float) -> str:
    if not np.isfinite(value):
        return "-"
    return f"{value:.2f} / {limit:.2f}" if np.isfinite(limit) else f"{value:.2f}"


def first_pass_rows(sc: xr.Dataset, names: Mapping[str, str], lang: str) -> list[list[str]]:
    """Per park: its name, the first pass year of the core indicator, of dual control and
    of grade 1 (the national rule and the first layer), and its target year."""
    py = [  # the pass years of these two flags alone (of all 21: pass_years)
        median_over_draws(first_pass_year(sc[flag])).transpose("park").values
        for flag in ("core_pass", "dual_control_pass")
    ]
    py = np.stack(py, axis=1)
    grade1 = (median_over_draws(sc["grade"]) >= 1).transpose("park", "year").values
    target = median_over_draws(sc["target_year"]).values
    years = sc["year"].values
    rows = []
    for i, p in enumerate(str(x) for x in sc["park"].values):
        g = years[grade1[i].argmax()] if grade1[i].any() else np.nan
        rows.append(
            [names.get(p, p), *(_year(y, lang) for y in (*py[i], g)), _year(target[i], lang, "-")]
        )
    return rows


def _year(y: float, lang: str, missing: str | None = None) -> str:
    return str(int(y)) if np.isfinite(y) else (missing or text("not_by_horizon", lang))
