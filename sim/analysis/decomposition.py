"""Four-path decomposition of a change in CBAM cost: additive LMDI (log-mean Divisia).

The CBAM cost of an entity is written as a sum of three products of non-negative
factors, plus the floor that keeps certificates from going negative::

    cost = P*V*s  -  P*V*f*b  -  V*d  +  floor

    V  liable export volume, t            (export_volume; de minimis exempt excluded)
    s  specific embedded emissions, tCO2e/t  (the emissions gap, path 1)
    P  certificate price, EUR/tCO2e        (the EU carbon price, path 2)
    f  CBAM factor x CSCF, 1               (the free-allocation phase-out, path 3)
    b  CBAM benchmark, tCO2e/t             (with f: the free-allocation adjustment)
    d  carbon price paid abroad and deducted, EUR/t  (path 4, the only hedge)
    floor = cost - (P*V*s - P*V*f*b - V*d) >= 0, non-zero only in a year when the
        deduction and the free allocation exceed the embedded emissions

The deduction enters in EUR per tonne (certificates deducted x certificate price), so
that a change in the certificate price alone is attributed to the price and nothing
else: the euros of carbon price paid at home do not move with the EU price.

Each product term T = x_1 * ... * x_n changes by the additive LMDI-I contributions
(Ang 2005, "The LMDI approach to decomposition analysis: a practical guide", Energy
Policy 33; zero handling as in Ang and Liu 2007, Energy Policy 35)::

    dT_k = L(T1, T0) * ln(x_k1 / x_k0),   L(a, b) = (a - b) / (ln a - ln b),  L(a, a) = a

which sum exactly to T1 - T0. Zeros: an entity without liable volume in one period has
no emissions or deduction per tonne; it takes the other period's, so that its change is all
volume. Otherwise, when a term is zero in one period only, the limit
of the small-value substitution (x -> delta -> 0) gives the whole change of the term to
the factors that are zero (shared equally if several are); a term zero in both periods
contributes nothing. Sign changes of the net certificates per tonne (s - f*b - d/P)
need no special case: every factor is non-negative and each term keeps its sign; the
sign of the net is carried by the sum of terms and by the floor. The contributions of
every factor, the floor included, therefore sum to the change in cost exactly (to
floating-point rounding), for every entity and draw, and so for any sum over entities
(sector, park) because LMDI is additive.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from sim.analysis.bare import Bare, broadcast
from sim.analysis.lmdi import lmdi

FACTORS = (
    "export_volume",
    "emissions_intensity",
    "certificate_price",
    "free_allocation",
    "carbon_price_deduction",
    "zero_floor",
)
# the variables of a results dataset the cost identity reads (:func:`cost_factors`)
COST_VARIABLES = (
    "export_volume",
    "certificate_price",
    "embedded_emissions",
    "carbon_price_deduction",
    "cbam_factor",
    "cscf",
    "cbam_benchmark",
    "cbam_cost",
)
FACTOR_LABELS = {
    "export_volume": "export volume",
    "emissions_intensity": "emissions gap (embedded emissions per t)",
    "certificate_price": "EU carbon price",
    "free_allocation": "free-allocation phase-out (CBAM factor, benchmark)",
    "carbon_price_deduction": "carbon price paid at home",
    "zero_floor": "no-negative-certificates floor",
}


def cost_factors(ds: Mapping[str, Any]) -> dict[str, Any]:
    """The factors of the cost identity for every entity, draw and year of a results set
    (a dataset, or its unlabelled variables: :class:`sim.analysis.bare.Bare`)."""
    volume = ds["export_volume"]  # liable: exempt_volume (de minimis) is not in it
    has = volume > 0
    safe = volume.where(has, 1.0)
    price = ds["certificate_price"]
    intensity = (ds["embedded_emissions"] / safe).where(has, 0.0)
    deduction = (ds["carbon_price_deduction"] * price / safe).where(has, 0.0)
    factor = ds["cbam_factor"] * ds["cscf"]
    gross = price * volume * intensity - price * volume * factor * ds["cbam_benchmark"]
    floor = ds["cbam_cost"] - (gross - volume * deduction)
    return {
        "V": volume,
        "s": intensity,
        "P": price,
        "f": factor,
        "b": ds["cbam_benchmark"],
        "d": deduction,
        "floor": floor,
        "cost": ds["cbam_cost"],
    }


def decompose(before: xr.Dataset, after: xr.Dataset) -> xr.Dataset:
    """Decompose the change in CBAM cost from ``before`` to ``after`` (two years of one run,
    or two scenarios), per entity (and draw, and year when both still have years).

    Returns ``contribution`` (factor, entity, ...) in EUR, ``free_allocation_split``
    (component: cbam_factor, benchmark), ``cost_before``, ``cost_after`` and ``change``.
    """
    before, after = paired(before, after)
    parts, split = path_contributions(Bare(before), Bare(after))
    c0 = before["cbam_cost"].drop_vars("year", errors="ignore")
    c1 = after["cbam_cost"].drop_vars("year", errors="ignore")
    template = c1 - c0
    contribution = stacked([parts[k] for k in FACTORS], "factor", FACTORS, template)
    split = stacked(split, "component", ("cbam_factor", "benchmark"), template)
    return _labelled(contribution, split, c0, c1)


def paired(before: xr.Dataset, after: xr.Dataset) -> tuple[xr.Dataset, xr.Dataset]:
    """The two datasets without their draws' inputs (:func:`without_draw_inputs`), checked
    to have the same labels on every dimension they share (as the labelled arithmetic's
    exact join would)."""
    before, after = without_draw_inputs(before), without_draw_inputs(after)
    for dim in set(before.indexes) & set(after.indexes):
        if not before.indexes[dim].equals(after.indexes[dim]):
            raise ValueError(f"cannot align: the two results differ along {dim!r}")
    return before, after


def path_contributions(b: Bare, a: Bare) -> tuple[dict[str, xr.Variable], list[xr.Variable]]:
    """The contribution of each path (unlabelled) from the unlabelled variables ``b`` to
    ``a`` of two paired results, and the free-allocation split (CBAM factor, benchmark)."""
    x0, x1 = cost_factors(b), cost_factors(a)
    v0, v1 = x0["V"], x1["V"]
    for per_t in ("s", "d"):  # undefined without volume: take the other side's value
        s0, s1 = x0[per_t], x1[per_t]
        x0[per_t], x1[per_t] = s0.where(v0 > 0, s1), s1.where(v1 > 0, s0)
    return _path_contributions(x0, x1)


def stacked(
    parts: Sequence[xr.Variable], dim: str, labels: Sequence[str], template: xr.DataArray
) -> xr.DataArray:
    """Unlabelled ``parts`` stacked along a new first dimension ``dim`` (``labels``), with
    the coordinates of ``template`` on the dimensions they have."""
    variable = xr.Variable.concat(broadcast(*parts), dim)
    coords = {k: c for k, c in template.coords.items() if set(c.dims) <= set(variable.dims)}
    return xr.DataArray(variable, coords={**coords, dim: list(labels)})


def _path_contributions(
    x0: dict[str, xr.Variable], x1: dict[str, xr.Variable]
) -> tuple[dict[str, xr.Variable], list[xr.Variable]]:
    """The LMDI contribution of each path (:data:`FACTORS`) between two sets of
    :func:`cost_factors`, and the free-allocation contribution split into CBAM factor and
    benchmark (``component``)."""
    v0, v1 = x0["V"], x1["V"]
    # term 1: + P V s
    p1, vol1, s1 = lmdi([x0["P"], v0, x0["s"]], [x1["P"], v1, x1["s"]])
    # term 2: - P V f b
    p2, vol2, f2, b2 = lmdi([x0["P"], v0, x0["f"], x0["b"]], [x1["P"], v1, x1["f"], x1["b"]])
    # term 3: - V d
    vol3, d3 = lmdi([v0, x0["d"]], [v1, x1["d"]])
    parts = {
        "export_volume": vol1 - vol2 - vol3,
        "emissions_intensity": s1,
        "certificate_price": p1 - p2,
        "free_allocation": -(f2 + b2),
        "carbon_price_deduction": -d3,
        "zero_floor": x1["floor"] - x0["floor"],
    }
    return parts, [-f2, -b2]


def _labelled(
    contribution: xr.DataArray, split: xr.DataArray, c0: xr.DataArray, c1: xr.DataArray
) -> xr.Dataset:
    """The decomposition as a dataset with units, long names and the path labels."""
    out = xr.Dataset(
        {
            "contribution": contribution.transpose("factor", ...),
            "free_allocation_split": split.transpose("component", ...),
            "cost_before": c0,
            "cost_after": c1,
            "change": c1 - c0,
        }
    )
    out["contribution"].attrs = {
        "units": "EUR",
        "long_name": "contribution to the change in CBAM cost (additive LMDI-I)",
    }
    out["free_allocation_split"].attrs = {
        "units": "EUR",
        "long_name": "free-allocation contribution split into CBAM factor and benchmark",
    }
    for name in ("cost_before", "cost_after", "change"):
        out[name].attrs["units"] = "EUR"
    out["factor"].attrs["long_name"] = "cost path"
    return out.assign_coords(factor_label=("factor", [FACTOR_LABELS[k] for k in FACTORS]))


def between_years(ds: xr.Dataset, start: int, end: int) -> xr.Dataset:
    """Decomposition of the change in CBAM cost from year ``start`` to year ``end``."""
    for year in (start, end):
        if year not in ds["year"].values:
            raise ValueError(f"year {year} not in the results ({_years(ds)})")
    out = decompose(ds.sel(year=start), ds.sel(year=end))
    return out.assign_attrs(comparison=f"{start} -> {end}", start_year=start, end_year=end)


def without_draw_inputs(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` without the sampled inputs labelling its draws (``sampled_*``): two ensembles
    are paired draw by draw, and their draws may sample different inputs."""
    labels = [n for n, c in ds.coords.items() if n != "draw" and c.dims == ("draw",)]
    return ds.drop_vars(labels)


