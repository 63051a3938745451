"""A lever and an uncertainty together (issue 15): the dimensions and coordinates, common
random numbers across policies, each policy bit for bit the plain run of its config
values, and the streamed file the same as the one held in memory, or no file at all."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import sim.lever_runs
import sim.streaming
from sim.lever_runs import simulate_levers
from sim.pipeline import run_to_file, simulate
from tests.conftest import compose_plain

LINE = "population.parks.park_b.direct_line_commissioned"
BASE = ["ensemble=uncertain", "ensemble.n=4", "population.parks.park_b.direct_line_share=0.5"]
LEVERS = f"ensemble.levers={{policy.cscf: [0.95, 1.0], {LINE}: [2028, 2031]}}"


@pytest.fixture(scope="module")
def cfg():
    return compose_plain([*BASE, LEVERS])


@pytest.fixture(scope="module")
def policies(cfg):
    return simulate(cfg)


def test_lever_and_uncertainty_give_lever_then_draw(policies):
    ds = policies
    assert ds.sizes["lever"] == 4 and ds.sizes["draw"] == 4
    assert ds["cbam_cost"].dims == ("lever", "draw", "entity", "year")
    assert ds["cbam_factor"].dims == ("lever", "year")  # every variable: lever first
    assert all(ds[v].dims[0] == "lever" for v in ds.data_vars)
    assert list(ds["lever_policy_cscf"].values) == [0.95, 0.95, 1.0, 1.0]
    line = ds[f"lever_{LINE.replace('.', '_')}"]
    assert list(line.values) == [2028, 2031, 2028, 2031] and line.attrs["config_key"] == LINE
    assert ds["lever"].values[1] == "cscf=0.95, direct_line_commissioned=2031"
    sampled = [str(c) for c in ds.coords if str(c).startswith("sampled_")]
    assert len(sampled) == 9 and all(ds[c].dims == ("draw",) for c in sampled)
    assert "policy.cscf" in ds.attrs["levers"] and "policy.cscf:" in ds.attrs["config"]
    assert ds["cbam_cost"].attrs["cbam_units"] == "EUR"  # variables keep their attributes


def test_same_draws_under_every_policy(policies):
    """Common random numbers: each draw's sampled values and price path are those of the
    same draw under every other policy; the levers move the outcome."""
    price = policies["certificate_price"]
    assert (price == price.isel(lever=0)).all()
    assert policies["domestic_carbon_price"].std("lever").max() == 0
    cost = policies["cbam_cost"].sum(("entity", "year"))
    assert not np.allclose(cost.sel(lever=policies.lever[0]), cost.sel(lever=policies.lever[2]))


@pytest.mark.parametrize(
    ("policy", "overrides"),
    [
        (1, ["policy.cscf=0.95", f"{LINE}=2031"]),  # a rule key with a park key
        (2, ["policy.cscf=1.0", f"{LINE}=2028"]),
    ],
)
def test_a_policy_is_the_plain_run_of_its_values(policies, policy, overrides):
    plain = simulate(compose_plain([*BASE, *overrides]))
    one = policies.isel(lever=policy)
    for name in plain.data_vars:
        assert np.array_equal(plain[name].values, one[name].values), name
    for name in plain.coords:
        assert np.array_equal(plain[name].values, one[name].values), name


def test_firms_know_the_lever(policies):
    """Investment follows the CSCF lever (firms value projects on it), which a drawn CSCF
    never moves: the capex of the same draws differs between the CSCF policies."""
    capex = policies["abatement_capex"].sum(("entity", "year"))
    low, high = capex.isel(lever=0), capex.isel(lever=2)
    assert not np.array_equal(low.values, high.values)


def test_streamed_file_equals_the_run_in_memory(cfg, policies, tmp_path):
    small = {**cfg, "ensemble": {**cfg["ensemble"], "stream": True, "chunk_size": 3}}
    _, path, status = run_to_file(small, tmp_path)
    assert status == "done"
    with xr.open_dataset(path) as a:
        assert a["cbam_cost"].dims == ("lever", "draw", "entity", "year")
        assert set(a.variables) == set(policies.variables)
        for name in policies.variables:
            assert np.array_equal(a[name].values, policies[name].values), name
        assert a.attrs["config_sha256"] == policies.attrs["config_sha256"]
        assert a["lever_policy_cscf"].attrs["config_key"] == "policy.cscf"
    assert [p.name for p in tmp_path.iterdir()] == ["results.nc"]
    assert run_to_file(small, tmp_path)[2] == "skipped"  # the same config: resumed


def test_a_failing_policy_leaves_no_file(cfg, tmp_path, monkeypatch):
    real = sim.lever_runs.run_plan
    calls = []

    def second_fails(c):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk gone")
        return real(c)

    monkeypatch.setattr(sim.lever_runs, "run_plan", second_fails)
    small = {**cfg, "ensemble": {**cfg["ensemble"], "stream": True, "chunk_size": 3}}
    with pytest.raises(OSError, match="disk gone"):
        run_to_file(small, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_lever_design_runs_named_policies():
    design = "ensemble.lever_design={enacted: {policy.cscf: 1.0}, strict: {policy.cscf: 0.9}}"
    cfg = compose_plain(["ensemble.n=1", design])
    ds = simulate_levers(cfg, None, {})
    assert list(ds["lever"].values) == ["enacted", "strict"]
    assert ds["cbam_cost"].dims == ("lever", "entity", "year")  # one draw: no draw axis
    assert list(ds["cscf"].isel(year=0).values) == [1.0, 0.9]


def test_policies_that_would_not_fit_are_refused_before_the_run(cfg, tmp_path, monkeypatch):
    import sim.pipeline
    from sim.errors import ConfigError

    monkeypatch.setattr(sim.streaming, "available_memory", lambda: 10**6)
    held = {**cfg, "ensemble": {**cfg["ensemble"], "stream": False}}
    with pytest.raises(ConfigError, match="would not fit in memory"):
        run_to_file(held, tmp_path)
    assert list(tmp_path.iterdir()) == []
