"""A park's technology plan commits its units to an option in a given year; an option can
be limited to CN codes and add electricity (electrified heat)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.axes import GEC
from sim.dynamics.batch import run_model
from sim.errors import ConfigError
from sim.pipeline import model_inputs

T = {y: i for i, y in enumerate(range(2026, 2035))}
OPTION = "alu_furnace_electrification"


def _run(cfg):
    inp, draws = model_inputs(cfg)
    return inp, run_model(inp, draws)


def _plan(cfg, year=2027):
    park = cfg["population"]["parks"]["park_c"]
    park["technology_plan"] = {OPTION: year}
    park["technology_plan_source"] = "test"
    return cfg


def test_the_option_applies_only_to_the_cn_codes_it_names(base_cfg):
    inp, _ = model_inputs(base_cfg)
    k = list(inp.technology.ids).index(OPTION)
    users = set(inp.population.ids[inp.technology.applicable[:, k]])
    # semi-finished aluminium (CN 7604-7616) on either route; smelters (7601) are not
    assert users == {"alu_sheet_c1", "alu_foil_c2", "alu_profiles_c3", "alu_wire_c4"}


def test_a_planned_option_starts_in_its_year_and_commissions_after_its_lead_time(base_cfg):
    base_cfg["technology"]["options"][OPTION]["capex_eur_per_t"] = 1.0e4  # never worth it
    inp, out = _run(_plan(base_cfg, 2027))
    k = list(inp.technology.ids).index(OPTION)
    e = list(inp.population.ids).index("alu_sheet_c1")
    share = out["abatement_share"][0, e, k]
    assert share[: T[2029]].max() == 0.0 and share[T[2029]] == pytest.approx(1.0)  # lead 2
    # its capex is paid in the start year, once, at the learned capex per t/yr (nothing
    # else is worth starting while it is built)
    capex = out["abatement_capex"][0, e]
    assert capex[T[2027]] >= 1.0e4 * 1_000_000 * 0.99
    assert capex[T[2028]] < 1.0 and capex[T[2029]] < 1.0
    # electrified furnaces: 90 % of the mill's own direct emissions gone, 0.3 MWh/t added
    np.testing.assert_allclose(out["direct_intensity"][0, e, T[2029]], 0.05 * 0.1)
    elec = out["electricity_use"][0, e]
    np.testing.assert_allclose(elec[T[2029]] - elec[T[2028]], 0.3 * 1_000_000)


def test_without_a_plan_the_dear_option_is_not_taken(base_cfg):
    base_cfg["technology"]["options"][OPTION]["capex_eur_per_t"] = 1.0e4
    inp, out = _run(base_cfg)
    k = list(inp.technology.ids).index(OPTION)
    assert out["abatement_share"][0, :, k].max() < 0.01


@pytest.mark.parametrize(
    ("plan", "key"),
    [
        ({"no_such_option": 2027}, "technology_plan"),
        ({OPTION: 1999}, f"technology_plan.{OPTION}"),
    ],
)
def test_a_bad_plan_is_named(base_cfg, plan, key):
    park = base_cfg["population"]["parks"]["park_c"]
    park["technology_plan"], park["technology_plan_source"] = plan, "test"
    with pytest.raises(ConfigError) as err:
        model_inputs(base_cfg)
    assert key in err.value.key


def test_a_plan_needs_its_source(base_cfg):
    _plan(base_cfg)["population"]["parks"]["park_c"]["technology_plan_source"] = ""
    with pytest.raises(ConfigError, match="technology_plan_source"):
        model_inputs(base_cfg)


def test_park_certificates_and_offsets_change_the_domestic_claim_and_not_cbam(base_cfg):
    import copy

    _, before = _run(copy.deepcopy(base_cfg))
    park = base_cfg["population"]["parks"]["park_d"]  # cement: indirect emissions count
    park.update(certificates_from=2027, certificates_share=1.0, offset_share=0.5)
    park["claims_source"] = "test"
    inp, out = _run(base_cfg)
    e = list(inp.population.ids).index("cement_clinker_d1")
    gec = int(GEC)
    assert out["green_power_share"][0, e, gec, T[2026]] < 1.0
    assert out["green_power_share"][0, e, gec, T[2027] :].min() == pytest.approx(1.0)
    # the claim: grid power counted as zero-carbon, half the rest offset
    energy = out["energy_emissions"][0, e]
    np.testing.assert_allclose(out["reported_emissions"][0, e], energy * 0.5)
    assert energy[T[2027]] < before["energy_emissions"][0, e, T[2027]]
    # CBAM recognises neither: the cost is unchanged
    np.testing.assert_array_equal(out["cbam_cost"][0, e], before["cbam_cost"][0, e])
