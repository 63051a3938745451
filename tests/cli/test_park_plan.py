"""End to end: the park plan scenario through cbam-sim, read back from results.nc."""

from __future__ import annotations

import numpy as np

from sim.io.results import open_results
from tests.conftest import cli


def test_the_park_plan_scenario_writes_park_outputs(tmp_path):
    proc = cli(f"hydra.run.dir={tmp_path}", "scenario=park_direct_line_2028", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ds = open_results(tmp_path / "results.nc")
    b = ds.sel(park_id="park_b")
    assert b.park_asset_capacity.sel(park_asset="wind").values.tolist() == [0, 0] + [1000.0] * 7
    assert float(b.park_capex.sel(year=2026)) > 0 and float(b.park_capex.sum()) == float(
        b.park_capex.sel(year=2026)
    )
    members = ds.park == "park_b"
    shares = ds.park_capex_share.where(members, 0.0).sum("entity")
    assert np.array_equal(np.round(shares.values * 100), np.round(b.park_capex.values * 100))
    supplied = ds.park_power_share.where(members, drop=True)
    assert float(supplied.sel(year=2026).max()) == 0.0
    assert float(supplied.sel(year=2028).min()) > 0.4  # about half the units' electricity
    assert float(b.green_hydrogen.sel(year=2028)) > 0
    assert ds.park_asset_capacity.attrs["units"] == "MW"
    others = ds.park_capex.drop_sel(park_id="park_b")
    assert float(abs(others).sum()) == 0.0
