"""Morris screening over time (issue 15, item 2): which of many uncertain inputs matter,
from r (d + 1) model runs instead of Sobol's n (d + 2), with SALib's Morris method.

Each input moves on a grid of ``sensitivity.morris_levels`` levels of its probability
(SALib's trajectories in the unit cube), mapped to values through its distribution's
quantile function between the :data:`QUANTILES` (so normal and lognormal inputs stay
finite). For every output and year: mu* (the mean absolute elementary effect, in the
output's units for a move across the input's quantile range) with its bootstrap interval,
mu and sigma (the spread of the effects: interactions or non-linearity). The interval
uses ``sensitivity.confidence_level`` and ``sensitivity.bootstrap_resamples`` (100 when
that is 0: Morris's bootstrap costs next to nothing).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import xarray as xr

from sim import checks
from sim.errors import ConfigError
from sim.experiments.sensitivity import (
    OUTPUTS,
    Intervals,
    independent,
    model_outputs,
    varying_inputs,
)

# [U] the probability range the Morris grid spans for each input: its 1st to 99th
# percentile (an unbounded distribution has no 0th or 100th; the middle 98 % keeps the
# tails in without letting one extreme draw set the effect)
QUANTILES = (0.01, 0.99)
STATISTICS = {
    "mu_star": "mean absolute elementary effect (Morris mu*)",
    "mu_star_low": "mu*, lower end of its confidence interval",
    "mu_star_high": "mu*, upper end of its confidence interval",
    "mu": "mean elementary effect (Morris mu)",
    "sigma": "standard deviation of the elementary effects (Morris sigma)",
}


def morris_runs(cfg: Mapping[str, Any]) -> int:
    """The model runs of :func:`morris_over_time`: trajectories x (inputs + 1)."""
    section = cfg.get("sensitivity") or {}
    r = _trajectories(section)
    return r * (len(varying_inputs(cfg["ensemble"].get("uncertain") or {})) + 1)


def morris_over_time(
    cfg: Mapping[str, Any], seed: int = 0, on_chunk: Callable[[int], None] | None = None
) -> xr.Dataset:
    """Morris statistics of every output in ``OUTPUTS`` for every year, as a dataset."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    section = cfg.get("sensitivity") or {}
    r, levels, ci = _trajectories(section), _levels(section), Intervals.of(section)
    independent(cfg["ensemble"])
    dists = varying_inputs(cfg["ensemble"].get("uncertain") or {})
    names = list(dists)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sample.sample(problem, N=r, num_levels=levels, seed=seed)  # (r (d + 1), d)
    q = QUANTILES[0] + (QUANTILES[1] - QUANTILES[0]) * unit
    x = np.stack([dist.ppf(q[:, i]) for i, dist in enumerate(dists.values())])
    y = model_outputs(cfg, names, on_chunk)(x)  # (outputs x years, runs)
    stats = {k: np.zeros((y.shape[0], len(names))) for k in STATISTICS}
    for row in range(y.shape[0]):
        with warnings.catch_warnings():  # SALib's notes on outputs that do not vary
            warnings.simplefilter("ignore")
            res = analyze.analyze(problem, unit, y[row], num_resamples=ci.resamples or 100,
                                  conf_level=ci.level, num_levels=levels,
                                  seed=seed + 1)  # fmt: skip
        star, half = np.asarray(res["mu_star"]), np.asarray(res["mu_star_conf"])
        values = {"mu_star": star, "mu_star_low": star - half, "mu_star_high": star + half}
        values |= {"mu": np.asarray(res["mu"]), "sigma": np.asarray(res["sigma"])}
        for k, v in values.items():
            stats[k][row] = np.nan_to_num(v)  # an output that does not vary: no effect
    years = np.arange(int(cfg["run"]["start_year"]), int(cfg["run"]["end_year"]) + 1)
    return _dataset(stats, years, names, r, levels, ci)


def _trajectories(section: Mapping[str, Any]) -> int:
    return checks.integer("sensitivity.morris_trajectories",
                          section.get("morris_trajectories", 20), low=2)  # fmt: skip


def _levels(section: Mapping[str, Any]) -> int:
    levels = checks.integer("sensitivity.morris_levels", section.get("morris_levels", 4), low=2)
    if levels % 2:
        raise ConfigError("sensitivity.morris_levels", levels, "expected an even number of levels")
    return levels


def _dataset(
    stats: dict[str, np.ndarray], years: np.ndarray, names: list[str], r: int, levels: int,
    ci: Intervals,
) -> xr.Dataset:  # fmt: skip
    shape = (len(OUTPUTS), years.size, len(names))
    dims = ("output", "year", "parameter")
    ds = xr.Dataset(
        {k: (dims, v.reshape(shape), {"long_name": STATISTICS[k]}) for k, v in stats.items()},
        coords={"output": list(OUTPUTS), "year": years, "parameter": names},
    )
    ds["output"].attrs["description"] = "; ".join(f"{k}: {v}" for k, v in OUTPUTS.items())
    ds.attrs.update(
        {
            "method": "Morris elementary effects (SALib, Campolongo et al. 2007 mu*)",
            "trajectories": r,
            "levels": levels,
            "quantile_range": f"{QUANTILES[0]}-{QUANTILES[1]}",
            "model_evaluations": r * (len(names) + 1),
            "confidence_level": ci.level,
            "bootstrap_resamples": ci.resamples or 100,
        }
    )
    return ds
