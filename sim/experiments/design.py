"""Ensembles: uncertain inputs declared as distributions, sampled by Latin hypercube,
Sobol or plain random sequences (``scipy.stats.qmc``), as arrays over the draw axis.

The experiment design lives here, outside the model: the model only sees per-draw arrays.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError, SuspiciousInputWarning
from sim.experiments import rule_draws
from sim.experiments.correlation import correlated, correlation_matrix
from sim.experiments.distributions import Constant, distribution
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws
from sim.rules.certificate_price import to_eur
from sim.rules.compliance import DEFINITIVE_PERIOD_START

# name -> what it scales or sets (documented in docs/model.md and configs/ensemble/*.yaml)
UNCERTAINTIES = {
    "eua_level": "multiplier on the certificate price path from 2027",
    "eua_slope": "extra yearly growth of the certificate price from 2027 (0.02 = +2 %/yr)",
    "eua_volatility": "yearly log-volatility of a random walk around the price path",
    "domestic_price": "multiplier on the China ETS price path",
    "fx": "EUR/CNY exchange rate, CNY per EUR",
    "capex": "multiplier on the capex of every abatement option",
    "learning_rate": "multiplier on every option's learning rate",
    "adoption_speed": "share of an option's remaining potential started per year at most",
    "trade_elasticity": "multiplier on the trade elasticities",
    # rule uncertainties: the rule as applied in the year (firms invest on the configured
    # rule: the drawn one is not known ahead, docs/model.md)
    "cscf": "the cross-sectoral correction factor in every year (replaces policy.cscf)",
    "paid_share": "multiplier on the China ETS effectively paid share path (capped at 1)",
    "downstream_extension": "1: the downstream extension COM(2025) 989 adopted (from "
    "policy.downstream_extension_from, else 2028), 0: not (a bernoulli distribution)",
    "indirect_for_all_sectors_from": "the year from which indirect emissions count for every "
    "sector (replaces policy.indirect_for_all_sectors_from; a year after the run: not in it)",
    "cbam_factor": "the CBAM factor schedule drawn (replaces policy.cbam_factor), by its index "
    "in ensemble.uncertain.cbam_factor.schedules",
    "de_minimis_threshold_t": "the de minimis threshold, t of CBAM goods per importer a year "
    "(replaces policy.de_minimis_threshold_t)",
}
# the config keys each uncertainty sets or scales in a draw: a lever on one of them would
# be overridden or confounded by the draw, so it is refused (sim.experiments.levers)
UNCERTAIN_KEYS = {
    "eua_level": ("prices.eua_annual_eur", "prices.certificate_quarterly_eur"),
    "eua_slope": ("prices.eua_annual_eur",),
    "eua_volatility": ("prices.eua_annual_eur",),
    "domestic_price": ("prices.domestic_price_cny",),
    "fx": ("prices.fx_cny_per_eur",),
    "capex": ("technology.options",),
    "learning_rate": ("technology.options",),
    "adoption_speed": ("response.adoption_speed",),
    "trade_elasticity": ("response.trade_elasticity",),
    "cscf": ("policy.cscf", "policy.cscf_by_year"),
    "paid_share": ("prices.effectively_paid_share",),
    "downstream_extension": ("policy.downstream_extension_from",),
    "indirect_for_all_sectors_from": ("policy.indirect_for_all_sectors_from",),
    "cbam_factor": ("policy.cbam_factor",),
    "de_minimis_threshold_t": ("policy.de_minimis_threshold_t",),
}
SAMPLERS = ("lhs", "sobol", "random")
# random-walk shocks are drawn for the same 100 calendar years from the first year of the
# definitive period whatever the horizon, so a draw's path does not depend on it
DRAW_CALENDAR_START = DEFINITIVE_PERIOD_START
DRAW_CALENDAR_YEARS = 100


def sample(ens: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Sampled values of every declared uncertainty, each (n,)."""
    # [U] at most ten million draws: results are held in memory (draws x entities x years)
    n = checks.integer("ensemble.n", ens["n"], low=1, high=10_000_000)
    uncertain = ens.get("uncertain") or {}
    for name in uncertain:
        checks.choice(f"ensemble.uncertain.{name}", name, UNCERTAINTIES, "uncertain input")
    dists = {k: distribution(f"ensemble.uncertain.{k}", v) for k, v in uncertain.items()}
    if not dists:
        return {}
    sampler = checks.choice("ensemble.sampler", ens["sampler"], SAMPLERS, "sampler")
    seed = checks.integer("ensemble.seed", ens["seed"], low=0)
    d = len(dists)
    from scipy.stats import qmc

    if sampler == "lhs":
        u = qmc.LatinHypercube(d=d, seed=seed).random(n)
    elif sampler == "sobol":
        sobol_balance(n)
        with warnings.catch_warnings():  # said once, in our words, by sobol_balance
            warnings.simplefilter("ignore", UserWarning)
            u = qmc.Sobol(d=d, scramble=True, seed=seed).random(n)
    else:
        u = np.random.default_rng(seed).random((n, d))
    varying = [k for k, dist in dists.items() if not isinstance(dist, Constant)]
    pearson = correlation_matrix(varying, ens.get("correlations") or {})
    if pearson is not None:
        cols = [list(dists).index(k) for k in varying]
        u[:, cols] = correlated(u[:, cols], pearson)
    return {k: dist.ppf(u[:, i]) for i, (k, dist) in enumerate(dists.items())}


