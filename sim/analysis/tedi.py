"""Savings by TEDI subsystem: the four-path decomposition regrouped by the park's levers.

The emissions-gap path of :mod:`sim.analysis.decomposition` attributes to the declared
specific embedded emissions ``s`` the contribution ``C_s = w * (s1 - s0)`` (additive
LMDI-I: ``w = L(T1, T0) / L(s1, s0) > 0``). The declared ``s`` splits exactly into::

    s = t + e + g
    t = direct_intensity + precursor_intensity     technology: the unit's own process and
                                                   its precursors' embedded emissions
    e = actual_specific_emissions - t              energy: the in-scope indirect emissions
                                                   (recognised green power lowers them)
    g = s - actual_specific_emissions              data: the default-value premium (zero on
                                                   verified actual values)

so ``C_T = w * dt``, ``C_E = w * de``, ``C_D = w * dg`` sum to ``C_s`` exactly. The
institution subsystem (I) is the carbon-price-deduction path: the domestic carbon market's
coverage and price, the only explicit price CBAM deducts. The other paths (export volume,
the EU carbon price, the free-allocation phase-out, the no-negative floor) are outside
the park's levers. Every part sums to the change in CBAM cost, per entity and draw, and so
per park (docs/model.md, "TEDI").

A supplier's switch to verified values changes its customer's precursor intensity and so
counts as technology here (the precursor's embedded emissions as charged).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from sim.analysis.bare import Bare, broadcast
from sim.analysis.decomposition import COST_VARIABLES, paired, path_contributions, stacked
from sim.analysis.draws import median_over_draws
from sim.errors import MissingVariablesError

SUBSYSTEMS = {
    "technology": "T technology: own process and precursors (real cuts)",
    "energy": "E energy: recognised green power (indirect emissions in scope)",
    "data": "D data: default-value premium (verified actual values)",
    "institution": "I institution: carbon price paid at home (deduction)",
    "outside": "outside the park: volume, EU price, free-allocation phase-out, floor",
}
NEEDED = ("direct_intensity", "precursor_intensity", "actual_specific_emissions")
# every variable the split reads (a selection of these alone is cheaper than of a dataset)
READS = (*NEEDED, "specific_embedded_emissions", *COST_VARIABLES)
OUTSIDE = ("export_volume", "certificate_price", "free_allocation", "zero_floor")


def _parts(ds: Bare) -> dict[str, xr.Variable]:
    missing = [v for v in NEEDED if v not in ds]
    if missing:
        raise MissingVariablesError("the TEDI split", missing)
    t = ds["direct_intensity"] + ds["precursor_intensity"]
    actual = ds["actual_specific_emissions"]
    return {
        "technology": t,
        "energy": actual - t,
        "data": ds["specific_embedded_emissions"] - actual,
    }


def tedi(before: xr.Dataset, after: xr.Dataset) -> xr.Dataset:
    """The change in CBAM cost from ``before`` to ``after`` by TEDI subsystem
    (``contribution``: subsystem, entity, ...; EUR), with ``change`` and the coordinates
    of the entities (sector, park)."""
    before, after = paired(before, after)
    b, a = Bare(before), Bare(after)
    p0, p1 = _parts(b), _parts(a)
    paths, _ = path_contributions(b, a)
    v0, v1 = b["export_volume"], a["export_volume"]
    delta = {}
    for k in p0:  # as the decomposition: without volume, the other side's value per t
        delta[k] = p1[k].where(v1 > 0, p0[k]) - p0[k].where(v0 > 0, p1[k])
    gap = delta["technology"] + delta["energy"] + delta["data"]
    c_s = paths["emissions_intensity"]
    w = (c_s / gap.where(gap != 0)).fillna(0.0)
    parts = {k: w * d for k, d in delta.items()}
    parts["technology"] = parts["technology"] + c_s.where(gap == 0, 0.0)  # rounding only
    parts["institution"] = paths["carbon_price_deduction"]
    outside = broadcast(*(paths[k] for k in OUTSIDE))
    parts["outside"] = xr.Variable.concat(outside, "factor").sum("factor")
    change = after["cbam_cost"].drop_vars("year", errors="ignore") - before["cbam_cost"].drop_vars(
        "year", errors="ignore"
    )
    contribution = stacked([parts[k] for k in SUBSYSTEMS], "subsystem", list(SUBSYSTEMS), change)
    contribution.attrs = {"units": "EUR", "long_name": "change in CBAM cost by TEDI subsystem"}
    out = xr.Dataset({"contribution": contribution, "change": change.assign_attrs(units="EUR")})
    out = out.assign_coords(subsystem_label=("subsystem", list(SUBSYSTEMS.values())))
    return out.assign_attrs(comparison="")


def tedi_between_scenarios(base: xr.Dataset, other: xr.Dataset) -> xr.Dataset:
    """The difference in CBAM cost between two runs of the same entities by subsystem,
    year by year (sum over ``year`` for the cumulative difference)."""
    years = np.intersect1d(base["year"].values, other["year"].values)
    out = tedi(_at_years(base, years), _at_years(other, years))
    names = (base.attrs.get("scenario", "base"), other.attrs.get("scenario", "other"))
    return out.assign_attrs(comparison=f"{names[0]} -> {names[1]}")


def _at_years(ds: xr.Dataset, years: np.ndarray) -> xr.Dataset:
    """``ds`` at ``years`` (itself when it has those years: a selection of every
    variable costs more than the split)."""
    return ds if np.array_equal(ds["year"].values, years) else ds.sel(year=years)


def tedi_table(result: xr.Dataset, group: str = "park") -> str:
    """Markdown: each subsystem's part of the change, million EUR, by ``group`` (park or
    sector) and in total (ensemble medians; summed over years where there are years)."""
    da = result["contribution"]
    da = median_over_draws(da)
    da = da.sum("year") if "year" in da.dims else da
    by = da.groupby(group).sum("entity")
    names = [str(g) for g in by[group].values]
    lines = [
        f"CBAM cost change {result.attrs.get('comparison', '')} by TEDI subsystem, million "
        "EUR (negative: saved; the parts sum to the change)",
        "",
        f"| subsystem | {' | '.join(names)} | all |",
        "|---|" + "---:|" * (len(names) + 1),
    ]
    for k, label in SUBSYSTEMS.items():
        row = [float(by.sel(subsystem=k, **{group: g})) / 1e6 for g in names]
        total = float(da.sel(subsystem=k).sum()) / 1e6
        lines.append(f"| {label} | " + " | ".join(f"{x:,.1f}" for x in [*row, total]) + " |")
    change = da.sum("subsystem")
    row = [float(change.where(da[group] == g, 0.0).sum()) / 1e6 for g in names]
    total = float(change.sum()) / 1e6
    lines.append("| change | " + " | ".join(f"{x:,.1f}" for x in [*row, total]) + " |")
    return "\n".join(lines) + "\n"
