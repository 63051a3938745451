"""The explorer's park views, from a what-if's scorecard: the core indicator of every park
per year coloured by met / missed / not assessed, the first pass years, and one park's
layered evaluation (source paper table 5), as Plotly figures (plain dicts) and rows."""

from __future__ import annotations

from collections.abc import Mapping
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


def park_scores(res_ds: xr.Dataset, cfg: Mapping[str, Any]) -> xr.Dataset:
    """The scorecard of a what-if (settings and park targets from its config)."""
    parks = cfg["population"].get("parks") or {}
    return scorecard(res_ds, cfg["scorecard"], parks, cfg["technology"]["options"])


# the heat map's three states: not assessed (0), missed (1), met (2)
STATE_COLOURS = [[0, NOT_ASSESSED], [0.33, NOT_ASSESSED], [0.34, MISS], [0.66, MISS],
                 [0.67, PASS], [1, PASS]]  # fmt: skip


def core_heatmap(sc: xr.Dataset, names: Mapping[str, str], lang: str) -> dict[str, Any]:
    """Parks x years of the core indicator, each cell coloured by met / missed / not
    assessed against its limit, the value printed in it."""
    value, flag, limit = (
        median_over_draws(sc[v]) for v in ("core_intensity", "core_pass", "core_limit")
    )
    parks = [str(p) for p in sc["park"].values]
    state = np.where(np.isnan(flag.values), 0.0, np.where(flag.values == 1, 2.0, 1.0))
    cells = [
        [_cell(v, lim) for v, lim in zip(row, lims, strict=True)]
        for row, lims in zip(value.values, limit.values, strict=True)
    ]
    trace = {
        "type": "heatmap", "z": state.tolist(), "x": sc["year"].values.tolist(),
        "y": [names.get(p, p) for p in parks], "text": cells, "texttemplate": "%{text}",
        "zmin": 0, "zmax": 2, "showscale": False, "xgap": 2, "ygap": 2,
        "colorscale": STATE_COLOURS, "hovertemplate": "%{y} %{x}: %{text}<extra></extra>",
    }  # fmt: skip
    fig = figure([trace], text("core_indicator", lang), "", "")
    fig["layout"]["yaxis"] = {"autorange": "reversed", "automargin": True}
    fig["layout"]["annotations"] = [_state_legend(lang)]
    fig["layout"]["margin"]["b"] = 90
    return fig


def _state_legend(lang: str) -> dict[str, Any]:
    legend = "   ".join(
        f"<span style='color:{c}'>■</span> {text(k, lang)}"
        for c, k in ((PASS, "pass"), (MISS, "miss"), (NOT_ASSESSED, "not_assessed"))
    )
    return {"text": legend + "   (value / limit)", "showarrow": False, "xref": "paper",
            "yref": "paper", "x": 0, "y": -0.1, "yanchor": "top", "font": {"size": 12}}  # fmt: skip


def layer_heatmap(park: xr.Dataset, name: str, lang: str) -> dict[str, Any]:
    """One park's layered evaluation (source paper table 5): a row per indicator with its
    threshold, a column per year, coloured met / missed / not assessed (white: for
    information), the value printed (``n.r.``: not reported)."""
    if "draw" in park.dims:
        park = park.median("draw")
    rows = panel_rows(park)
    z = [[{0: 0.0, 1: 1.0, 2: 2.0}.get(int(x), 3.0) for x in state] for *_, state in rows]
    cells = [[_value(v, int(st)) for v, st in zip(values, state, strict=True)]
             for _, _, values, state in rows]  # fmt: skip
    trace = {
        "type": "heatmap", "z": z, "x": park["year"].values.tolist(), "text": cells,
        "y": [f"[{layer}] {label}" if i == 0 or rows[i - 1][0] != layer else label
              for i, (layer, label, _, _) in enumerate(rows)],
        "texttemplate": "%{text}", "zmin": 0, "zmax": 3, "showscale": False, "xgap": 1,
        "ygap": 1, "colorscale": LAYER_COLOURS,
        "hovertemplate": "%{y} %{x}: %{text}<extra></extra>",
    }  # fmt: skip
    fig = figure([trace], f"{name}: {text('layered', lang)}", "", "")
    fig["layout"]["yaxis"] = {"autorange": "reversed", "automargin": True, "tickfont": {"size": 10}}
    fig["layout"]["height"] = 24 * len(rows) + 140
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
