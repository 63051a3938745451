"""The printed summary of a collected sweep (``cbam-sim sweep.over=...``): the CBAM cost of
every combination per year and over the run, in million EUR, the first row the reference
for the difference column."""

from __future__ import annotations

import itertools
import json

import xarray as xr

from sim.analysis.draws import median_over_draws

LEVER = "lever"  # the policies' dimension of a run with levers (ensemble.levers)


def grid_costs(ds: xr.Dataset) -> tuple[list[str], list[int], list[list[float]]]:
    """Each combination's label (``prices=low policy.cscf=0.9``), the years and the CBAM
    cost of all entities per year, million EUR (the median over draws)."""
    dims = json.loads(ds.attrs.get("swept_dims", "{}"))
    if LEVER in ds.dims:  # a run of policies (ensemble.levers): labelled by the policy
        dims = {LEVER: LEVER, **dims}
    total = median_over_draws(ds["cbam_cost"].sum("entity")) / 1e6
    years = [int(y) for y in ds["year"].values]
    labels, rows = [], []
    for combo in itertools.product(*(ds[d].values.tolist() for d in dims)):
        at = dict(zip(dims, combo, strict=True))
        labels.append(" ".join(str(v) if d == LEVER else f"{dims[d]}={v}" for d, v in at.items()))
        rows.append([float(v) for v in total.sel(at).transpose("year").values])
    return labels, years, rows


def format_grid(ds: xr.Dataset, path: str | None = None) -> str:
    """A plain-text table a policy analyst can read at a glance: one row a combination."""
    labels, years, rows = grid_costs(ds)
    width = max(12, *(len(label) for label in labels))
    span = f"{years[0]}-{str(years[-1])[2:]}"
    head = f"{'':<{width}}" + "".join(f"{y:>9}" for y in years) + f"{span:>10}{'vs first':>10}"
    first = sum(rows[0])
    runs = f"{len(rows)} policies" if LEVER in ds.dims else f"{len(rows)} runs"
    lines = [f"CBAM cost of exports to the EU, million EUR ({runs})", head]
    for label, row in zip(labels, rows, strict=True):
        cells = "".join(f"{v:>9,.1f}" for v in row)
        lines.append(f"{label:<{width}}{cells}{sum(row):>10,.1f}{sum(row) - first:>+10,.1f}")
    if "draw" in ds.dims:
        same = ", the same draws under every policy" if LEVER in ds.dims else ""
        lines.append(f"Median over {ds.sizes['draw']} draws{same}.")
    if path is not None:
        lines += ["", f"Results: {path}"]
    return "\n".join(lines)
