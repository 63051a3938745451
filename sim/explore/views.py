"""What the explorer shows, from results datasets: the numbers of each view (CBAM cost by
sector and park, the park core indicator and first pass years, the quarterly cash for
certificates, the TEDI split of the difference to the baseline) and Plotly figures of
them as plain dicts (no figure validation: they are drawn in the browser)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from sim.analysis.draws import median_over_draws
from sim.analysis.tedi import READS, SUBSYSTEMS, tedi_between_scenarios
from sim.explore.labels import park_name, text

# Okabe-Ito: distinguishable in colour-blind vision (as sim/plots/style.py)
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BASELINE = "#999999"
# Tick labels are drawn whole inside the plot's margins: no check for labels running past
# the figure. Plotly's default on a linear axis ("hide past div") measures the box of every
# label once for each label drawn (quadratic in the ticks, a forced layout each time), on
# every redraw.
AXIS = {"ticklabeloverflow": "allow"}


def totals(ds: xr.Dataset, by: str, variable: str = "cbam_cost") -> dict[str, np.ndarray]:
    """``variable`` summed by ``by`` ("sector" or "park") per year (million EUR), plus
    ``all_sectors``."""
    da = median_over_draws(ds[variable])
    values = da.transpose("entity", ...).values / 1e6
    groups = ds[by].values.astype(str)
    out = {g: values[groups == g].sum(axis=0) for g in dict.fromkeys(groups)}
    out["all_sectors"] = values.sum(axis=0)
    return out


def cumulative(ds: xr.Dataset) -> float:
    """The CBAM cost of every unit over the run, million EUR."""
    return float(totals(ds, "sector")["all_sectors"].sum())


def names_of_parks(cfg: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Park id -> display name in ``lang``."""
    parks = (cfg.get("population") or {}).get("parks") or {}
    return {p: park_name(p, (v or {}).get("name", ""), lang) for p, v in parks.items()}


def pathways(
    ds: xr.Dataset, base: xr.Dataset, by: str, names: Mapping[str, str], lang: str
) -> dict[str, Any]:
    """Cost by ``by`` per year: the what-if solid, the baseline dashed in the same colour."""
    now, before = totals(ds, by), totals(base, by)
    years = ds["year"].values.tolist()
    traces = []
    for i, group in enumerate(g for g in now if g != "all_sectors"):
        label = names.get(group) or text(group, lang)
        colour = COLOURS[i % len(COLOURS)]
        traces.append(_line(years, now[group], label, colour, group))
        if group in before:
            traces.append(
                _line(
                    years,
                    before[group],
                    f"{label} ({text('baseline', lang)})",
                    colour,
                    group,
                    dash="dash",
                    show=False,
                )
            )
    title = text("cost_by_sector" if by == "sector" else "cost_by_park", lang)
    return figure(traces, title, text("year", lang), text("meur", lang))


def _line(
    x: Sequence,
    y: np.ndarray,
    name: str,
    colour: str,
    group: str,
    dash: str = "solid",
    show: bool = True,
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines",
        "x": list(x),
        "y": np.round(y, 3).tolist(),
        "name": name,
        "legendgroup": group,
        "showlegend": show,
        "line": {"color": colour, "dash": dash, "width": 2 if dash == "solid" else 1.5},
        "hovertemplate": "%{x}: %{y:,.1f}<extra>" + name + "</extra>",
    }


def figure(traces: list, title: str, x: str, y: str, **layout: Any) -> dict[str, Any]:
    """A Plotly figure (a plain dict) of ``traces`` in the explorer's style."""
    return {
        "data": traces,
        "layout": {
            "title": {"text": title, "font": {"size": 15}},
            "xaxis": {"title": {"text": x}, "dtick": 1, **AXIS},
            "yaxis": {"title": {"text": y}, "rangemode": "tozero", **AXIS},
            "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
            "legend": {"orientation": "h", "y": -0.2},
            "template": "plotly_white",
            **layout,
        },
    }


