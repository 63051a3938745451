"""Sobol indices: a toy model with known analytic indices, and the model over time."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.errors import ConfigError
from sim.experiments.sensitivity import (
    LONG_NAMES,
    OUTPUTS,
    Intervals,
    indices_dataset,
    interval_warnings,
    sobol_over_time,
    sobol_table,
)
from tests.conftest import compose_plain


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return (np.sin(x[0]) + a * np.sin(x[1]) ** 2 + b * x[2] ** 4 * np.sin(x[0]))[None, :]


def test_ishigami_indices_match_the_analytic_values():
    # Ishigami & Homma (1990), a = 7, b = 0.1:
    # S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    dists = [stats.uniform(-np.pi, 2 * np.pi)] * 3
    table = sobol_table(ishigami, dists, n=8192, seed=1)
    first, total = table["first_order"], table["total_order"]
    np.testing.assert_allclose(first[0], [0.3139, 0.4424, 0.0], atol=0.04)
    np.testing.assert_allclose(total[0], [0.5576, 0.4424, 0.2437], atol=0.04)


def test_additive_toy_model_splits_variance_by_squared_weights():
    # Y = X1 + 2 X2, X uniform: S1 = 1/5, S2 = 4/5, no interactions (ST = S)
    table = sobol_table(
        lambda x: (x[0] + 2 * x[1])[None, :], [stats.uniform(0, 1)] * 2, n=4096, seed=2
    )
    first, total = table["first_order"], table["total_order"]
    np.testing.assert_allclose(first[0], [0.2, 0.8], atol=0.03)
    np.testing.assert_allclose(total[0], [0.2, 0.8], atol=0.03)


ISHIGAMI = {
    "first_order": np.array([0.3139, 0.4424, 0.0]),
    "total_order": np.array([0.5576, 0.4424, 0.2437]),
}


def test_ishigami_intervals_cover_the_analytic_indices_at_their_level():
    """Over 20 independent estimates at n = 512, the 90 % bootstrap intervals hold the
    analytic indices about 90 % of the time (binomial: at least 75 % of 120 in all but
    a 1-in-10,000 case), and they narrow as n grows."""
    dists = [stats.uniform(-np.pi, 2 * np.pi)] * 3
    ci = Intervals(level=0.9, resamples=200)
    hits, widths = [], {}
    for seed in range(20):
        table = sobol_table(ishigami, dists, n=512, seed=seed, intervals=ci)
        for order, truth in ISHIGAMI.items():
            low, high = table[f"{order}_low"][0], table[f"{order}_high"][0]
            assert (low <= table[order][0] + 1e-12).all() and (
                table[order][0] <= high + 1e-12
            ).all()
            hits += list((low <= truth) & (truth <= high))
        widths.setdefault(512, []).append(float(np.mean(high - low)))
    assert np.mean(hits) >= 0.75, np.mean(hits)
    wide = sobol_table(ishigami, dists, n=128, seed=0, intervals=ci)
    assert np.mean(wide["total_order_high"] - wide["total_order_low"]) > np.mean(widths[512])


def test_interval_warnings_name_the_widest_and_the_crossed_indices():
    years, names = np.array([2026, 2027]), ["a", "b"]
    shape = (len(OUTPUTS), 2, 2)
    table = {k: np.full(shape, v) for k, v in (("first_order", 0.2), ("total_order", 0.3))}
    table |= {
        "first_order_low": table["first_order"] - 0.01,
        "first_order_high": table["first_order"] + 0.01,
    }
    table |= {
        "total_order_low": table["total_order"] - 0.01,
        "total_order_high": table["total_order"] + 0.01,
    }
    table["total_order_high"][1, 1, 0] = 0.6  # wide: 0.31
    table["first_order_low"][2, 0, 1] = 0.5  # above the total order's interval
    table = {k: v.reshape(len(OUTPUTS) * 2, 2) for k, v in table.items()}
    ds = indices_dataset(table, years, names, 64, Intervals())
    wide, crossed = interval_warnings(ds, 0.1)
    assert wide.startswith("1 of 32 Sobol intervals are wider than 0.1 (widest 0.31: a on ")
    assert f"on {list(OUTPUTS)[1]} in 2027" in wide and "sensitivity.n (now 64)" in wide
    assert crossed.startswith("1 first-order Sobol index exceeds its total-order index")
    assert f"b on {list(OUTPUTS)[2]} in 2026" in crossed
    assert interval_warnings(ds, 0.5)[0] == crossed
    no_intervals = {k: v for k, v in table.items() if k in ("first_order", "total_order")}
    assert (
        interval_warnings(
            indices_dataset(no_intervals, years, names, 64, Intervals(resamples=0)), 0.1
        )
        == []
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("confidence_level", 1.0),
        ("confidence_level", "high"),
        ("bootstrap_resamples", -1),
        ("bootstrap_resamples", 2.5),
        ("wide_interval", -0.1),
    ],
)
def test_bad_interval_settings_name_the_key(key, value):
    cfg = compose_plain(["ensemble=uncertain", "run.end_year=2027"])
    cfg["sensitivity"][key] = value
    with pytest.raises(ConfigError, match=rf"sensitivity\.{key}"):
        sobol_over_time(cfg, n=4)


def test_base_sample_size_must_be_a_power_of_two():
    with pytest.raises(ConfigError, match=r"sensitivity\.n"):
        sobol_table(ishigami, [stats.uniform(0, 1)] * 3, n=1000, seed=0)


def test_model_sobol_indices_over_time():
    ds = sobol_over_time(compose_plain(["ensemble=uncertain", "run.end_year=2030"]), n=64)
    assert ds.first_order.dims == ("output", "year", "parameter")
    assert list(ds.output.values) == list(OUTPUTS)
    assert ds.sizes["year"] == 5 and ds.sizes["parameter"] == 9
    assert np.isfinite(ds.total_order).all()
    # every index with its interval (the default 95 %, 100 resamples), the estimate inside
    assert ds.attrs["confidence_level"] == 0.95 and ds.attrs["bootstrap_resamples"] == 100
    for order in ("first_order", "total_order"):
        assert np.isfinite(ds[f"{order}_low"]).all() and np.isfinite(ds[f"{order}_high"]).all()
        assert (ds[f"{order}_low"] <= ds[order] + 1e-12).all()
        assert (ds[order] <= ds[f"{order}_high"] + 1e-12).all()
    # 2026 prices are published, so the EU price level cannot matter for 2026 cost
    assert float(
        ds.total_order.sel(output="cbam_cost", year=2026, parameter="eua_level")
    ) == pytest.approx(0.0, abs=0.05)
    # by 2030 the EU price level is among the largest drivers of the year's cost
    st = ds.total_order.sel(output="cbam_cost", year=2030)
    assert str(st.parameter[int(np.argmax(st.values))].values) in {
        "eua_level",
        "eua_slope",
        "eua_volatility",
    }


def test_streamed_outputs_equal_those_of_every_draw_held_in_memory(monkeypatch):
    """The outputs are reduced chunk by chunk (memory set by the chunk), from draws built
    block by block: the same bits as the reduction of every draw's results joined in
    memory (the code before issue 14), so the indices are the same; blocks of 1,000 draws,
    chunks of 1,024 draws, on two threads."""
    import sim.experiments.sensitivity as sensitivity
    from sim.dynamics.batch import run_chunked
    from sim.experiments.design import build_draws
    from sim.experiments.sensitivity import model_outputs
    from sim.inputs.gate import build_inputs

    cfg = compose_plain(["ensemble=uncertain", "run.end_year=2028"])
    names = ["eua_level", "capex", "eua_volatility"]  # the random walk, common shocks
    x = np.random.default_rng(3).uniform(0.8, 1.2, size=(3, 2500))
    x[2] = x[2] - 0.75
    monkeypatch.setattr(sensitivity, "DRAW_BLOCK", 1000)
    streamed = model_outputs(cfg, names)(x)
    inp = build_inputs(cfg)
    draws = build_draws(
        cfg["ensemble"], inp, values=dict(zip(names, x, strict=True)), common_shocks=True
    )
    kept = ["cbam_cost", "abatement_capex", "direct_intensity"]
    out = run_chunked(inp, draws, 1024, kept, workers=2)
    w = inp.behaviour.production_t
    cost, capex = out["cbam_cost"].sum(axis=1), out["abatement_capex"].sum(axis=1)
    intensity = (out["direct_intensity"] * w[:, None]).sum(axis=1) / w.sum()
    parts = [cost, np.cumsum(cost, axis=1), np.cumsum(capex, axis=1), intensity]
    joined = np.concatenate([p.T for p in parts], axis=0)
    assert streamed.shape == joined.shape == (4 * 3, 2500)
    bad = np.argwhere(streamed != joined)
    assert not bad.size, (bad[:5], streamed[tuple(bad[0])], joined[tuple(bad[0])], bad.shape)


def test_a_sobol_ensemble_not_a_power_of_two_is_warned_once_in_our_words():
    import warnings

    from sim.errors import SuspiciousInputWarning
    from sim.experiments.design import sample

    ens = compose_plain(["ensemble=uncertain", "ensemble.sampler=sobol"])["ensemble"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sample({**ens, "n": 1000})
    # one warning, ours (scipy's own, with its source path, is not shown)
    assert [w.category for w in caught] == [SuspiciousInputWarning]
    assert "ensemble.n=1,000: Sobol points are balanced only" in str(caught[0].message)
    assert "use ensemble.n=512 or 1,024" in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sample({**ens, "n": 1024})


def test_the_power_of_two_rule_is_checked_before_the_inputs_are_built(monkeypatch):
    import sim.experiments.sensitivity as sensitivity

    monkeypatch.setattr(sensitivity, "build_inputs", lambda cfg: pytest.fail("built"))
    with pytest.raises(ConfigError, match=r"power of two >= 2 .*e\.g\. 64"):
        sobol_over_time(compose_plain(["ensemble=uncertain"]), n=100)
    assert sensitivity.model_runs(compose_plain(["ensemble=uncertain"]), 64) == 64 * 11


def test_an_interval_the_bootstrap_cannot_estimate_is_reported():
    table = {k: np.full((len(OUTPUTS), 2), 0.3) for k in LONG_NAMES}
    table["total_order_low"][0, 1] = np.nan
    ds = indices_dataset(table, np.array([2026]), ["a", "b"], 64, Intervals())
    assert interval_warnings(ds, 0.1) == [
        "1 ends of Sobol intervals could not be estimated (a degenerate bootstrap: an output "
        "that hardly varies in a year); they are left empty (NaN)"
    ]


def test_the_evaluations_are_read_in_scipys_order_or_refused():
    """The intervals are computed from the model evaluations scipy made; reading them in
    another order than scipy's would give other indices, and is refused."""
    from scipy.stats import sobol_indices

    from sim.experiments import sobol_intervals

    dists = [stats.uniform(-np.pi, 2 * np.pi)] * 3
    calls = []

    def evaluate(x):
        calls.append(ishigami(x))
        return calls[-1]

    res = sobol_indices(func=evaluate, n=256, dists=dists, rng=np.random.default_rng(3))
    f = sobol_intervals.evaluations(calls, 256, 3)
    sobol_intervals.checked(f, 256, res.first_order, res.total_order)
    swapped = sobol_intervals.evaluations([calls[1], calls[0], calls[2]], 256, 3)
    with pytest.raises(RuntimeError, match="unknown order"):
        sobol_intervals.checked(swapped, 256, res.first_order, res.total_order)
