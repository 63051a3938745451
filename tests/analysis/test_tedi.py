"""Savings by TEDI subsystem: the parts sum to the change in cost, and each lever shows
in its own subsystem."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.tedi import SUBSYSTEMS, tedi, tedi_between_scenarios, tedi_table
from sim.errors import MissingVariablesError
from sim.pipeline import simulate
from tests.conftest import compose_plain

SHORT = ["run.end_year=2030"]


@pytest.fixture(scope="module")
def runs():
    base = simulate(compose_plain(["response.enabled=false", *SHORT]))
    verified = simulate(
        compose_plain(["response.enabled=false", "response.verified_data=everyone", *SHORT])
    )
    return base, verified


def test_the_parts_sum_to_the_change_for_every_entity_and_year(runs):
    base, _ = runs
    out = tedi(base.sel(year=2026), base.sel(year=2030))
    total = out["contribution"].sum("subsystem")
    np.testing.assert_allclose(total.values, out["change"].values, rtol=1e-9, atol=1e-3)
    assert list(out["subsystem"].values) == list(SUBSYSTEMS)


def test_verified_data_for_all_shows_as_the_data_subsystem(runs):
    base, verified = runs
    out = tedi_between_scenarios(base, verified)
    by = out["contribution"].sum(["entity", "year"])
    # units on default values leave the marked-up default values: data saves, and only
    # data moves the intensity (nothing else changed: the response is frozen)
    assert float(by.sel(subsystem="data")) < -1e6
    assert abs(float(by.sel(subsystem="technology"))) < 1e-6 * abs(float(by.sel(subsystem="data")))
    assert abs(float(by.sel(subsystem="energy"))) < 1e-6 * abs(float(by.sel(subsystem="data")))
    np.testing.assert_allclose(float(by.sum()), float(out["change"].sum()), rtol=1e-9)


def test_a_recognised_green_line_shows_as_energy_where_indirect_emissions_count(runs):
    base, _ = runs
    cfg = compose_plain(["response.enabled=false", *SHORT])
    cfg["population"]["parks"]["park_d"]["direct_line_commissioned"] = 2027
    cfg["population"]["parks"]["park_d"]["direct_line_share"] = 1.0
    line = simulate(cfg)
    out = tedi_between_scenarios(base, line)
    cement = out["contribution"].where(out["sector"] == "cement", 0.0).sum(["entity", "year"])
    assert float(cement.sel(subsystem="energy")) < 0.0  # cement counts indirect emissions
    assert float(cement.sel(subsystem="technology")) == pytest.approx(0.0, abs=1e-3)
    table = tedi_table(out, "park")
    assert "E energy" in table and "park_d" in table


def test_results_without_the_split_variables_are_named(runs):
    base, _ = runs
    with pytest.raises(MissingVariablesError, match="actual_specific_emissions"):
        tedi(base.drop_vars("actual_specific_emissions").sel(year=2026), base.sel(year=2027))
