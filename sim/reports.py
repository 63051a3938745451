"""Report files of a run or a comparison of runs: the analysis and its figures, written
next to the results (``cbam-report``, ``cbam-compare``). Composes :mod:`sim.analysis`,
:mod:`sim.plots` and the writers of :mod:`sim.io.files`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import xarray as xr

from sim.analysis import decomposition as dc
from sim.analysis.compare import comparison_table, to_markdown
from sim.analysis.scorecard import scorecard
from sim.io.files import save_figure, write_netcdf, write_table, write_text
from sim.plots.pathways import compare_costs, cost_pathways, fan_chart, uptake
from sim.plots.scorecard import scorecard_heatmap
from sim.plots.waterfall import waterfall


def write_report(ds: xr.Dataset, out_dir: Path) -> list[Path]:
    """Figures, decomposition and scorecard of one run, into ``out_dir``."""
    out_dir = Path(out_dir)
    years = ds["year"].values
    first, last = int(years[0]), int(years[-1])
    written = []
    written += save_figure(cost_pathways(ds), out_dir / "cost_pathways")
    if "draw" in ds.dims:
        written += save_figure(fan_chart(ds), out_dir / "fan_chart")
    written += save_figure(uptake(ds), out_dir / "uptake")
    if first != last:
        result = dc.between_years(ds, first, last)
        written.append(write_netcdf(result, out_dir / "decomposition.nc"))
        written.append(write_text(dc.decomposition_table(result), out_dir / "decomposition.md"))
        written += save_figure(
            waterfall(dc.by_group(result, "all").assign_attrs(result.attrs)),
            out_dir / "waterfall",
        )
    sc = scorecard(ds)
    written.append(write_netcdf(sc, out_dir / "scorecard.nc"))
    written.append(write_table(sc.to_dataframe(), out_dir / "scorecard.csv"))
    written += save_figure(scorecard_heatmap(sc), out_dir / "scorecard")
    return written


def write_comparison(runs: Mapping[str, xr.Dataset], out_dir: Path) -> list[Path]:
    """Comparison table (Markdown and CSV), figures and the decomposition of the difference
    between the first two runs. Everything is computed before anything is written: a
    comparison that cannot be made (no common entity or year) raises ``ValueError`` and
    writes nothing; runs whose populations differ are decomposed over their common ones."""
    out_dir = Path(out_dir)
    table = comparison_table(runs)
    labels = list(runs)
    base, other, note = common_entities(runs[labels[0]], runs[labels[1]], labels[:2])
    result = dc.between_scenarios(base, other)
    result = result.assign_attrs(comparison=f"{labels[0]} -> {labels[1]}{note}")
    written = [
        write_table(table, out_dir / "comparison.csv"),
        write_text(to_markdown(table), out_dir / "comparison.md"),
    ]
    written += save_figure(compare_costs(runs), out_dir / "compare_costs")
    written.append(write_netcdf(result, out_dir / "decomposition.nc"))
    written.append(write_text(dc.decomposition_table(result), out_dir / "decomposition.md"))
    total = dc.by_group(result, "all").assign_attrs(result.attrs)
    written += save_figure(waterfall(total, "all sectors, cumulative"), out_dir / "waterfall")
    return written


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
