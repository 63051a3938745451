"""The scorecard as tables for a park policy analyst: the layered evaluation (each table-5
indicator by park and year with its threshold and pass, the layer passes, the grade, the
national core indicator and the digital decarbonisation trap) and the pass years, as
pandas tables (CSV) and Markdown text (written by :mod:`sim.reports`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from sim.analysis.evaluation_layers import LAYERS, VARIABLES_OF
from sim.analysis.pass_years import pass_year_table
from sim.analysis.thresholds import THRESHOLD_INDICATORS

NATIONAL = {"national core (910)": ("core_intensity", "core_limit", "core_pass")}
TRAP = ("claimed_intensity", "recognised_intensity", "trap_gap_intensity")
MARK = {1.0: "pass", 0.0: "MISS"}
# how each threshold is read: at or above (>=) or at or below (<=)
SIDE = {n: ">=" if side == "min" else "<=" for n, side in THRESHOLD_INDICATORS.items()} | {
    name: "<="
    for name in ("national core (910)", "core_phased", "value_added_intensity", "offset_dependence")
}


def layer_rows() -> list[tuple[str, str, tuple[str, str, str]]]:
    """(layer, indicator, (value, threshold, pass variables)) in the order of table 5,
    after the national core indicator."""
    rows = [("national", k, v) for k, v in NATIONAL.items()]
    for layer, names in LAYERS.items():
        rows += [(layer, n, VARIABLES_OF[n]) for n in names]
    return rows


def evaluation_table(sc: xr.Dataset) -> pd.DataFrame:
    """Long table: one row per park, layer, indicator and year with value, threshold and
    pass (ensemble medians with draws; pass: the share of draws passing)."""
    sc = _central(sc)
    records = []
    for layer, name, (value, limit, flag) in layer_rows():
        frame = xr.Dataset(
            {"value": sc[value], "threshold": sc[limit], "pass": sc[flag]}
        ).to_dataframe()
        frame = frame[["value", "threshold", "pass"]].reset_index()
        records.append(frame.assign(layer=layer, indicator=name))
    table = pd.concat(records, ignore_index=True)
    return table[["park", "layer", "indicator", "year", "value", "threshold", "pass"]]


def evaluation_markdown(sc: xr.Dataset) -> str:
    """Per park: a row per indicator (value and pass by year, the threshold path), the
    layer passes, the grade and the trap (claimed, recognised intensity and the gap)."""
    scenario = sc.attrs.get("scenario") or "run"
    sc = _central(sc)
    years = [int(y) for y in sc["year"].values]
    head = "| layer | indicator | threshold | " + " | ".join(map(str, years)) + " |"
    rule = "|---|---|---|" + "---:|" * len(years)
    out = [f"# Park evaluation (source paper table 5), scenario {scenario}", ""]
    out.append("Cells: value and pass / MISS (blank: not assessed). Grade 0-4: layers passed")
    out.append("in order on top of the national core indicator (docs/model.md).")
    for park in sc["park"].values:
        p = sc.sel(park=park)
        out += ["", f"## {park}", "", head, rule]
        for layer, name, (value, limit, flag) in layer_rows():
            cells = [_cell(p[value].sel(year=y), p[flag].sel(year=y)) for y in years]
            threshold = _path(p[limit], SIDE.get(name, ">="))
            out.append(f"| {layer} | {name} | {threshold} | " + " | ".join(cells) + " |")
        for layer in LAYERS:
            cells = [MARK.get(float(p[f"{layer}_pass"].sel(year=y)), "") for y in years]
            out.append(f"| {layer} | layer passed | | " + " | ".join(cells) + " |")
        out.append("| all | grade (0-4) | | " + " | ".join(_num(p["grade"], years, 0)) + " |")
        for name in TRAP:
            out.append(f"| trap | {name} (tCO2/tce) | | " + " | ".join(_num(p[name], years)) + " |")
    return "\n".join(out) + "\n"


def pass_year_markdown(sc: xr.Dataset) -> str:
    """The pass-year table (:func:`sim.analysis.pass_years.pass_year_table`) as Markdown."""
    table = pass_year_table(sc)
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in table.itertuples(index=False):
        cells = ["" if isinstance(v, float) and np.isnan(v) else _fmt(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    title = f"# Pass years, scenario {sc.attrs.get('scenario') or 'run'}"
    note = (
        "first_pass_year: the first year the indicator passes; passes_from_year: the year "
        "from which it passes every year to the horizon; share_passing_by_target: the share "
        "of draws passing from the park's target year on."
    )
    return "\n".join([title, "", note, "", *lines]) + "\n"


def _central(sc: xr.Dataset) -> xr.Dataset:
    """The ensemble median of a scorecard with draws, pass flags as the share of draws
    passing."""
    if "draw" not in sc.dims:
        return sc
    flags = [str(v) for v in sc.data_vars if str(v).endswith("_pass")]
    central = sc.median("draw")
    central.update(sc[flags].mean("draw"))
    return central.assign_attrs(sc.attrs)


def _cell(value: xr.DataArray, flag: xr.DataArray) -> str:
    """A value with its mark: pass, MISS, the share of draws passing, or none."""
    v, f = float(value), float(flag)
    # an undefined value that misses is an input series the park does not report
    text = f"{v:.3g}" if np.isfinite(v) else ("not reported" if f == 0 else "n/a")
    if f in MARK:
        return f"{text} {MARK[f]}"
    return f"{text} pass {f:.0%}" if np.isfinite(f) else text


def _path(limit: xr.DataArray, side: str) -> str:
    """A threshold path in brief: its side and each new value with the year it starts
    (the first and last of a path that changes every year)."""
    changes: list[tuple[int, float]] = []
    for year, v in zip(limit["year"].values, np.atleast_1d(limit.values), strict=True):
        if np.isfinite(v) and (not changes or changes[-1][1] != v):
            changes.append((int(year), float(v)))
    if not changes:
        return "none"
    cut = len(changes) > 3
    text = [f"{v:.3g} ({y})" for y, v in ([changes[0], changes[-1]] if cut else changes)]
    return f"{side} " + (" ... " if cut else ", ").join(text)


def _num(da: xr.DataArray, years: list[int], digits: int = 2) -> list[str]:
    return [
        f"{float(da.sel(year=y)):.{digits}f}" if np.isfinite(float(da.sel(year=y))) else "n/a"
        for y in years
    ]


def _fmt(v: object) -> str:
    return f"{v:.2f}" if isinstance(v, float) else str(v)
