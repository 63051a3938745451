"""Global sensitivity over time: Sobol first- and total-order indices of chosen outputs,
for every year, with ``scipy.stats.sobol_indices`` (Saltelli 2010 estimators).

The uncertain inputs and their distributions are those declared in ``ensemble.uncertain``;
constant ones are held fixed. The model is evaluated on n (d + 2) draws in one vectorised
run per design matrix.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr
from scipy.stats import sobol_indices

from sim import checks
from sim.dynamics.batch import chunk_draws, run_streamed
from sim.errors import ConfigError, UnreliableEstimateWarning
from sim.experiments import sobol_intervals
from sim.experiments.design import UNCERTAINTIES, Constant, build_draws, distribution
from sim.inputs.gate import build_inputs

OUTPUTS = {
    "cbam_cost": "CBAM cost of all entities in the year, EUR",
    "cumulative_cbam_cost": "CBAM cost of all entities from the first year to the year, EUR",
    "cumulative_abatement_capex": "abatement capex from the first year to the year, EUR",
    "mean_direct_intensity": "production-weighted mean direct intensity, tCO2e/t",
}


@dataclass(frozen=True)
class Intervals:
    """How the indices' confidence intervals are estimated: a bootstrap of ``resamples``
    resamples of the base samples at ``level`` (no intervals when ``resamples`` is 0)."""

    level: float = 0.95
    resamples: int = 100

    @classmethod
    def of(cls, sensitivity: Mapping[str, Any]) -> Intervals:
        """The intervals of a ``sensitivity`` config section, its values checked."""
        key = "sensitivity.confidence_level"
        level = checks.number(key, sensitivity.get("confidence_level", 0.95))
        if not 0 < level < 1:
            raise ConfigError(key, level, "expected a level in (0, 1)")
        resamples = checks.integer(
            "sensitivity.bootstrap_resamples", sensitivity.get("bootstrap_resamples", 100), low=0
        )
        return cls(level, resamples)


def sobol_table(
    func: Callable[[np.ndarray], np.ndarray],
    dists: list,
    n: int,
    seed: int,
    intervals: Intervals = Intervals(resamples=0),
) -> dict[str, np.ndarray]:
    """First- and total-order indices (outputs, parameters) of ``func``: (d, m) -> (s, m),
    and with ``intervals`` their bootstrap intervals (``*_low``, ``*_high``,
    :mod:`sim.experiments.sobol_intervals`)."""
    check_base_samples(n)
    calls: list[np.ndarray] = []

    def evaluate(x: np.ndarray) -> np.ndarray:
        calls.append(np.atleast_2d(func(x)))
        return calls[-1]

    res = sobol_indices(func=evaluate, n=n, dists=dists, rng=np.random.default_rng(seed))
    out = {
        "first_order": np.atleast_2d(res.first_order),
        "total_order": np.atleast_2d(res.total_order),
    }
    if intervals.resamples:
        f = sobol_intervals.evaluations(calls, n, len(dists))
        sobol_intervals.checked(f, n, res.first_order, res.total_order)
        widths = sobol_intervals.half_widths(f, intervals.level, intervals.resamples, seed)
        for name, half in zip(("first_order", "total_order"), widths, strict=True):
            out[f"{name}_low"], out[f"{name}_high"] = out[name] - half, out[name] + half
    return out


def check_base_samples(n: int) -> int:
    """``sensitivity.n``, a power of two >= 2 (Sobol sequences), or a :class:`ConfigError`."""
    if n < 2 or n & (n - 1):
        low = 1 << max(1, int(n).bit_length() - 1)
        raise ConfigError(
            "sensitivity.n", n, f"expected a power of two >= 2 (Sobol sequences), e.g. {low:,}"
        )
    return n


def model_runs(cfg: Mapping[str, Any], n: int) -> int:
    """The model runs of :func:`sobol_over_time` at base sample ``n``: n (d + 2)."""
    return n * (len(varying_inputs(cfg["ensemble"].get("uncertain") or {})) + 2)


# the model runs whose draws are built at once (common shocks: the draws of a block equal
# those built for all runs, so the outputs do not depend on it); bounds their memory
DRAW_BLOCK = 65536
KEPT = ("cbam_cost", "abatement_capex", "direct_intensity")


def model_outputs(
    cfg: Mapping[str, Any], names: list[str], on_chunk: Callable[[int], None] | None = None
) -> Callable[[np.ndarray], np.ndarray]:
    """A function of the uncertain inputs (d, m) returning the outputs for every year (s, m),
    s = len(OUTPUTS) * years; ``on_chunk(draws)`` is called after each chunk of draws.
    Only these outputs are kept, chunk by chunk: memory is set by the chunk and by m."""
    inp = build_inputs(cfg)
    ens = cfg["ensemble"]
    chunk = chunk_draws(1024, int(ens.get("chunk_draw_entities", 0)), inp.population.ids.size)

    def func(x: np.ndarray) -> np.ndarray:
        values = {name: x[i] for i, name in enumerate(names)}
        values.update({k: np.full(x.shape[1], v) for k, v in _constants(ens).items()})
        result = np.empty((len(OUTPUTS) * inp.years.size, x.shape[1]))
        for a in range(0, x.shape[1], DRAW_BLOCK):
            block = {k: v[a : a + DRAW_BLOCK] for k, v in values.items()}
            draws = build_draws(ens, inp, values=block, common_shocks=True)

            def sink(start: int, out: dict[str, np.ndarray], a: int = a) -> None:
                reduced = _reduce(out, inp.behaviour.production_t)
                result[:, a + start : a + start + reduced.shape[1]] = reduced
                if on_chunk is not None:
                    on_chunk(reduced.shape[1])

            run_streamed(inp, draws, chunk, sink, KEPT, workers=2)
        return result  # (4 T, m)

    return func


def _reduce(out: dict[str, np.ndarray], weights: np.ndarray) -> np.ndarray:
    """The outputs (4 T, m) of a chunk's results. Contiguous copies first: numpy's sums then
    add in the order they did on the arrays of every draw joined (the same bits)."""
    out = {k: np.ascontiguousarray(v) for k, v in out.items() if k in KEPT}
    cost = out["cbam_cost"].sum(axis=1)  # (m, T)
    capex = out["abatement_capex"].sum(axis=1)
    intensity = (out["direct_intensity"] * weights[:, None]).sum(axis=1) / weights.sum()
    stacked = [cost, np.cumsum(cost, axis=1), np.cumsum(capex, axis=1), intensity]
    return np.concatenate([s.T for s in stacked])


def _constants(ens: Mapping[str, Any]) -> dict[str, float]:
    return {
        k: float(v["value"])
        for k, v in (ens.get("uncertain") or {}).items()
        if v.get("dist") == "constant"
    }


def sobol_over_time(
    cfg: Mapping[str, Any], n: int, seed: int = 0, on_chunk: Callable[[int], None] | None = None
) -> xr.Dataset:
    """Sobol indices of every output in ``OUTPUTS`` for every year, as a dataset;
    ``on_chunk(draws)`` is called after each chunk of model draws (a progress bar)."""
    check_base_samples(n)  # before the inputs are built, as the other sensitivity keys
    section = cfg.get("sensitivity") or {}
    intervals = Intervals.of(section)
    wide = checks.number("sensitivity.wide_interval", section.get("wide_interval", 0.1), low=0)
    independent(cfg["ensemble"])
    dists = varying_inputs(cfg["ensemble"].get("uncertain") or {})
    names = list(dists)
    func = model_outputs(cfg, names, on_chunk)
    table = sobol_table(func, list(dists.values()), n, seed, intervals)
    years = np.arange(int(cfg["run"]["start_year"]), int(cfg["run"]["end_year"]) + 1)
    ds = indices_dataset(table, years, names, n, intervals)
    for message in interval_warnings(ds, wide):
        warnings.warn(UnreliableEstimateWarning(message), stacklevel=2)
    return ds


def independent(ens: Mapping[str, Any]) -> None:
    """Sobol indices and Morris effects assume independent inputs: declared correlations
    are refused (one line), not silently dropped."""
    if ens.get("correlations"):
        raise ConfigError(
            "ensemble.correlations",
            dict(ens["correlations"]),
            "Sobol indices and Morris effects assume independent inputs; remove the "
            "correlations here (an ensemble run with cbam-sim keeps them)",
        )


def varying_inputs(uncertain: Mapping[str, Any]) -> dict[str, Any]:
    """The distributions of the uncertain inputs that vary (constant ones are held fixed);
    at least two are needed."""
    for name in uncertain:
        checks.choice(f"ensemble.uncertain.{name}", name, UNCERTAINTIES, "uncertain input")
    dists = {k: distribution(f"ensemble.uncertain.{k}", v) for k, v in uncertain.items()}
    dists = {k: d for k, d in dists.items() if not isinstance(d, Constant)}
    if len(dists) < 2:
        raise ConfigError(
            "ensemble.uncertain",
            list(uncertain),
            "Sobol indices need at least two uncertain (non-constant) inputs",
        )
    return dists


LONG_NAMES = {
    "first_order": "first-order Sobol index",
    "total_order": "total-order Sobol index",
    "first_order_low": "first-order Sobol index, lower end of its confidence interval",
    "first_order_high": "first-order Sobol index, upper end of its confidence interval",
    "total_order_low": "total-order Sobol index, lower end of its confidence interval",
    "total_order_high": "total-order Sobol index, upper end of its confidence interval",
}


def indices_dataset(
    table: dict[str, np.ndarray], years: np.ndarray, names: list[str], n: int, ci: Intervals
) -> xr.Dataset:
    """The indices (output, year, parameter) with units, intervals and the method."""
    shape = (len(OUTPUTS), years.size, len(names))
    dims = ("output", "year", "parameter")
    ds = xr.Dataset(
        {
            k: (dims, v.reshape(shape), {"units": "1", "long_name": LONG_NAMES[k]})
            for k, v in table.items()
        },
        coords={"output": list(OUTPUTS), "year": years, "parameter": names},
    )
    ds["output"].attrs["description"] = "; ".join(f"{k}: {v}" for k, v in OUTPUTS.items())
    ds.attrs.update(
        {
            "method": "scipy.stats.sobol_indices (Saltelli 2010)",
            "base_samples": n,
            "model_evaluations": n * (len(names) + 2),
        }
    )
    if ci.resamples:
        ds.attrs.update(
            {
                "confidence_level": ci.level,
                "bootstrap_resamples": ci.resamples,
                "intervals": "estimate +- z sd of bootstrap estimates (SALib sobol.analyze)",
            }
        )
    return ds


def interval_warnings(ds: xr.Dataset, wide: float) -> list[str]:
    """What makes the indices hard to read: intervals wider than ``wide``, and a first-order
    index above its total-order one beyond both intervals (impossible but for sampling
    error). Each message names the worst case and the count; none without intervals."""
    if "total_order_low" not in ds:
        return []
    out = []
    orders = ("first_order", "total_order")
    width = xr.concat([ds[f"{o}_high"] - ds[f"{o}_low"] for o in orders], "order")
    too_wide = width > wide
    if bool(too_wide.any()):
        at = width.argmax(...)
        worst = {k: str(ds[k].values[int(v)]) for k, v in at.items() if k != "order"}
        out.append(
            f"{int(too_wide.sum())} of {too_wide.size} Sobol intervals are wider than "
            f"{wide:g} (widest {float(width.max()):.2f}: {_where(worst)}); raise sensitivity.n "
            f"(now {ds.attrs['base_samples']})"
        )
    unknown = sum(int(ds[f"{o}_{end}"].isnull().sum()) for o in orders for end in ("low", "high"))
    if unknown:
        out.append(
            f"{unknown} ends of Sobol intervals could not be estimated (a degenerate bootstrap: "
            "an output that hardly varies in a year); they are left empty (NaN)"
        )
    crossed = ds["first_order_low"] > ds["total_order_high"]
    if bool(crossed.any()):
        gap = (ds["first_order_low"] - ds["total_order_high"]).argmax(...)
        worst = {k: str(ds[k].values[int(v)]) for k, v in gap.items()}
        count = int(crossed.sum())
        what = "index exceeds its" if count == 1 else "indices exceed their"
        out.append(
            f"{count} first-order Sobol {what} total-order index beyond both intervals "
            f"(largest: {_where(worst)}); the estimates are not reliable at "
            f"sensitivity.n={ds.attrs['base_samples']}"
        )
    return out


def _where(at: Mapping[str, str]) -> str:
    return f"{at['parameter']} on {at['output']} in {at['year']}"
