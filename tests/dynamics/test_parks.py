"""Park infrastructure in the yearly step: lead times, the connection, capex once and shared
to the cent, the decision rule and learning across the run."""

from __future__ import annotations

import numpy as np
import pytest

from sim.axes import DIRECT_LINE
from sim.dynamics.batch import run_model
from sim.pipeline import model_inputs

YEARS = list(range(2026, 2035))


def with_plan(cfg, park="park_b", **plan):
    cfg["population"]["parks"][park]["plan"] = {
        "mode": "plan",
        "start_year": 2026,
        "target_year": None,
        "assets": {"wind": 500.0, "connection": 1.0},
        "cost_key": "electricity",
        "source": "test",
        **plan,
    }
    return cfg


def run(cfg):
    inp, draws = model_inputs(cfg)
    return inp, run_model(inp, draws)


def members(inp, park="park_b"):
    return np.flatnonzero(inp.population.park == park)


def p_index(inp, park="park_b"):
    return list(inp.parks.ids).index(park)


def test_no_power_before_the_lead_time_is_over(base_cfg):
    # wind has a 2-year lead: started in 2027, it generates from 2029 on, not before
    inp, out = run(with_plan(base_cfg, start_year=2027))
    p, e = p_index(inp), members(inp)
    gen = out["park_generation"][0, p]
    assert np.all(gen[:3] == 0) and np.all(gen[3:] > 0)
    share = out["park_power_share"][0][e]
    assert np.all(share[:, :3] == 0) and np.all(share[:, 3:] > 0)
    wind = out["park_asset_capacity"][0, p, 1]
    assert wind.tolist() == [0, 0, 0] + [500.0] * 6


def test_generation_is_direct_line_power_only_with_the_connection(base_cfg):
    inp, base = run(base_cfg)
    _, linked = run(with_plan(base_cfg))
    _, alone = run(with_plan(base_cfg, assets={"wind": 500.0}))
    p, e = p_index(inp), members(inp)
    assert np.all(alone["park_generation"][0, p, 2:] > 0)
    assert np.all(alone["park_power_share"] == 0)
    line = slice(None), DIRECT_LINE
    assert np.array_equal(
        alone["green_power_share"][0][e][line], base["green_power_share"][0][e][line]
    )
    assert np.all(linked["park_power_share"][0][e, 2:] > 0)
    assert np.all(
        linked["green_power_share"][0][e][line][:, 2:]
        > base["green_power_share"][0][e][line][:, 2:]
    )
    # wind at 0.33 in Inner Mongolia: 500 MW x 8760 h x 0.33 = 1.445 TWh, all usable
    use = linked["electricity_use"][0][e, 2]
    assert linked["park_power_share"][0][e, 2] == pytest.approx(500 * 8760 * 0.33 / use.sum())


def test_capex_appears_once_and_is_shared_to_the_cent(base_cfg):
    inp, out = run(with_plan(base_cfg, assets={"wind": 500.0, "pv": 300.0, "connection": 1.0}))
    p, e = p_index(inp), members(inp)
    capex = out["park_capex"][0]
    assert np.count_nonzero(capex) == 1 and capex[p, 0] > 0  # the start year, this park only
    fx = 8.0  # prices.fx_cny_per_eur: 500 MW wind at 4,500 CNY/kW, 300 MW PV at 3,100, 10 M
    assert capex[p, 0] == pytest.approx((500e3 * 4500 + 300e3 * 3100 + 10e6) / fx)
    shares = out["park_capex_share"][0]
    assert round(shares[e, 0].sum() * 100) == round(capex[p, 0] * 100)
    others = np.setdiff1d(np.arange(inp.population.ids.size), e)
    assert np.all(shares[others] == 0) and np.all(shares[:, 1:] == 0)
    use = out["electricity_use"][0][e, 0]
    assert shares[e, 0] == pytest.approx(capex[p, 0] * use / use.sum(), abs=0.01)


def test_decide_invests_when_it_pays_and_not_otherwise(base_cfg):
    # the grid tariff alone: 500 MW of wind supply 1.445 TWh a year; at 630 - 150 CNY/MWh
    # that is EUR 87 m a year against an annuity of 281 m x CRF(8 %, 20) + O&M = 35.7 m
    inp, out = run(with_plan(base_cfg, mode="decide", start_year=2027))
    p = p_index(inp)
    assert np.flatnonzero(out["park_capex"][0, p]).tolist() == [1]  # 2027, its first year
    cheap = with_plan(base_cfg, mode="decide", start_year=2027)
    cheap["park_assets"]["grid_tariff_cny_per_mwh"] = 150.0  # no saving left after charges
    cheap["policy"]["cbam_enabled"] = False
    _, none = run(cheap)
    assert np.all(none["park_capex"] == 0) and np.all(none["park_generation"] == 0)


def test_learning_lowers_the_capex_of_a_later_start(base_cfg):
    early_cfg = with_plan(base_cfg, assets={"pv": 100.0})
    inp, early = run(early_cfg)
    _, late = run(with_plan(base_cfg, start_year=2030, assets={"pv": 100.0}))
    p = p_index(inp)
    first, later = early["park_capex"][0, p, 0], late["park_capex"][0, p, 4]
    # global PV grows 20 %/yr: 1.2^4 = 2.07 doublings^(log2) -> x 0.8^log2(2.0736)
    assert later == pytest.approx(first * 0.8 ** np.log2(1.2**4), rel=1e-6)


def test_operating_cost_is_o_and_m_less_the_tariff_and_hydrogen_saved(base_cfg):
    assets = {"wind": 500.0, "electrolyser": 20.0, "connection": 1.0}
    inp, out = run(with_plan(base_cfg, assets=assets))
    p, e, fx = p_index(inp), members(inp), 8.0
    # O&M at the 2026 capex: wind 2.5 %, electrolyser 2 %, connection 1 % a year
    om = (500e3 * 4500 * 0.025 + 20e3 * 2000 * 0.02 + 10e6 * 0.01) / fx
    year = 3  # 2029: everything in service
    h2 = out["green_hydrogen"][0, p, year]
    tariff = (out["park_power_share"][0][e, year] * out["electricity_use"][0][e, year]).sum()
    expected = om - h2 * 11000 / fx - tariff * (630 - 150) / fx  # tariff less charges
    assert out["park_opex_share"][0][e, year].sum() == pytest.approx(expected)
    assert np.all(out["park_opex_share"][0][e, 0] == 0)  # nothing in service in 2026
    parts = ("cbam_cost", "abatement_capex", "abatement_opex", "mrv_cost")
    total = sum(out[k] for k in parts) + out["park_capex_share"] + out["park_opex_share"]
    assert np.allclose(out["cumulative_cost"], np.cumsum(total, axis=-1))
