"""Discrete distributions of ``ensemble.uncertain`` (the rule uncertainties' years,
thresholds and named schedules): categories drawn in their probabilities, a unit-interval
sample mapped to a category by thresholds (so that Sobol and Morris samples work), and
cbam-sobol ranking a categorical input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats

from sim.errors import UnreliableEstimateWarning
from sim.experiments.design import sample
from sim.experiments.distributions import distribution
from sim.experiments.screening import morris_over_time
from sim.experiments.sensitivity import sobol_over_time, sobol_table
from tests.conftest import compose_plain

YEARS = {"dist": "categorical", "values": [2028, 2031, 2035], "p": [0.5, 0.3, 0.2]}


def _ens(n: int, sampler: str, **uncertain) -> dict:
    return {"n": n, "sampler": sampler, "seed": 7, "uncertain": uncertain}


def test_categorical_frequencies_match_the_probabilities_within_sampling_error():
    n = 20_000
    x = sample(_ens(n, "random", indirect_for_all_sectors_from=YEARS))
    counts = np.array([(x["indirect_for_all_sectors_from"] == v).sum() for v in YEARS["values"]])
    p = np.array(YEARS["p"])
    assert counts.sum() == n
    # within 4 binomial standard deviations (a false alarm about once in 16,000 seeds)
    assert (np.abs(counts - n * p) <= 4 * np.sqrt(n * p * (1 - p))).all(), counts


def test_a_latin_hypercube_draws_each_category_in_exactly_its_share():
    x = sample(_ens(100, "lhs", indirect_for_all_sectors_from=YEARS))
    got = [int((x["indirect_for_all_sectors_from"] == v).sum()) for v in YEARS["values"]]
    assert got == [50, 30, 20]


def test_integer_years_are_equally_likely_and_within_the_range():
    spec = {"dist": "integer", "low": 2028, "high": 2034}
    x = sample(_ens(700, "lhs", indirect_for_all_sectors_from=spec))
    years, counts = np.unique(x["indirect_for_all_sectors_from"], return_counts=True)
    assert list(years) == list(range(2028, 2035)) and (counts == 100).all()


def test_a_unit_sample_maps_to_a_category_by_the_cumulative_thresholds():
    dist = distribution("k", YEARS)
    u = np.array([0.0, 1e-12, 0.5, 0.5 + 1e-9, 0.8, 0.8 + 1e-9, 1.0])
    # u = 0 (which a scipy discrete ppf puts below the support) is the first category
    np.testing.assert_array_equal(dist.ppf(u), [2028, 2028, 2028, 2031, 2031, 2035, 2035])
    named = distribution("k", {"dist": "categorical", "p": [0.25, 0.75],
                               "schedules": {"a": {}, "b": {}}})  # fmt: skip
    np.testing.assert_array_equal(named.ppf(np.array([0.2, 0.3])), [0.0, 1.0])


def test_sobol_indices_of_a_categorical_input_match_the_analytic_ones():
    """f = c + z with c categorical (values 0, 1, 4; p 0.5, 0.3, 0.2) and z ~ U(0, 1):
    S_c = Var(c) / (Var(c) + 1/12), S_z the rest; nothing interacts."""
    c = distribution("c", {"dist": "categorical", "values": [0, 1, 4], "p": [0.5, 0.3, 0.2]})
    var_c = 0.3 + 0.2 * 16 - (0.3 + 0.8) ** 2
    table = sobol_table(lambda x: (x[0] + x[1])[None, :], [c, stats.uniform(0, 1)], 4096, 3)
    expected = np.array([var_c, 1 / 12]) / (var_c + 1 / 12)
    np.testing.assert_allclose(table["first_order"][0], expected, atol=0.03)
    np.testing.assert_allclose(table["total_order"][0], expected, atol=0.03)


@pytest.fixture(scope="module")
def rule_cfg():
    schedules = "{enacted: {2026: 0.975, 2027: 0.95}, flat: {2026: 0.975, 2027: 0.975}}"
    even = "dist: categorical, p: [0.5, 0.5]"
    return compose_plain([
        "ensemble=none", "run.end_year=2027", "response.enabled=false",
        f"+ensemble.uncertain.cbam_factor={{{even}, schedules: {schedules}}}",
        f"+ensemble.uncertain.de_minimis_threshold_t={{{even}, values: [50, 500]}}",
        "+ensemble.uncertain.cscf={dist: uniform, low: 0.999, high: 1.0}",
    ])  # fmt: skip


def test_cbam_sobol_ranks_categorical_rule_draws(rule_cfg):
    """The CBAM factor schedules differ only in 2027: there it moves the cost most; the
    de minimis threshold moves the cost of both years (a tiny CSCF range, little)."""
    with warnings.catch_warnings():  # n = 16: the intervals are wide, as it warns
        warnings.simplefilter("ignore", UnreliableEstimateWarning)
        rule_indices = sobol_over_time(rule_cfg, n=16).total_order.sel(output="cbam_cost")
    names = list(rule_indices.parameter.values)
    assert names == ["cbam_factor", "de_minimis_threshold_t", "cscf"]
    y2026, y2027 = rule_indices.sel(year=2026), rule_indices.sel(year=2027)
    assert float(y2026.sel(parameter="cbam_factor")) == pytest.approx(0.0, abs=1e-9)
    assert names[int(np.argmax(y2027.values))] == "cbam_factor"
    assert names[int(np.argmax(y2026.values))] == "de_minimis_threshold_t"


def test_morris_screens_categorical_rule_draws(rule_cfg):
    """Morris's grid (4 levels: quantiles 0.01, 0.337, 0.663, 0.99) crosses the 0.5
    threshold of each two-category input in every step: the same ranking."""
    mu = morris_over_time(rule_cfg, seed=1).mu_star.sel(output="cbam_cost")
    names = list(mu.parameter.values)
    assert float(mu.sel(year=2026, parameter="cbam_factor")) == 0.0
    assert names[int(np.argmax(mu.sel(year=2027).values))] == "cbam_factor"
    assert names[int(np.argmax(mu.sel(year=2026).values))] == "de_minimis_threshold_t"
