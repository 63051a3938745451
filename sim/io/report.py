"""Write the analysis of a run (or a comparison of runs) next to the results.

Every file is written to a temporary name and moved into place, so an interrupted report
leaves either the previous file or the new one. Report files are derived from results and
are replaced when the report is made again; results files never are.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import xarray as xr

from sim.analysis import decomposition as dc
from sim.analysis.compare import comparison_table, to_markdown
from sim.analysis.scorecard import scorecard
from sim.io.results import ENGINE
from sim.plots.pathways import compare_costs, cost_pathways, fan_chart, uptake
from sim.plots.scorecard import scorecard_heatmap
from sim.plots.style import plt
from sim.plots.waterfall import waterfall


def replace_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` through ``write(temporary path)``, then move it into place (an
    existing file is replaced whole or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_figure(fig: plt.Figure, stem: Path, dpi: int = 200) -> list[Path]:
    """``stem``.png (``dpi``) and ``stem``.svg; the figure is closed."""
    out = []
    for ext in ("png", "svg"):
        out.append(
            replace_atomic(
                stem.with_suffix(f".{ext}"), lambda p, e=ext: fig.savefig(p, dpi=dpi, format=e)
            )
        )
    plt.close(fig)
    return out


def write_table(table: pd.DataFrame, path: Path, index: bool = True) -> Path:
    """``table`` as a CSV file (with its index as the first column unless ``index=False``)."""
    return replace_atomic(path, lambda p: table.to_csv(p, index=index))


def _netcdf(ds: xr.Dataset, path: Path) -> Path:
    return replace_atomic(path, lambda p: ds.to_netcdf(p, engine=ENGINE))


def _text(text: str, path: Path) -> Path:
    return replace_atomic(path, lambda p: p.write_text(text))


def decomposition_table(result: xr.Dataset) -> str:
    """Markdown: contribution of each path by sector and in total, million EUR."""
    groups = {"all sectors": dc.by_group(result, "all")}
    by_sector = dc.by_group(result, "sector")
    for s in by_sector["sector"].values:
        groups[str(s)] = by_sector.sel(sector=s)
    lines = [
        f"CBAM cost change {result.attrs.get('comparison', '')}, million EUR "
        "(additive LMDI; the parts sum to the change)",
        "",
        "| path | " + " | ".join(groups) + " |",
        "|---|" + "---:|" * len(groups),
    ]

    def cell(g: xr.Dataset, name: str, factor: str | None = None) -> str:
        da = g[name] if factor is None else g[name].sel(factor=factor)
        for dim in ("draw",):
            if dim in da.dims:
                da = da.median(dim)
        return f"{float(da.sum()) / 1e6:,.1f}"

    lines.append(
        "| cost before | " + " | ".join(cell(g, "cost_before") for g in groups.values()) + " |"
    )
    for f in dc.FACTORS:
        lines.append(
            f"| {dc.FACTOR_LABELS[f]} | "
            + " | ".join(cell(g, "contribution", f) for g in groups.values())
            + " |"
        )
    lines.append(
        "| cost after | " + " | ".join(cell(g, "cost_after") for g in groups.values()) + " |"
    )
    return "\n".join(lines) + "\n"


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
        written.append(_netcdf(result, out_dir / "decomposition.nc"))
        written.append(_text(decomposition_table(result), out_dir / "decomposition.md"))
        written += save_figure(
            waterfall(dc.by_group(result, "all").assign_attrs(result.attrs)),
            out_dir / "waterfall",
        )
    sc = scorecard(ds)
    written.append(_netcdf(sc, out_dir / "scorecard.nc"))
    written.append(write_table(sc.to_dataframe(), out_dir / "scorecard.csv"))
    written += save_figure(scorecard_heatmap(sc), out_dir / "scorecard")
    return written


def write_comparison(runs: Mapping[str, xr.Dataset], out_dir: Path) -> list[Path]:
    """Comparison table (Markdown and CSV) and figures of two or more runs."""
    out_dir = Path(out_dir)
    table = comparison_table(runs)
    written = [
        write_table(table, out_dir / "comparison.csv"),
        _text(to_markdown(table), out_dir / "comparison.md"),
    ]
    written += save_figure(compare_costs(runs), out_dir / "compare_costs")
    labels = list(runs)
    try:
        result = dc.between_scenarios(runs[labels[0]], runs[labels[1]])
    except ValueError as err:  # e.g. different populations: nothing to decompose
        written.append(_text(f"No decomposition: {err}\n", out_dir / "decomposition.md"))
        return written
    result = result.assign_attrs(comparison=f"{labels[0]} -> {labels[1]}")
    written.append(_netcdf(result, out_dir / "decomposition.nc"))
    written.append(_text(decomposition_table(result), out_dir / "decomposition.md"))
    total = dc.by_group(result, "all").assign_attrs(result.attrs)
    written += save_figure(waterfall(total, "all sectors, cumulative"), out_dir / "waterfall")
    return written
