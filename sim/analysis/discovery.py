"""Scenario discovery (issue 15, item 3): which combinations of the sampled inputs make an
outcome of interest happen, by PRIM (Friedman and Fisher 1999) from the EMA Workbench
(Kwakkel 2017), the reference implementation in exploratory modelling.

Pure: an ensemble dataset and a :class:`Question` in, a :class:`Discovery` out (tables).
The inputs are the sampled uncertainties (the ``sampled_*`` variables on ``draw``); the
outcome is a variable summed over the entities (all, or one park's) and over a year or a
span of years, compared with a threshold in its units or a percentile of the ensemble.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

PREFIX = "sampled_"
LEVER = "lever"  # the policies of a run with levers: cases are its policies x draws
PERCENTILE = re.compile(r"^p(\d{1,2}(?:\.\d+)?)$")


@dataclass(frozen=True)
class Question:
    """An outcome per draw and the side of a threshold that is "of interest"."""

    variable: str = "cbam_cost"
    years: tuple[int, int] | None = None  # inclusive; None: every year of the run
    park: str | None = None  # None: every entity
    above: str | None = "p90"  # a number in the variable's units, or "pNN"
    below: str | None = None


@dataclass
class Discovery:
    """What PRIM found: the question's outcome, its trajectory and the chosen box."""

    text: str  # the question in words, with the threshold
    cases: int  # draws of interest
    draws: int
    trajectory: pd.DataFrame  # one row per box: coverage, density, mass, res_dim
    chosen: int  # the row of the chosen box
    limits: pd.DataFrame  # its restricted inputs: min, max, sampled min/max, qp value
    method: str = "prim"  # or "cart"
    min_coverage: float = 0.5


def outcome(ds: xr.Dataset, q: Question) -> tuple[xr.DataArray, float, np.ndarray, str]:
    """The outcome per draw, the threshold, the draws of interest and the question's text;
    a ValueError naming the option for what the dataset cannot answer."""
    if "draw" not in ds.dims or ds.sizes["draw"] < 8:
        raise ValueError("not an ensemble of at least 8 draws (run cbam-sim ensemble=...)")
    if q.variable not in ds.data_vars or set(ds[q.variable].dims) != {"draw", "entity", "year"}:
        raise ValueError(f"--variable {q.variable}: not a (draw, entity, year) variable")
    if (q.above is None) == (q.below is None):
        raise ValueError("give exactly one of --above and --below")
    var = ds[q.variable]
    if q.park is not None:
        parks = sorted(set(map(str, ds["park"].values)))
        if q.park not in parks:
            raise ValueError(f"--park {q.park}: no such park (parks: {', '.join(parks)})")
        var = var.where(ds["park"] == q.park, 0.0)
    years = q.years or (int(ds.year[0]), int(ds.year[-1]))
    if years[0] < int(ds.year[0]) or years[1] > int(ds.year[-1]) or years[0] > years[1]:
        raise ValueError(f"--years {years[0]}-{years[1]}: outside the run's years")
    values = var.sel(year=slice(*years)).sum(("entity", "year"))
    side, spec = ("above", q.above) if q.above is not None else ("below", q.below)
    threshold, said = _threshold(values.values, str(spec), side)
    cases = values.values > threshold if side == "above" else values.values < threshold
    units = str(ds[q.variable].attrs.get("cbam_units", ds[q.variable].attrs.get("units", "")))
    span = f"{years[0]}" if years[0] == years[1] else f"{years[0]}-{years[1]}"
    who = f"park {q.park}" if q.park else "all entities"
    amount = (
        f"{threshold / 1e6:,.1f} million EUR" if units == "EUR" else f"{threshold:,.6g} {units}"
    )
    text = f"{q.variable} {span}, {who}, {side} {said} ({amount.rstrip()})"
    return values, threshold, cases, text


def _threshold(values: np.ndarray, spec: str, side: str) -> tuple[float, str]:
    match = PERCENTILE.match(spec)
    if match:
        p = float(match.group(1))
        return float(np.percentile(values, p)), f"its {p:g}th percentile"
    try:
        return float(spec), "the threshold"
    except ValueError:
        expected = "expected a number or a percentile such as p90"
        raise ValueError(f"--{side} {spec}: {expected}") from None


def inputs(ds: xr.Dataset) -> pd.DataFrame:
    """The sampled uncertainties by draw (columns named without ``sampled_``) and, for a
    run of policies (:func:`over_policies`), the levers (columns named by config key)."""
    names = [str(v) for v in ds.variables if str(v).startswith(PREFIX) and ds[v].dims == ("draw",)]
    if not names:
        raise ValueError("the ensemble has no sampled inputs (sampled_* variables on draw)")
    columns = {n[len(PREFIX) :]: ds[n].values for n in names}
    for n, c in ds.coords.items():
        if str(n).startswith(LEVER + "_") and c.dims == ("draw",):
            columns[str(c.attrs.get("config_key", n))] = c.values
    return pd.DataFrame(columns)


def over_policies(ds: xr.Dataset, variable: str) -> xr.Dataset:
    """A run of policies (a ``lever`` dimension) as one ensemble of ``variable`` whose
    draws are its policies x draws, each policy's lever values a coordinate on ``draw``
    beside the sampled values: PRIM then boxes levers and uncertainties together."""
    if LEVER not in ds.dims:
        return ds
    sub = ds[[variable]] if variable in ds.data_vars else ds
    levers = [str(c) for c in ds.coords if ds[c].dims == (LEVER,) and str(c) != LEVER]
    n, parts = ds.sizes["draw"], []
    for i in range(ds.sizes[LEVER]):
        one = sub.isel({LEVER: i}).drop_vars([LEVER, *levers])
        on_draw = {c: ("draw", np.full(n, float(ds[c].values[i])), ds[c].attrs) for c in levers}
        parts.append(one.assign_coords(draw=np.arange(i * n, (i + 1) * n), **on_draw))
    return xr.concat(parts, "draw", data_vars="all", coords="minimal", compat="identical")


