"""The gas dimension at the gate: GWP sets from config, the gases Annex I lists, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.axes import GASES
from sim.errors import ConfigError
from sim.inputs.gases import GasRules, entity_gases, listed_gases
from sim.inputs.gate import build_inputs

UREA = {"CO2": 0.73, "N2O": 0.001, "CH4": 0.002}


def _with_split(cfg, eid="urea_b5", split=UREA):
    e = cfg["population"]["entities"][eid]
    e.update(direct_intensity=None, direct_intensity_by_gas_t_per_t=dict(split))
    return cfg


def _row(inp, eid):
    e = list(inp.population.ids).index(eid)
    return inp.population.direct_tco2e_per_t[e], inp.population.direct_gas_tco2e_per_t[e]


@pytest.mark.parametrize(
    "ghg,listed",
    [
        ("Carbon dioxide", {"CO2"}),
        ("Carbon dioxide & Nitrous oxide", {"CO2", "N2O"}),
        ("Carbon dioxide and perfluoro-carbons", {"CO2", "CF4", "C2F6"}),
        ("Carbon dioxide and perfluorocarbons", {"CO2", "CF4", "C2F6"}),
    ],
)
def test_listed_gases_read_the_annex_entry(ghg, listed):
    assert {g for g, x in zip(GASES, listed_gases(ghg), strict=True) if x} == listed


def test_the_shipped_table_lists_n2o_for_urea_and_pfcs_for_aluminium(base_cfg):
    from sim.inputs import official

    def gases(code):
        listed = listed_gases(official.lookup("CN", code).ghg)
        return {g for g, x in zip(GASES, listed, strict=True) if x}

    assert gases("31021010") == {"CO2", "N2O"}  # urea
    assert gases("28080000") == {"CO2", "N2O"}  # nitric acid
    assert gases("28141000") == {"CO2"}  # ammonia: CO2 only
    assert gases("76011090") == {"CO2", "CF4", "C2F6"}  # unwrought aluminium
    assert gases("72071210") == {"CO2"}  # steel


def test_gwp_comes_from_config(base_cfg):
    base_cfg["policy"]["gwp100"]["AR5"]["N2O"] = 300.0
    cbam, row = _row(build_inputs(_with_split(base_cfg)), "urea_b5")
    assert cbam == pytest.approx(0.73 + 0.3)
    assert row[GASES.index("N2O")] == pytest.approx(0.3)
    assert row[GASES.index("CH4")] == pytest.approx(0.056)


def test_the_domestic_set_changes_the_park_accounting_not_cbam(base_cfg):
    base_cfg["policy"]["domestic_gwp100_set"] = "AR6"
    cbam, row = _row(build_inputs(_with_split(base_cfg)), "urea_b5")
    assert cbam == pytest.approx(0.73 + 0.265)  # CBAM stays on AR5
    np.testing.assert_allclose(row, [0.73, 0.002 * 29.8, 0.001 * 273.0, 0.0, 0.0])


def test_one_number_is_the_listed_gases_and_counts_as_co2(base_cfg):
    cbam, row = _row(build_inputs(base_cfg), "alu_primary_b4")
    assert cbam == 1.7
    np.testing.assert_array_equal(row, [1.7, 0.0, 0.0, 0.0, 0.0])


BAD = [
    (
        lambda c: _with_split(c, split={"CO2": 0.7, "SF6": 0.001}),
        "population.entities.urea_b5.direct_intensity_by_gas_t_per_t.SF6 = 'SF6': "
        "no such gas (known: CO2, CH4, N2O, CF4, C2F6)",
    ),
    (
        lambda c: _with_split(c, split={"CO2": 0.7, "N2O": -0.1}),
        "population.entities.urea_b5.direct_intensity_by_gas_t_per_t.N2O = -0.1: "
        "expected a value >= 0",
    ),
    (
        lambda c: c["population"]["entities"]["urea_b5"].update(
            direct_intensity_by_gas_t_per_t={"CO2": 0.7}
        ),
        "population.entities.urea_b5.direct_intensity = 2.05: give direct_intensity "
        "(tCO2e/t) or direct_intensity_by_gas_t_per_t, not both",
    ),
    (
        lambda c: c["policy"].update(cbam_gwp100_set="AR4"),
        "policy.cbam_gwp100_set = 'AR4': no such GWP set (known: AR5, AR6)",
    ),
    (
        lambda c: c["policy"]["gwp100"]["AR5"].pop("CF4"),
        "no GWP100 for CF4",
    ),
    (
        lambda c: c["policy"]["gwp100"]["AR5"].update(CF4=0),
        "policy.gwp100.AR5.CF4 = 0: expected a value > 0",
    ),
]


@pytest.mark.parametrize("edit,message", BAD, ids=[m[:40] for _, m in BAD])
def test_bad_gas_input_is_one_line_naming_the_key(base_cfg, edit, message):
    edit(base_cfg)
    with pytest.raises(ConfigError) as err:
        build_inputs(base_cfg)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@given(
    mass=st.lists(st.floats(0, 10), min_size=len(GASES), max_size=len(GASES)),
    ghg=st.sampled_from(
        ["Carbon dioxide", "Carbon dioxide & Nitrous oxide", "Carbon dioxide and perfluorocarbons"]
    ),
)
def test_cbam_counts_a_subset_of_what_the_park_counts(mass, ghg):
    """With one GWP set for both, CBAM's direct intensity is the park's less the unlisted
    gases, never more; CO2 always counts in both."""
    gwp = np.array([1.0, 28.0, 265.0, 6630.0, 11100.0])
    rules = GasRules(cbam_gwp=gwp, domestic_gwp=gwp)
    split = dict(zip(GASES, mass, strict=True))
    e, row = entity_gases("k.", {"direct_intensity_by_gas_t_per_t": split}, ghg, rules)
    listed = listed_gases(ghg)
    assert e["direct_intensity"] == pytest.approx(row[listed].sum(), rel=1e-12, abs=1e-300)
    assert e["direct_intensity"] <= row.sum() * (1 + 1e-12)
    assert e["direct_intensity"] >= row[GASES.index("CO2")] * (1 - 1e-12)
