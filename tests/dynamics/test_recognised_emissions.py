"""recognised_emissions: the domestic emissions before offsets plus the grid power that
unbundled certificates claimed as zero-carbon (CBAM recognises direct lines and PPAs only,
Reg. 2023/956 Annex IV points 5-6)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from sim.io.provenance import stored_config


def test_certificates_are_added_back_at_the_power_factor(baseline_results):
    ds = baseline_results
    population = stored_config(ds)["population"]
    grid = population["grid_emission_factor"]
    # each unit's power factor: its own (a direct line to hydro, ...) or the grid's
    own = [population["entities"][str(e)].get("power_emission_factor") for e in ds["entity"].values]
    factor = xr.DataArray([grid if f is None else f for f in own], dims="entity")
    gec = ds["green_power_share"].sel(power_kind="gec")
    expected = ds["energy_emissions"] + ds["electricity_use"] * gec * factor
    assert float(gec.sum()) > 0  # the baseline buys certificates: the test can fail
    np.testing.assert_allclose(ds["recognised_emissions"], expected, rtol=1e-12)


def test_without_green_power_both_accountings_agree(frozen_results):
    ds = frozen_results
    no_green = ds["green_power_share"].sum("power_kind") == 0
    assert bool(no_green.any())
    np.testing.assert_allclose(
        ds["recognised_emissions"].where(no_green, 0), ds["energy_emissions"].where(no_green, 0)
    )
