"""``cbam-report --html``: one self-contained HTML page of a run that can be mailed: the
printed summary, the figures (PNG embedded as data URIs), the park pass years and layered
evaluation, the decomposition and the TEDI split of the change from the first to the last
year, the quarterly cash for certificates, and the provenance. Composes
:mod:`sim.analysis` and :mod:`sim.plots` (as :mod:`sim.reports`); the page is written by
:func:`sim.io.files.write_text`."""

from __future__ import annotations

import base64
import functools
import html
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import xarray as xr

from sim.analysis import comparison_tables as ct
from sim.analysis import decomposition as dc
from sim.analysis.pass_years import pass_year_table
from sim.analysis.scorecard import scorecard
from sim.analysis.scorecard_tables import evaluation_table
from sim.analysis.summary import format_summary
from sim.analysis.tedi import tedi, tedi_table
from sim.io.files import write_text
from sim.plots.pathways import cost_pathways, fan_chart, uptake
from sim.plots.scorecard import scorecard_heatmap
from sim.plots.style import plt
from sim.plots.waterfall import waterfall
from sim.reports import attempt

STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:1100px;margin:auto;"
    "padding:0 16px;color:#222}table{border-collapse:collapse;font-size:90%}"
    "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}"
    "td:first-child,th:first-child{text-align:left}img{max-width:100%}pre{font-size:85%}"
)


def figure_html(fig: plt.Figure, alt: str) -> str:
    """A figure as an ``<img>`` with the PNG inline (the figure is closed)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def table_html(table: pd.DataFrame) -> str:
    """A table as HTML (numbers with one decimal)."""
    return table.to_html(float_format=lambda v: f"{v:,.1f}", na_rep="n/a", border=0)


def pre(text: str) -> str:
    """Preformatted text (the Markdown tables and the printed summary), escaped."""
    return f"<pre>{html.escape(text)}</pre>"


def sections(ds: xr.Dataset) -> dict[str, Callable[[], str]]:
    """The page's sections by title, each made when the page is written."""
    first, last = int(ds["year"].values[0]), int(ds["year"].values[-1])
    sc = functools.cache(lambda: scorecard(ds))
    parts: dict[str, Callable[[], str]] = {
        "Summary": lambda: pre(format_summary(ds)),
        "Cost pathways": lambda: figure_html(cost_pathways(ds), "cost pathways"),
        "Abatement and green power taken up": lambda: figure_html(uptake(ds), "uptake"),
    }
    if "draw" in ds.dims:
        parts["Ensemble fan chart"] = lambda: figure_html(fan_chart(ds), "fan chart")
    parts |= {
        "Park scorecard": lambda: figure_html(scorecard_heatmap(sc()), "scorecard"),
        "When each park passes": lambda: table_html(pass_year_table(sc())),
        "Layered evaluation (source paper table 5)": lambda: table_html(evaluation_table(sc())),
        "Cash for certificates per quarter": lambda: table_html(
            ct.quarterly_cash_table({ds.attrs.get("scenario") or "run": ds})
        ),
    }
    if first != last:
        change = lambda: dc.between_years(ds, first, last)  # noqa: E731
        parts[f"Why the cost changes, {first} -> {last}"] = lambda: _decomposition(change())
        parts[f"TEDI split, {first} -> {last}"] = lambda: pre(
            tedi_table(
                tedi(ds.sel(year=first), ds.sel(year=last)).assign_attrs(
                    comparison=f"{first} -> {last}"
                )
            )
        )
    return parts


def _decomposition(result: xr.Dataset) -> str:
    total = dc.by_group(result, "all").assign_attrs(result.attrs)
    return pre(dc.decomposition_table(result)) + figure_html(waterfall(total), "waterfall")


def page(ds: xr.Dataset, skipped: list[str]) -> str:
    """The whole page; a section the file lacks the variables for is named in ``skipped``."""
    body = []
    for title, make in sections(ds).items():
        made = attempt(title, lambda m=make: [m()], skipped)
        if made:
            body.append(f"<h2>{html.escape(title)}</h2>\n{made[0]}")
    if skipped:
        body.append("<h2>Left out</h2>" + pre("\n".join(skipped)))
    body.append("<h2>Provenance</h2>" + _provenance(ds))
    name = html.escape(str(ds.attrs.get("scenario") or "run"))
    head = f'<meta charset="utf-8"><title>cbam-sim report: {name}</title><style>{STYLE}</style>'
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head><body>\n'
        f"<h1>CBAM cost pathways: scenario {name}</h1>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _provenance(ds: xr.Dataset) -> str:
    keys = ("scenario", "policy", "prices", "population", "overrides", "created",
            "cbam_sim_version", "git_commit", "seed", "config_sha256")  # fmt: skip
    rows = "".join(
        f"<tr><td>{k}</td><td>{html.escape(str(ds.attrs[k]))}</td></tr>"
        for k in keys
        if k in ds.attrs
    )
    note = "The resolved config and the source of every parameter are in the results file."
    return f"<table>{rows}</table><p>{note}</p>"


def write_html(ds: xr.Dataset, out_dir: Path, skipped: list[str]) -> Path:
    """``report.html`` in ``out_dir``."""
    return write_text(page(ds, skipped), Path(out_dir) / "report.html")
