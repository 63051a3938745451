"""Correlated uncertainties (issue 15, item 1): a declared rank correlation holds within
sampling error, each input keeps its distribution, the others stay independent, and bad
declarations are named."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.errors import ConfigError
from sim.experiments.design import sample
from sim.experiments.sensitivity import sobol_over_time
from tests.conftest import compose_plain

UNCERTAIN = {
    "eua_level": {"dist": "lognormal", "median": 1.0, "sigma": 0.2},
    "domestic_price": {"dist": "triangular", "low": 0.55, "mode": 1.0, "high": 1.65},
    "capex": {"dist": "uniform", "low": 0.5, "high": 1.5},
}


def _ens(correlations, n=4096, sampler="lhs", seed=7):
    return {"n": n, "seed": seed, "sampler": sampler, "uncertain": UNCERTAIN,
            "correlations": correlations}  # fmt: skip


@pytest.mark.parametrize("sampler", ["lhs", "sobol", "random"])
@pytest.mark.parametrize("rho", [0.6, -0.4])
def test_the_declared_rank_correlation_holds_within_sampling_error(sampler, rho):
    x = sample(_ens({"eua_level": {"domestic_price": rho}}, sampler=sampler))
    got = stats.spearmanr(x["eua_level"], x["domestic_price"]).statistic
    assert got == pytest.approx(rho, abs=3 / np.sqrt(4096) + 0.01)
    # the third input stays independent of both
    for other in ("eua_level", "domestic_price"):
        assert abs(stats.spearmanr(x["capex"], x[other]).statistic) < 3 / np.sqrt(4096) + 0.01
    # each input keeps its declared distribution
    ks = stats.kstest(x["eua_level"], stats.lognorm(0.2, scale=1.0).cdf)
    assert ks.pvalue > 0.001
    ks = stats.kstest(x["domestic_price"], stats.triang(0.45 / 1.1, loc=0.55, scale=1.1).cdf)
    assert ks.pvalue > 0.001


def test_without_correlations_the_sample_is_unchanged():
    assert all(
        np.array_equal(a, b)
        for a, b in zip(
            sample(_ens({})).values(),
            sample({**_ens({}), "correlations": None}).values(),
            strict=True,
        )
    )


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"eua_level": {"fx": 0.5}}, "fx is not a varying uncertain input"),
        ({"eua_level": {"domestic_price": 1.5}}, "expected a value <= 1"),
        ({"eua_level": {"eua_level": 0.5}}, "correlation with itself"),
        ({"eua_level": {"domestic_price": 0.5}, "domestic_price": {"eua_level": 0.4}},
         "declared twice"),
        ({"eua_level": {"domestic_price": 0.95, "capex": 0.95}, "domestic_price": {"capex": -0.95}},
         "not positive definite"),
        ({"eua_level": 0.5}, "expected a mapping"),
    ],
)  # fmt: skip
def test_bad_correlations_are_named(declared, message):
    with pytest.raises(ConfigError, match=message):
        sample(_ens(declared, n=64))


def test_sobol_refuses_correlated_inputs():
    cfg = compose_plain(["ensemble=uncertain", "run.end_year=2027"])
    cfg["ensemble"]["correlations"] = {"eua_level": {"domestic_price": 0.5}}
    with pytest.raises(ConfigError, match="assume independent inputs"):
        sobol_over_time(cfg, n=4)