def sobol_balance(n: int) -> None:
    """One :class:`SuspiciousInputWarning`, before the run, when ``n`` is not a power of
    two: Sobol points keep their balance (low discrepancy) only for n = 2^k."""
    if n & (n - 1):
        low = 1 << (n.bit_length() - 1)
        warnings.warn(
            f"ensemble.sampler=sobol with ensemble.n={n:,}: Sobol points are balanced only "
            f"for a power of two; use ensemble.n={low:,} or {2 * low:,} (or sampler=lhs)",
            SuspiciousInputWarning,
            stacklevel=2,
        )


def build_draws(
    ens: Mapping[str, Any],
    inputs: Inputs,
    values: Mapping[str, np.ndarray] | None = None,
    common_shocks: bool = False,
) -> Draws:
    """Per-draw inputs from sampled values (or given ``values``, e.g. a Sobol design)
    around the central paths of ``inputs``; ``common_shocks``: one random-walk shock path
    for every draw (common random numbers)."""
    values = dict(sample(ens) if values is None else values)
    n = len(next(iter(values.values()))) if values else int(ens["n"])
    get = _per_draw(values, n)
    paths = _certificate_prices(ens, inputs, get, common_shocks)
    fx_d = get("fx", inputs.prices.fx_cny_per_eur)
    if np.any(fx_d <= 0):
        raise ConfigError("ensemble.uncertain.fx", float(fx_d.min()), "expected a rate > 0")
    cny = inputs.prices.domestic_price_cny[None, :] * get("domestic_price", 1.0)[:, None]
    domestic = to_eur(cny, fx_d[:, None])
    speed = get("adoption_speed", inputs.behaviour.adoption_speed)
    return Draws(
        certificate_price_eur=paths,
        domestic_price_eur=np.maximum(domestic, 0.0),
        capex_multiplier=np.repeat(get("capex", 1.0)[:, None], inputs.technology.ids.size, axis=1),
        learning_multiplier=get("learning_rate", 1.0),
        adoption_speed=np.clip(speed, 0.0, 1.0),
        elasticity_multiplier=np.maximum(get("trade_elasticity", 1.0), 0.0),
        parameters=values,
        descriptions=rule_draws.described({k: UNCERTAINTIES[k] for k in values}, ens),
        **rule_draws.rule_fields(ens, inputs, values),
    )


def _per_draw(values: Mapping[str, np.ndarray], n: int) -> Callable[[str, Any], np.ndarray]:
    """``get(name, default)``: the sampled values of an input, else its default in every one
    of the ``n`` draws (as floats)."""
    one = np.ones(n)

    def get(name: str, default: Any) -> np.ndarray:
        return np.asarray(values.get(name, default * one), float)

    return get


def _certificate_prices(
    ens: Mapping[str, Any],
    inputs: Inputs,
    get: Callable[[str, Any], np.ndarray],
    common_shocks: bool,
) -> np.ndarray:
    """Certificate price paths (draw, year): the central path times the sampled level and
    extra growth from 2027 (the second year of the draw calendar) and the random walk, capped
    at the price ceiling."""
    certificate_price = inputs.prices.certificate_price_eur
    first_year = int(inputs.years[0])
    t = np.arange(certificate_price.size) + (first_year - DRAW_CALENDAR_START)
    later = (t >= 1)[None, :]
    level = np.where(later, get("eua_level", 1.0)[:, None], 1.0)
    slope = (1.0 + get("eua_slope", 0.0)[:, None]) ** np.maximum(t - 0, 0)[None, :]
    paths = certificate_price[None, :] * level * np.where(later, slope, 1.0)
    sigma = get("eua_volatility", 0.0)
    if np.any(sigma > 0):
        offset = first_year - DRAW_CALENDAR_START
        paths = paths * np.exp(
            _walk(int(ens["seed"]), sigma, offset, certificate_price.size, common_shocks)
        )
    if inputs.prices.price_ceiling_eur is not None:
        paths = np.minimum(paths, inputs.prices.price_ceiling_eur)
    if np.any(paths <= 0):
        raise ConfigError("ensemble.uncertain", "eua_*", "sampled certificate prices must be > 0")
    return paths


def _walk(
    seed: int, sigma: np.ndarray, offset: int, years: int, common: bool = False, block: int = 65536
) -> np.ndarray:
    """Mean-preserving log random walk (n, years) from the calendar start + offset, zero in
    the calendar's first year.

    Shocks are drawn for the fixed 100-year calendar so that a draw's path does not depend
    on the horizon; rows are drawn in blocks from one stream (the same numbers as one big
    draw) to keep memory bounded for millions of draws. ``common``: every draw scales the
    same shock path (common random numbers), so that outputs are a deterministic function
    of the sampled inputs, as variance-based sensitivity analysis requires.
    """
    rng = np.random.default_rng([seed, 1])
    out = np.empty((sigma.size, years))
    shared = rng.standard_normal((1, DRAW_CALENDAR_YEARS)) if common else None
    for a in range(0, sigma.size, block):
        s = sigma[a : a + block, None]
        z = shared if common else rng.standard_normal((s.shape[0], DRAW_CALENDAR_YEARS))
        steps = z[:, : offset + years] * s - s**2 / 2  # later years: drawn, not used
        steps[:, 0] = 0.0
        out[a : a + block] = np.cumsum(steps, axis=1)[:, offset:]
    return out