def between_scenarios(base: xr.Dataset, other: xr.Dataset) -> xr.Dataset:
    """Decomposition of the difference in CBAM cost between two runs, year by year
    (sum over ``year`` for the cumulative difference)."""
    years = np.intersect1d(base["year"].values, other["year"].values)
    if years.size == 0:
        raise ValueError(f"no common years: {_years(base)} vs {_years(other)}")
    a, b = base.sel(year=years), other.sel(year=years)
    if not np.array_equal(a["entity"].values, b["entity"].values):
        raise ValueError("the two runs have different entities; compare like with like")
    out = decompose(a, b)
    names = (base.attrs.get("scenario", "base"), other.attrs.get("scenario", "other"))
    return out.assign_attrs(comparison=f"{names[0]} -> {names[1]}")


def by_group(result: xr.Dataset, group: str) -> xr.Dataset:
    """Sum a decomposition over entities by ``sector`` or ``park`` ("all" for the total)."""
    data = result[["contribution", "free_allocation_split", "cost_before", "cost_after", "change"]]
    if group == "all":
        return data.sum("entity", keep_attrs=True)
    if group not in result.coords:
        raise ValueError(f"group {group!r}: expected 'sector', 'park' or 'all'")
    return data.groupby(group).sum("entity", keep_attrs=True)


def _years(ds: xr.Dataset) -> str:
    y = ds["year"].values
    return f"years {int(y.min())}-{int(y.max())}" if y.size else "no years"


def decomposition_table(result: xr.Dataset) -> str:
    """Markdown: contribution of each path by sector and in total, million EUR."""
    groups = {"all sectors": by_group(result, "all")}
    by_sector = by_group(result, "sector")
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
    for f in FACTORS:
        lines.append(
            f"| {FACTOR_LABELS[f]} | "
            + " | ".join(cell(g, "contribution", f) for g in groups.values())
            + " |"
        )
    lines.append(
        "| cost after | " + " | ".join(cell(g, "cost_after") for g in groups.values()) + " |"
    )
    return "\n".join(lines) + "\n"
