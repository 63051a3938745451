"""Tables comparing runs: cumulative and yearly cost, cost per tonne, abatement, indicators.

Pure functions on datasets (pandas tables out); writing is in ``sim.reports``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from sim.analysis.draws import median_over_draws
from sim.analysis.grid_summary import LEVER
from sim.analysis.scorecard import scorecard
from sim.io.provenance import JOB_PROVENANCE, PRESENT

STANDARD_DIMS = {
    "draw",
    "entity",
    "year",
    "production_route",
    "option",
    "power_kind",
    "quarter",
    "link",
    "park_id",
    "park_asset",
    "gas",
}


def split_sweep(ds: xr.Dataset, label: str = "") -> dict[str, xr.Dataset]:
    """A collected sweep (extra dimensions = swept config keys) as one dataset per job,
    labelled ``key=value, ...``, or a run of policies (``ensemble.levers``) as one per
    policy, labelled by it: each with its own provenance again (the config of the job),
    only the entities the job holds, and no job that has no results."""
    extra = [str(d) for d in ds.dims if d not in STANDARD_DIMS]
    typed = [d for d in json.loads(ds.attrs.get("swept_dims", "{}")) if d in extra]
    extra = typed + [d for d in extra if d not in typed]  # the order typed
    if not extra:
        return {label or ds.attrs.get("scenario") or "run": ds}
    runs = {}
    for values in itertools.product(*(ds[d].values for d in extra)):
        sel = dict(zip(extra, values, strict=True))
        one = ds.sel(sel)
        if PRESENT in one.data_vars:
            present = np.asarray(one[PRESENT].values, bool)
            if not present.any():  # a job without results (collected with --allow-missing)
                continue
            one = one.isel(entity=np.flatnonzero(present)).drop_vars(PRESENT)
        attrs = dict(ds.attrs)
        if JOB_PROVENANCE in one.coords and str(one[JOB_PROVENANCE].values):
            attrs |= json.loads(str(one[JOB_PROVENANCE].values))
        name = ", ".join(
            str(v) if k == LEVER else f"{ds[k].attrs.get('config_key', k)}={v}"
            for k, v in sel.items()
        )
        levers = [str(c) for c in ds.coords if ds[c].dims == (LEVER,)]
        one = one.drop_vars([*extra, *levers, JOB_PROVENANCE, "job"], errors="ignore")
        one.attrs = attrs | {"scenario": name}
        runs[name] = one
    return runs


def summary_row(ds: xr.Dataset) -> dict[str, float]:
    """Headline figures of one run (ensemble medians), money in million EUR."""
    years = [int(y) for y in ds["year"].values]
    if "export_volume" not in ds or "exempt_volume" not in ds:  # a reduced file
        return _cost_figures(ds, years, None)
    volume = median_over_draws(
        (ds["export_volume"] + ds["exempt_volume"]).sum("entity")
    )  # EU-bound
    row = _cost_figures(ds, years, volume)
    row.update(_intensity_figures(ds, years[0], years[-1], volume))
    try:
        sc = scorecard(ds)
    except Exception:  # older or reduced results without the indicators: skip them
        return row
    row.update(_park_figures(sc, years[-1]))
    return row


def _cost_figures(
    ds: xr.Dataset, years: list[int], volume: xr.DataArray | None
) -> dict[str, float]:
    """Cumulative and yearly CBAM cost, cost per EU-bound tonne in the first and last year
    (with the ``volume``), cumulative abatement capex."""
    first, last = years[0], years[-1]
    cost = median_over_draws(ds["cbam_cost"].sum("entity"))
    row: dict[str, float] = {
        f"CBAM cost {first}-{last} (M EUR)": float(cost.sum()) / 1e6,
    }
    for y in years:
        row[f"CBAM cost {y} (M EUR)"] = float(cost.sel(year=y)) / 1e6
    for y in (first, last) if volume is not None else ():
        row[f"cost per t {y} (EUR/t)"] = float(cost.sel(year=y) / volume.sel(year=y))
    if "abatement_capex" in ds:
        capex = median_over_draws(ds["abatement_capex"].sum("entity")).sum("year")
        row[f"abatement capex {first}-{last} (M EUR)"] = float(capex) / 1e6
    return row


def _intensity_figures(
    ds: xr.Dataset, first: int, last: int, volume: xr.DataArray
) -> dict[str, float]:
    """Embedded emissions per EU-bound tonne and production-weighted direct intensity, in
    the first and the last year (when the results hold them)."""
    row: dict[str, float] = {}
    if "embedded_emissions" in ds:
        embedded = median_over_draws(ds["embedded_emissions"].sum("entity"))
        for y in (first, last):
            row[f"embedded emissions per t {y} (tCO2e/t)"] = float(
                embedded.sel(year=y) / volume.sel(year=y)
            )
    if "direct_intensity" in ds and "production_capacity" in ds:
        production = ds["production_capacity"].sum("production_route")
        direct = median_over_draws(
            (ds["direct_intensity"] * production).sum("entity") / production.sum("entity")
        )
        row[f"direct tCO2e/t {first}"] = float(direct.sel(year=first))
        row[f"direct tCO2e/t {last}"] = float(direct.sel(year=last))
    return row


def _park_figures(sc: xr.Dataset, last: int) -> dict[str, float]:
    """Each park's core indicator, whether it is met, its direct renewable share, its
    evaluation grade (0-4) and its trap gap (CBAM-recognised minus claimed intensity) in
    the last year (ensemble medians)."""
    sc_last = sc.sel(year=last)
    if "draw" in sc_last.dims:
        sc_last = sc_last.median("draw")
    row: dict[str, float] = {}
    for park in sc_last["park"].values:
        p = sc_last.sel(park=park)
        row[f"{park} tCO2/tce {last}"] = float(p["core_intensity"])
        row[f"{park} core met {last}"] = float(p["core_pass"])
        row[f"{park} direct renewable share {last}"] = float(p["direct_renewable_share"])
        row[f"{park} grade (0-4) {last}"] = float(p["grade"])
        row[f"{park} trap gap tCO2/tce {last}"] = float(p["trap_gap_intensity"])
    return row


def comparison_table(runs: Mapping[str, xr.Dataset]) -> pd.DataFrame:
    """One row per run, one column per figure (``summary_row``)."""
    return pd.DataFrame({label: summary_row(ds) for label, ds in runs.items()}).T


def to_markdown(table: pd.DataFrame, digits: int = 2) -> str:
    """A Markdown table (runs as columns, figures as rows: easier to read side by side)."""
    t = table.T
    header = "| figure | " + " | ".join(str(c) for c in t.columns) + " |"
    rule = "|---|" + "---:|" * len(t.columns)
    lines = [header, rule]
    for name, row in t.iterrows():
        cells = ["n/a" if not np.isfinite(v) else f"{v:,.{digits}f}" for v in row.values]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def labels_for(paths: Sequence[str], datasets: Sequence[xr.Dataset]) -> list[str]:
    """Run labels: the scenario names, made unique with the file's folder when needed."""
    names = [ds.attrs.get("scenario") or "run" for ds in datasets]
    if len(set(names)) == len(names):
        return names
    return [f"{n} ({p})" for n, p in zip(names, paths, strict=True)]
