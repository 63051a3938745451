"""Report files of a run or a comparison of runs: the analysis and its figures, written
next to the results (``cbam-report``, ``cbam-compare``). Composes :mod:`sim.analysis`,
:mod:`sim.plots` and the writers of :mod:`sim.io.files`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import xarray as xr

from sim.analysis import comparison_tables as ct
from sim.analysis import decomposition as dc
from sim.analysis.compare import comparison_table, to_markdown
from sim.analysis.pass_years import pass_year_table
from sim.analysis.scorecard import scorecard
from sim.analysis.scorecard_tables import evaluation_markdown, evaluation_table, pass_year_markdown
from sim.analysis.tedi import tedi, tedi_between_scenarios, tedi_table
from sim.errors import MissingVariablesError
from sim.io.files import save_figure, write_netcdf, write_table, write_text
from sim.plots.pathways import compare_costs, cost_pathways, fan_chart, uptake
from sim.plots.scorecard import scorecard_heatmap
from sim.plots.waterfall import waterfall


def write_report(ds: xr.Dataset, out_dir: Path, skipped: list[str] | None = None) -> list[Path]:
    """Figures, decomposition and scorecard of one run, into ``out_dir``. A part the file
    lacks the variables for (a file reduced by ``ensemble.variables``) is left out and
    named in ``skipped``."""
    out_dir = Path(out_dir)
    skipped = [] if skipped is None else skipped
    years = ds["year"].values
    first, last = int(years[0]), int(years[-1])
    parts: dict[str, Callable[[], list[Path]]] = {
        "cost_pathways": lambda: save_figure(cost_pathways(ds), out_dir / "cost_pathways"),
        "uptake": lambda: save_figure(uptake(ds), out_dir / "uptake"),
        "scorecard": lambda: _scorecard_files(ds, out_dir),
    }
    if "draw" in ds.dims:
        parts["fan_chart"] = lambda: save_figure(fan_chart(ds), out_dir / "fan_chart")
    if first != last:
        parts["decomposition"] = lambda: _decomposition_files(ds, first, last, out_dir)
        years = f"{first} -> {last}"
        by_tedi = lambda: tedi(ds.sel(year=first), ds.sel(year=last)).assign_attrs(comparison=years)  # noqa: E731
        parts["tedi"] = lambda: _tedi_files(by_tedi(), out_dir)
    written = []
    for name, make in parts.items():
        written += attempt(name, make, skipped)
    return written


def attempt(name: str, make: Callable[[], list[Path]], skipped: list[str]) -> list[Path]:
    """``make()``, or nothing when the dataset lacks a variable it needs (noted in
    ``skipped``)."""
    try:
        return make()
    except MissingVariablesError as err:
        skipped.append(f"{name} (the results have no {', '.join(err.missing)}: ensemble.variables)")
        return []
    except KeyError as err:
        found = re.search(r"No variable named '([^']+)'", str(err))
        lacking = found.group(1) if found else str(err).strip("'\"")
        skipped.append(f"{name} (the results have no {lacking}: ensemble.variables)")
        return []


def _decomposition_files(ds: xr.Dataset, first: int, last: int, out_dir: Path) -> list[Path]:
    result = dc.between_years(ds, first, last)
    total = dc.by_group(result, "all").assign_attrs(result.attrs)
    table = dc.decomposition_table(result)
    written = [write_netcdf(result, out_dir / "decomposition.nc")]
    written.append(write_text(table, out_dir / "decomposition.md"))
    return written + save_figure(waterfall(total), out_dir / "waterfall")


def _scorecard_files(ds: xr.Dataset, out_dir: Path) -> list[Path]:
    """The scorecard (netCDF, CSV), its layered evaluation and pass years (CSV, Markdown)
    and the heat map."""
    sc = scorecard(ds)
    tables = {
        "evaluation": evaluation_table(sc),
        "pass_years": pass_year_table(sc),
    }
    texts = {"evaluation": evaluation_markdown(sc), "pass_years": pass_year_markdown(sc)}
    figure = scorecard_heatmap(sc)
    written = [write_netcdf(sc, out_dir / "scorecard.nc")]
    written.append(write_table(sc.to_dataframe(), out_dir / "scorecard.csv"))
    for name, table in tables.items():
        written.append(write_table(table, out_dir / f"{name}.csv", index=False))
        written.append(write_text(texts[name], out_dir / f"{name}.md"))
    return written + save_figure(figure, out_dir / "scorecard")


def write_comparison(
    runs: Mapping[str, xr.Dataset], out_dir: Path, skipped: list[str] | None = None
) -> list[Path]:
    """Comparison table (Markdown and CSV), figures and the decomposition of the difference
    between the first two runs. Everything is computed before anything is written: a
    comparison that cannot be made (no common entity or year) raises ``ValueError`` and
    writes nothing; runs whose populations differ are decomposed over their common ones."""
    out_dir = Path(out_dir)
    skipped = [] if skipped is None else skipped
    table = comparison_table(runs)
    labels = list(runs)
    base, other, note = common_entities(runs[labels[0]], runs[labels[1]], labels[:2])
    comparison = f"{labels[0]} -> {labels[1]}{note}"
    written = [
        write_table(table, out_dir / "comparison.csv"),
        write_text(to_markdown(table), out_dir / "comparison.md"),
    ]
    written += save_figure(compare_costs(runs), out_dir / "compare_costs")
    for name, make_table in QUESTIONS.items():
        written += attempt(
            name, lambda n=name, m=make_table: _question_files(n, m(runs), out_dir), skipped
        )
    make = lambda: _difference_files(base, other, comparison, out_dir)  # noqa: E731
    written += attempt("decomposition", make, skipped)
    by_tedi = lambda: tedi_between_scenarios(base, other).assign_attrs(comparison=comparison)  # noqa: E731
    return written + attempt("tedi", lambda: _tedi_files(by_tedi(), out_dir), skipped)


# the tables of a comparison that answer a question directly: name -> (table, title)
QUESTIONS: dict[str, Callable[[Mapping[str, xr.Dataset]], tuple[pd.DataFrame, str]]] = {
    "differences": lambda runs: (
        ct.difference_table(runs),
        f"CBAM cost and difference to the baseline ({next(iter(runs))}), million EUR",
    ),
    "first_pass_years": lambda runs: (
        ct.first_pass_table(runs),
        "First year each park passes (national rule and the core compliance layer)",
    ),
    "quarterly_cash": lambda runs: (
        ct.quarterly_cash_table(runs),
        "Cash paid for CBAM certificates per quarter (what exporters must hold), million EUR;"
        " certificates bought, millions",
    ),
}


def _question_files(name: str, made: tuple[pd.DataFrame, str], out_dir: Path) -> list[Path]:
    table, title = made
    return [
        write_table(table, out_dir / f"{name}.csv"),
        write_text(ct.markdown(table, title), out_dir / f"{name}.md"),
    ]


def _tedi_files(result: xr.Dataset, out_dir: Path) -> list[Path]:
    """The change in cost by TEDI subsystem: netCDF and Markdown by park and by sector."""
    text = tedi_table(result, "park") + "\n" + tedi_table(result, "sector")
    return [
        write_netcdf(result, out_dir / "tedi.nc"),
        write_text(text, out_dir / "tedi.md"),
    ]


def _difference_files(
    base: xr.Dataset, other: xr.Dataset, comparison: str, out_dir: Path
) -> list[Path]:
    """The decomposition of the difference between two runs: netCDF, Markdown, waterfall."""
    result = dc.between_scenarios(base, other).assign_attrs(comparison=comparison)
    table = dc.decomposition_table(result)
    total = dc.by_group(result, "all").assign_attrs(result.attrs)
    written = [write_netcdf(result, out_dir / "decomposition.nc")]
    written.append(write_text(table, out_dir / "decomposition.md"))
    return written + save_figure(waterfall(total, "all sectors, cumulative"), out_dir / "waterfall")


def common_entities(
    base: xr.Dataset, other: xr.Dataset, labels: list[str]
) -> tuple[xr.Dataset, xr.Dataset, str]:
    """Two runs on the entities both hold (in the first run's order), and a note naming
    those only one holds ("" when the populations are the same)."""
    a, b = base["entity"].values.tolist(), other["entity"].values.tolist()
    both = [e for e in a if e in set(b)]
    if not both:
        raise ValueError(
            f"{labels[0]} and {labels[1]} have no entity in common: nothing to decompose"
        )
    if both == a == b:
        return base, other, ""
    only = []
    for label, ids in zip(labels, (a, b), strict=True):
        alone = [str(e) for e in ids if e not in both]
        if alone:
            only.append(f"only in {label}: {', '.join(alone)}")
    note = f" (over the {len(both)} entities both hold; {'; '.join(only)})" if only else ""
    return base.sel(entity=both), other.sel(entity=both), note
