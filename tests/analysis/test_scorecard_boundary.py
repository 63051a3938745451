"""The scorecard's accounting boundary: operational vs life-cycle, CO2 only in the core."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from sim.analysis.scorecard import scorecard
from sim.errors import ConfigError, MissingVariablesError
from tests.analysis.test_scorecard import SETTINGS, two_entity_park

ENERGY = 634_740  # tce of the hand-worked park (tests/analysis/test_scorecard.py)
CO2 = 2_370_000  # its energy emissions, t


def _with_embodied(ds: xr.Dataset) -> xr.Dataset:
    # the mill amortises 90,000 t of embodied emissions this year, the urea plant 10,000
    ds["embodied_emissions"] = xr.DataArray([[90_000.0], [10_000.0]], dims=("entity", "year"))
    return ds


def test_life_cycle_adds_embodied_carbon_and_operational_does_not():
    ds = _with_embodied(two_entity_park())
    op = scorecard(ds, {**SETTINGS, "boundary": "operational"}).sel(park="p1", year=2030)
    lc = scorecard(ds, {**SETTINGS, "boundary": "life_cycle"}).sel(park="p1", year=2030)
    assert float(op["core_intensity"]) == pytest.approx(CO2 / ENERGY)
    assert float(lc["core_intensity"]) == pytest.approx((CO2 + 100_000) / ENERGY)
    # offsets (5 % of the mill's 2,165,000 t) over emissions before offsets, embodied included
    assert float(lc["offset_dependence"]) == pytest.approx(108_250 / (CO2 + 100_000))
    assert float(op["energy_use"]) == float(lc["energy_use"])
    # the claimed and CBAM-recognised accountings take the embodied emissions too: the trap
    # gap does not depend on the boundary
    for name in ("claimed_emissions", "recognised_emissions"):
        assert float(lc[name]) == pytest.approx(float(op[name]) + 100_000)
    assert float(lc["trap_gap_emissions"]) == pytest.approx(float(op["trap_gap_emissions"]))


def test_operational_is_the_default():
    ds = _with_embodied(two_entity_park())
    settings = {k: v for k, v in SETTINGS.items() if k != "boundary"}
    a = scorecard(ds, settings)
    b = scorecard(ds, {**SETTINGS, "boundary": "operational"})
    xr.testing.assert_identical(a, b)


def test_the_core_indicator_counts_co2_only():
    # the urea plant's 205,000 t include 26,500 t of N2O and 5,600 t of CH4 (CO2e)
    ds = two_entity_park()
    gases = np.zeros((2, 5, 1))
    gases[0, 0, 0] = 2_000_000
    gases[1, :3, 0] = [117_900, 5_600, 26_500]
    ds["direct_emissions_by_gas"] = (("entity", "gas", "year"), gases)
    ds = ds.assign_coords(gas=["CO2", "CH4", "N2O", "CF4", "C2F6"])
    sc = scorecard(ds, SETTINGS).sel(park="p1", year=2030)
    assert float(sc["core_intensity"]) == pytest.approx((CO2 - 32_100) / ENERGY)
    # every accounting counts CO2 only: the claimed and recognised ones lose the same gases
    before = scorecard(two_entity_park(), SETTINGS).sel(park="p1", year=2030)
    for name in ("claimed_emissions", "recognised_emissions"):
        assert float(sc[name]) == pytest.approx(float(before[name]) - 32_100)
    assert float(sc["trap_gap_emissions"]) == pytest.approx(float(before["trap_gap_emissions"]))


def test_life_cycle_needs_the_embodied_emissions():
    with pytest.raises(MissingVariablesError, match="embodied_emissions"):
        scorecard(two_entity_park(), {**SETTINGS, "boundary": "life_cycle"})


def test_an_unknown_boundary_is_named():
    with pytest.raises(ConfigError) as err:
        scorecard(two_entity_park(), {**SETTINGS, "boundary": "cradle_to_grave"})
    assert str(err.value).startswith("scorecard.boundary = 'cradle_to_grave': no such boundary")


def test_baseline_life_cycle_raises_the_core_intensity_by_the_embodied_share(baseline_results):
    ds = baseline_results
    op = scorecard(ds, {**SETTINGS, "boundary": "operational"})
    lc = scorecard(ds, {**SETTINGS, "boundary": "life_cycle"})
    embodied = ds["embodied_emissions"].groupby("park").sum("entity")
    assert float(embodied.sum()) > 0
    added = (lc["core_intensity"] - op["core_intensity"]) * op["energy_use"]
    np.testing.assert_allclose(added.transpose(*embodied.dims), embodied, rtol=1e-9, atol=1e-6)
