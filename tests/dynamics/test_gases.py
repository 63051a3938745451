"""The gas dimension in the obligation and the park's accounting (hand-worked cases)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.axes import GASES
from sim.dynamics.batch import run_model
from sim.pipeline import model_inputs

Y2026 = 0


def _run(cfg, eid, **entity):
    """The frozen model with entity ``eid`` changed; its index and the outputs."""
    cfg["response"]["enabled"] = False
    cfg["run"]["end_year"] = 2027
    e = cfg["population"]["entities"][eid]
    if "direct_intensity_by_gas_t_per_t" in entity:
        e["direct_intensity"] = None
    e.update(entity)
    inp, draws = model_inputs(cfg)
    return inp, list(inp.population.ids).index(eid), run_model(inp, draws)


# urea: CO2 0.73 t/t, N2O 1 kg/t (listed: 0.265 tCO2e/t), CH4 2 kg/t (not listed)
UREA = {"CO2": 0.73, "N2O": 0.001, "CH4": 0.002}
UREA_CBAM = 0.73 + 0.001 * 265.0  # 0.995 tCO2e/t
UREA_DOMESTIC = UREA_CBAM + 0.002 * 28.0  # 1.051 tCO2e/t
# primary aluminium: CO2 1.5 t/t, CF4 40 g/t (0.2652), C2F6 5 g/t (0.0555), N2O 1 g/t (not listed)
ALU = {"CO2": 1.5, "CF4": 0.00004, "C2F6": 0.000005, "N2O": 0.000001}
ALU_CBAM = 1.5 + 0.00004 * 6630.0 + 0.000005 * 11100.0  # 1.8207 tCO2e/t


def test_n2o_of_urea_enters_the_obligation_and_ch4_only_the_park(base_cfg):
    inp, e, out = _run(base_cfg, "urea_b5", direct_intensity_by_gas_t_per_t=UREA)
    assert inp.population.direct_tco2e_per_t[e] == pytest.approx(UREA_CBAM, rel=1e-12)
    volume = out["export_volume"][0, e, Y2026]
    # fertilisers count indirect emissions too (Annex II): 0.75 MWh/t at 0.55 tCO2/MWh
    see = UREA_CBAM + 0.75 * 0.55  # 1.4075 tCO2e/t
    assert out["embedded_emissions"][0, e, Y2026] == pytest.approx(volume * see, rel=1e-12)
    production = inp.behaviour.production_t[e]
    by_gas = dict(zip(GASES, out["direct_emissions_by_gas"][0, e, :, Y2026], strict=True))
    assert by_gas["N2O"] == pytest.approx(production * 0.265, rel=1e-12)
    assert by_gas["CH4"] == pytest.approx(production * 0.056, rel=1e-12)
    assert by_gas["CO2"] == pytest.approx(production * 0.73, rel=1e-12)
    assert out["cbam_direct_emissions"][0, e, Y2026] == pytest.approx(production * UREA_CBAM)
    # the park's accounting counts CH4 too: energy emissions exceed CBAM's direct by the
    # electricity part only after CH4 is added
    electricity = production * inp.population.electricity_mwh_per_t[e]
    grid = electricity * inp.population.power_emission_factor[e]
    assert out["energy_emissions"][0, e, Y2026] == pytest.approx(
        production * UREA_DOMESTIC + grid, rel=1e-12
    )


def test_the_split_owes_what_its_listed_gases_owe_as_one_number(base_cfg):
    import copy

    other = copy.deepcopy(base_cfg)
    _, e, split = _run(base_cfg, "urea_b5", direct_intensity_by_gas_t_per_t=UREA)
    _, _, one = _run(other, "urea_b5", direct_intensity=UREA_CBAM)
    np.testing.assert_allclose(split["certificates"][0, e], one["certificates"][0, e], rtol=1e-12)
    np.testing.assert_allclose(split["cbam_cost"], one["cbam_cost"], rtol=1e-12)
    # the domestic accounting differs by the CH4 only
    diff = split["energy_emissions"][0, e] - one["energy_emissions"][0, e]
    np.testing.assert_allclose(diff, 600_000 * 0.056, rtol=1e-9)


def test_pfcs_of_aluminium_enter_the_certificates(base_cfg):
    import copy

    co2_only = copy.deepcopy(base_cfg)
    inp, e, out = _run(base_cfg, "alu_primary_b4", direct_intensity_by_gas_t_per_t=ALU)
    _, _, ref = _run(co2_only, "alu_primary_b4", direct_intensity_by_gas_t_per_t={"CO2": 1.5})
    assert inp.population.direct_tco2e_per_t[e] == pytest.approx(ALU_CBAM, rel=1e-12)
    volume = out["export_volume"][0, e, Y2026]
    # aluminium: direct emissions only (Annex II); the PFCs add 0.3207 tCO2e/t of embedded
    # emissions, and the N2O (not listed for aluminium) nothing
    assert out["embedded_emissions"][0, e, Y2026] == pytest.approx(volume * ALU_CBAM, rel=1e-12)
    added = out["embedded_emissions"][0, e, Y2026] - ref["embedded_emissions"][0, e, Y2026]
    assert added == pytest.approx(volume * 0.3207, rel=1e-9)
    # certificates rise by the PFCs net of the carbon price deducted for them (China's ETS
    # covers aluminium's CF4 and C2F6 too)
    more = out["certificates"][0, e, Y2026] - ref["certificates"][0, e, Y2026]
    less_deducted = (
        out["carbon_price_deduction"][0, e, Y2026] - ref["carbon_price_deduction"][0, e, Y2026]
    )
    assert more == pytest.approx(added - less_deducted, rel=1e-9)
    assert more > 0.9 * added
    by_gas = dict(zip(GASES, out["direct_emissions_by_gas"][0, e, :, Y2026], strict=True))
    assert by_gas["N2O"] == pytest.approx(500_000 * 0.000265, rel=1e-9)


def test_gases_sum_to_the_direct_part_of_the_park_accounting(baseline_results):
    ds = baseline_results
    direct = ds["direct_emissions_by_gas"].sum("gas")
    # one-number entities: everything under CO2, equal to what CBAM counts
    np.testing.assert_allclose(direct, ds["cbam_direct_emissions"], rtol=1e-12)
    assert float(ds["direct_emissions_by_gas"].sel(gas=["CH4", "N2O", "CF4", "C2F6"]).sum()) == 0


def test_a_route_change_counts_as_co2_and_keeps_the_rest_on_the_own_route(base_cfg):
    # a quarter of the capacity left on the own route, a reduction option cutting 20 %: the
    # split scales with 0.25 x 0.8; green ammonia's one number is CO2
    from sim.dynamics.indicators import direct_by_gas
    from sim.dynamics.state import Now, State

    base_cfg["population"]["entities"]["urea_b5"].update(
        direct_intensity=None, direct_intensity_by_gas_t_per_t=UREA
    )
    inp, _ = model_inputs(base_cfg)
    e = list(inp.population.ids).index("urea_b5")
    s = State.initial(inp, 1)
    tech = inp.technology
    target = list(tech.routes).index("green_ammonia")
    s.route_share[0, e, :] = 0.0
    s.route_share[0, e, tech.base_route[e]] = 0.25
    s.route_share[0, e, target] = 0.75
    eff = np.full((1, inp.population.ids.size), 0.8)
    direct = np.einsum("der,er->de", s.route_share, tech.direct_er0) * eff
    zeros = np.zeros_like(direct)
    now = Now(0, zeros, eff, direct, direct, zeros, zeros, zeros, direct, None)
    got = dict(zip(GASES, direct_by_gas(inp, s, now)[0, e], strict=True))
    green = tech.direct_er0[e, target]
    assert got["N2O"] == pytest.approx(0.25 * 0.8 * 0.265)
    assert got["CH4"] == pytest.approx(0.25 * 0.8 * 0.056)
    assert got["CO2"] == pytest.approx(0.25 * 0.8 * 0.73 + 0.75 * 0.8 * green)
