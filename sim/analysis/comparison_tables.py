"""The questions a comparison of runs answers directly (``cbam-compare``), each as a table:
the difference of every run to the first (the baseline) per year and cumulative, the
first year each park passes each indicator in each run, and the cash paid for
certificates per quarter (what exporters must hold). Pure functions on datasets (pandas
tables and Markdown out); the ensemble statistic is the median over draws."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from sim.analysis.draws import median_over_draws
from sim.analysis.pass_years import pass_year_table
from sim.analysis.scorecard import scorecard
from sim.io.provenance import stored_config

MEUR = 1e6
# the pass flags shown per park: the national rule, and the first layer of table 5
PASS_INDICATORS = {
    "core": "core indicator",
    "dual_control": "dual control",
    "core_compliance": "core compliance layer",
}


def yearly_cost(ds: xr.Dataset) -> pd.Series:
    """The CBAM cost of every unit per year, million EUR (ensemble median)."""
    cost = median_over_draws(ds["cbam_cost"].sum("entity")) / MEUR
    return pd.Series(cost.values, index=[int(y) for y in ds["year"].values])


def difference_table(runs: Mapping[str, xr.Dataset]) -> pd.DataFrame:
    """Rows: the years and the whole run; columns: the first run's cost and, for each other
    run, its cost, its difference to the first and the cumulative difference (million
    EUR)."""
    labels = list(runs)
    base = yearly_cost(runs[labels[0]])
    out = {labels[0] if labels[0] == "baseline" else f"{labels[0]} (baseline)": base}
    for label in labels[1:]:
        cost = yearly_cost(runs[label]).reindex(base.index)
        out[label] = cost
        out[f"{label} - baseline"] = cost - base
        out[f"{label} - baseline, cumulative"] = (cost - base).cumsum()
    table = pd.DataFrame(out)
    first, last = base.index[0], base.index[-1]
    total = table.iloc[:, :].sum()
    for label in labels[1:]:  # the cumulative column's total is its last year
        total[f"{label} - baseline, cumulative"] = table[f"{label} - baseline, cumulative"].iloc[-1]
    table.loc[f"{first}-{last}"] = total
    table.index.name = "year"
    return table


def park_names(ds: xr.Dataset) -> dict[str, str]:
    """Park id -> its name in the run's stored config (the id where it has none)."""
    parks = stored_config(ds).get("population", {}).get("parks") or {}
    return {str(p): (v or {}).get("name") or str(p) for p, v in parks.items()}


def first_pass_table(runs: Mapping[str, xr.Dataset]) -> pd.DataFrame:
    """Rows: park and indicator; columns: the first year each run passes it ("not by the
    horizon"), with the park's target year in that run where it sets one."""
    tables = {}
    for label, ds in runs.items():
        t = pass_year_table(scorecard(ds))
        tables[label] = t[t["indicator"].isin(list(PASS_INDICATORS))]
    first = next(iter(tables.values()))
    names = park_names(next(iter(runs.values())))
    out = pd.DataFrame(
        {
            "park": [names.get(p, p) for p in first["park"]],
            "indicator": [PASS_INDICATORS[i] for i in first["indicator"]],
        }
    )
    for label, t in tables.items():
        cells = {
            (p, i): year if target == "none" else f"{year} (target {target})"
            for p, i, year, target in zip(
                t["park"], t["indicator"], t["first_pass_year"], t["target_year"], strict=True
            )
        }
        out[label] = [
            cells.get(k, "n/a") for k in zip(first["park"], first["indicator"], strict=True)
        ]
    return out.set_index("park")


def quarterly_cash_table(runs: Mapping[str, xr.Dataset]) -> pd.DataFrame:
    """Rows: the quarters; columns: the cash each run pays for certificates in the quarter
    (million EUR) and the certificates it buys (millions)."""
    out = {}
    for label, ds in runs.items():
        cash = median_over_draws(ds["certificate_purchase_cost"].sum("entity")) / MEUR
        bought = median_over_draws(ds["certificate_purchases"].sum("entity")) / MEUR
        quarters = [str(q) for q in ds["quarter"].values]
        out[f"{label}: cash (M EUR)"] = pd.Series(cash.values, index=quarters)
        out[f"{label}: certificates (M)"] = pd.Series(bought.values, index=quarters)
    table = pd.DataFrame(out)
    table.index.name = "quarter"
    return table


def markdown(table: pd.DataFrame, title: str, digits: int = 1) -> str:
    """``table`` as Markdown under a ``title`` line, numbers with ``digits`` decimals."""
    cols = [str(table.index.name or ""), *(str(c) for c in table.columns)]
    lines = [title, "", "| " + " | ".join(cols) + " |", "|---|" + "---:|" * len(table.columns)]
    for index, row in table.iterrows():
        cells = [_cell(v, digits) for v in row.values]
        lines.append(f"| {index} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(value: object, digits: int) -> str:
    if isinstance(value, (int, float, np.floating)):
        return f"{value:,.{digits}f}" if np.isfinite(value) else "n/a"
    return str(value)
