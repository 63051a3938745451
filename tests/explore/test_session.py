"""The in-process session: the same results as sim.api / the shipped scenarios, bit for
bit, and a lever set run once."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from sim import api


def assert_same_results(a: xr.Dataset, b: xr.Dataset) -> None:
    assert sorted(a.data_vars) == sorted(b.data_vars)
    for name in a.data_vars:
        np.testing.assert_array_equal(a[name].values, b[name].values, err_msg=name)


@pytest.mark.parametrize(
    ("values", "overrides"),
    [
        ({"cscf": 0.95}, ["policy.cscf=0.95"]),
        ({"park_c_plan_target": 2030}, ["scenario=park_c_zero_carbon_2030"]),
        ({"park_c_plan_target": 2031}, ["scenario=park_c_plan_from_2028"]),
        ({"park_b_line_from": 2028}, ["scenario=park_direct_line_2028"]),
        ({"h2_dri_support": True}, ["scenario=h2_dri_transition"]),
        ({"downstream": True}, ["scenario=downstream_2028"]),
        ({"indirect_from": 2030}, ["scenario=indirect_2030"]),
        ({"verified_data": "everyone"}, ["scenario=early_verified_data"]),
    ],
)
def test_a_lever_gives_the_results_of_the_scenario_it_stands_for(session, values, overrides):
    assert_same_results(session.run(values).ds, api.run(overrides))


def test_the_baseline_is_the_default_run(session):
    assert_same_results(session.baseline.ds, api.run([]))


def test_a_lever_set_is_simulated_once(session):
    assert session.run({"cscf": 0.97}) is session.run({"cscf": 0.97, "downstream": False})


def test_an_unknown_lever_is_named(session):
    with pytest.raises(KeyError, match="no lever named 'cscff'"):
        session.run({"cscff": 0.9})