def treasury(ds: xr.Dataset, base: xr.Dataset, lang: str) -> dict[str, Any]:
    """Cash paid for certificates per quarter (million EUR), the what-if as bars, the
    baseline as a dashed line; certificates bought on the second axis."""
    quarters = [str(q) for q in ds["quarter"].values]
    cash = median_over_draws(ds["certificate_purchase_cost"]).sum("entity").values / 1e6
    cash0 = median_over_draws(base["certificate_purchase_cost"]).sum("entity").values / 1e6
    bought = median_over_draws(ds["certificate_purchases"]).sum("entity").values / 1e6
    traces = [
        {
            "type": "bar",
            "x": quarters,
            "y": np.round(cash, 3).tolist(),
            "name": text("cash", lang),
            "marker": {"color": COLOURS[0]},
        },
        _line(quarters, cash0, text("baseline", lang), BASELINE, "baseline", dash="dash"),
        {
            "type": "scatter",
            "mode": "lines",
            "x": quarters,
            "y": np.round(bought, 4).tolist(),
            "name": text("certificates", lang),
            "yaxis": "y2",
            "line": {"color": COLOURS[1]},
        },
    ]
    fig = figure(traces, text("cash", lang), text("quarter", lang), text("meur", lang))
    fig["layout"]["xaxis"] = {"title": {"text": text("quarter", lang)}, "tickangle": -60, **AXIS}
    fig["layout"]["margin"]["r"] = 80
    fig["layout"]["yaxis2"] = {
        "overlaying": "y",
        "side": "right",
        "rangemode": "tozero",
        "title": {"text": text("certificates", lang)},
        "showgrid": False,
        **AXIS,
    }
    return fig


def peak_quarter(ds: xr.Dataset) -> tuple[str, float]:
    """The quarter with the most cash paid for certificates, and the amount (million EUR)."""
    cash = median_over_draws(ds["certificate_purchase_cost"]).sum("entity")
    i = int(np.argmax(cash.values))
    return str(ds["quarter"].values[i]), float(cash.values[i]) / 1e6


def tedi_by_year(base: xr.Dataset, ds: xr.Dataset) -> dict[str, np.ndarray]:
    """The difference to the baseline per year by TEDI subsystem (million EUR): units in
    both runs split by :func:`sim.analysis.tedi.tedi`, units only one run has (a rule
    that makes new goods liable) counted outside the park. Two runs of the same units (most
    lever moves) are split as they are: no selection, nothing outside."""
    same = np.array_equal(base["entity"].values, ds["entity"].values)
    common = base["entity"].values if same else np.intersect1d(base["entity"], ds["entity"])
    split = tedi_between_scenarios(_of(base, common, same), _of(ds, common, same))
    c = median_over_draws(split["contribution"]).sum("entity")
    out = {k: c.sel(subsystem=k).values / 1e6 for k in SUBSYSTEMS}
    if not same:
        out["outside"] = out["outside"] + _only_in(ds, common) - _only_in(base, common)
    return out


def _of(ds: xr.Dataset, entities: np.ndarray, every: bool = False) -> xr.Dataset:
    """The variables of ``ds`` the split reads, of ``entities`` (``every``: all of them)."""
    read = ds[[v for v in READS if v in ds]]
    return read if every else read.sel(entity=entities)


def _only_in(ds: xr.Dataset, common: np.ndarray) -> np.ndarray:
    extra = ds["cbam_cost"].sel(entity=~np.isin(ds["entity"].values, common))
    return median_over_draws(extra).sum("entity").values / 1e6


def tedi_figure(parts: Mapping[str, np.ndarray], years: Sequence, lang: str) -> dict[str, Any]:
    """Stacked bars: each subsystem's part of the difference to the baseline per year."""
    traces = [
        {
            "type": "bar",
            "x": list(years),
            "y": np.round(v, 3).tolist(),
            "name": text(k, lang),
            "marker": {"color": COLOURS[i]},
        }
        for i, (k, v) in enumerate(parts.items())
    ]
    fig = figure(traces, text("tedi", lang), text("year", lang), text("meur", lang))
    fig["layout"]["barmode"] = "relative"
    fig["layout"]["yaxis"]["rangemode"] = "normal"
    return fig


def saved_figure(
    saved: Mapping[str, np.ndarray], base: np.ndarray, years: Sequence, lang: str
) -> dict[str, Any]:
    """Total CBAM cost per year of each saved scenario, the baseline dashed."""
    traces = [_line(years, base, text("baseline", lang), BASELINE, "baseline", dash="dash")]
    for i, (name, values) in enumerate(saved.items()):
        traces.append(_line(years, values, name, COLOURS[i % len(COLOURS)], name))
    return figure(traces, text("saved_timelines", lang), text("year", lang), text("meur", lang))
