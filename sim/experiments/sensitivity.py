"""Global sensitivity over time: Sobol first- and total-order indices of chosen outputs,
for every year, with ``scipy.stats.sobol_indices`` (Saltelli 2010 estimators).

The uncertain inputs and their distributions are those declared in ``ensemble.uncertain``;
constant ones are held fixed. The model is evaluated on n (d + 2) draws in one vectorised
run per design matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import xarray as xr
from scipy.stats import sobol_indices

from sim import checks
from sim.dynamics.batch import chunk_draws, run_streamed
from sim.errors import ConfigError
from sim.experiments.design import UNCERTAINTIES, Constant, build_draws, distribution
from sim.inputs.gate import build_inputs

OUTPUTS = {
    "cbam_cost": "CBAM cost of all entities in the year, EUR",
    "cumulative_cbam_cost": "CBAM cost of all entities from the first year to the year, EUR",
    "cumulative_abatement_capex": "abatement capex from the first year to the year, EUR",
    "mean_direct_intensity": "production-weighted mean direct intensity, tCO2e/t",
}


def sobol_table(
    func: Callable[[np.ndarray], np.ndarray], dists: list, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """First- and total-order indices (outputs, parameters) of ``func``: (d, m) -> (s, m)."""
    check_base_samples(n)
    res = sobol_indices(func=func, n=n, dists=dists, rng=np.random.default_rng(seed))
    return np.atleast_2d(res.first_order), np.atleast_2d(res.total_order)


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
    return n * (len(_varying_inputs(cfg["ensemble"].get("uncertain") or {})) + 2)


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
    check_base_samples(n)  # before the inputs are built
    dists = _varying_inputs(cfg["ensemble"].get("uncertain") or {})
    names = list(dists)
    func = model_outputs(cfg, names, on_chunk)
    first, total = sobol_table(func, list(dists.values()), n, seed)
    years = np.arange(int(cfg["run"]["start_year"]), int(cfg["run"]["end_year"]) + 1)
    return _indices_dataset(first, total, years, names, n)


def _varying_inputs(uncertain: Mapping[str, Any]) -> dict[str, Any]:
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


def _indices_dataset(
    first: np.ndarray, total: np.ndarray, years: np.ndarray, names: list[str], n: int
) -> xr.Dataset:
    """First- and total-order indices (output, year, parameter) with units and the method."""
    shape = (len(OUTPUTS), years.size, len(names))
    coords = {"output": list(OUTPUTS), "year": years, "parameter": names}
    ds = xr.Dataset(
        {
            "first_order": (
                ("output", "year", "parameter"),
                first.reshape(shape),
                {"units": "1", "long_name": "first-order Sobol index"},
            ),
            "total_order": (
                ("output", "year", "parameter"),
                total.reshape(shape),
                {"units": "1", "long_name": "total-order Sobol index"},
            ),
        },
        coords=coords,
    )
    ds["output"].attrs["description"] = "; ".join(f"{k}: {v}" for k, v in OUTPUTS.items())
    ds.attrs.update(
        {
            "method": "scipy.stats.sobol_indices (Saltelli 2010)",
            "base_samples": n,
            "model_evaluations": n * (len(names) + 2),
        }
    )
    return ds