def discover(
    ds: xr.Dataset,
    q: Question,
    min_coverage: float = 0.5,
    peel_alpha: float = 0.05,
    method: str = "prim",
) -> Discovery:
    """PRIM's peeling trajectory for ``q`` (or CART's leaves, ``method="cart"``), and the
    densest box of coverage at least ``min_coverage`` with its limits (the inputs it
    restricts) and, for PRIM, quasi-p-values. A run of policies is boxed over its
    policies x draws, the levers among the inputs (:func:`over_policies`)."""
    ds = over_policies(ds, q.variable)
    _, _, cases, text = outcome(ds, q)
    if not cases.any() or cases.all():
        raise ValueError(f"{text}: {int(cases.sum())} of {cases.size} draws; nothing to tell apart")
    x = inputs(ds)
    if method == "cart":
        return _cart(x, cases, text, min_coverage)
    with warnings.catch_warnings():  # the workbench's notes on optional parallel back ends
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        # threshold: the density a box must reach to be kept; the share of cases keeps
        # the whole trajectory, and the box is chosen from it below
        base = float(cases.mean())
        box = prim.Prim(x, cases, threshold=base, peel_alpha=peel_alpha).find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].copy()
    chosen = _densest(trajectory, min_coverage)
    limits = _limits(box, chosen, x)
    return Discovery(text, int(cases.sum()), cases.size, trajectory, chosen, limits, "prim",
                     min_coverage)  # fmt: skip


def _densest(table: pd.DataFrame, min_coverage: float) -> int:
    """The densest box of coverage at least ``min_coverage`` (else the densest)."""
    eligible = table[table["coverage"] >= min_coverage]
    return int((eligible if len(eligible) else table)["density"].idxmax())


def _cart(x: pd.DataFrame, cases: np.ndarray, text: str, min_coverage: float) -> Discovery:
    """CART's leaves as boxes (the EMA Workbench's CART on scikit-learn's tree)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import cart

        tree = cart.CART(x, cases, mass_min=0.05)
        tree.build_tree()
    table = pd.DataFrame(tree.stats).rename(columns={"res dim": "res_dim"})
    table = table[["coverage", "density", "mass", "res_dim"]].astype(float)
    chosen = _densest(table, min_coverage)
    box = tree.boxes[chosen]
    low, high = x.min(), x.max()
    restricted = [c for c in x.columns if box[c].iloc[0] > low[c] or box[c].iloc[1] < high[c]]
    limits = pd.DataFrame(
        {
            "box_min": box.loc[0, restricted],
            "box_max": box.loc[1, restricted],
            "sampled_min": low[restricted],
            "sampled_max": high[restricted],
            "qp_value": np.nan,
        },
        index=restricted,
    )
    return Discovery(
        text, int(cases.sum()), cases.size, table, chosen, limits, "cart", min_coverage
    )


def _limits(box, i: int, x: pd.DataFrame) -> pd.DataFrame:
    (_, table), *_ = box.inspect(i, style="data")
    table.columns = ["min", "max", "qp_low", "qp_high"]
    qp = table[["qp_low", "qp_high"]].min(axis=1)
    out = pd.DataFrame({"box_min": table["min"], "box_max": table["max"]})
    out["sampled_min"] = [float(x[c].min()) for c in out.index]
    out["sampled_max"] = [float(x[c].max()) for c in out.index]
    out["qp_value"] = qp
    return out.sort_values("qp_value")


def format_discovery(d: Discovery) -> str:
    """The question, the trajectory (or leaves) in brief and the chosen box as text."""
    row = d.trajectory.loc[d.chosen]
    what = f"PRIM: {len(d.trajectory)} boxes peeled" if d.method == "prim" else (
        f"CART: {len(d.trajectory)} leaves")  # fmt: skip
    lines = [
        f"Question: {d.text}: {d.cases:,} of {d.draws:,} draws ({d.cases / d.draws * 100:.1f} %)",
        f"{what}; density from {d.trajectory['density'].min():.2f} to "
        f"{d.trajectory['density'].max():.2f}",
        f"Box {d.chosen} ({_why(d, row)}): coverage {row['coverage']:.2f}, "
        f"density {row['density']:.2f}, mass {row['mass']:.2f}, "
        f"{int(row['res_dim'])} inputs restricted",
    ]
    for name, lim in d.limits.iterrows():
        qp = lim["qp_value"]
        note = "" if not np.isfinite(qp) else f"; qp {qp:.1e}"
        weak = (
            "  not significant (qp > 0.05): may be noise" if np.isfinite(qp) and qp > 0.05 else ""
        )
        lines.append(
            f"  {name:<18} {lim['box_min']:>10.4g} to {lim['box_max']:<10.4g} "
            f"(sampled {lim['sampled_min']:.4g} to {lim['sampled_max']:.4g}{note}){weak}"
        )
    return "\n".join(lines)


def _why(d: Discovery, row: pd.Series) -> str:
    if row["coverage"] >= d.min_coverage:
        return f"the densest covering at least {d.min_coverage:.0%} of the cases"
    return f"no box covers {d.min_coverage:.0%} of the cases: the densest"
