"""Golden cases worked by hand from the regulation's formula.

Every case runs one entity of 1,000 t through the full model (config -> inputs ->
obligation) with the shipped enacted policy and central prices, the response switched
off (stocks frozen), and compares the year's CBAM cost with the arithmetic next to it.

Shared numbers (configs/policy/enacted.yaml, configs/prices/central.yaml):
  CBAM factor CF: 2026 0.975, 2030 0.515, 2034 0.0; CSCF 1.0
  certificate price P: 2026 = mean of quarters (75.36 + 75.28 + 82.32 + 78 [Q4 from the
      annual path]) / 4 = 77.74; 2030 = 125; 2034 = 165 EUR/tCO2e
  China ETS: 2030 110 CNY / 8.0 = 13.75 EUR, paid share 0.10; 2034 150 / 8 = 18.75 EUR,
      share 0.20; 2026 share 0 (no deduction)
  mark-up on default values: steel, aluminium, cement, hydrogen 10 % (2026), 30 % (2030+);
      fertilisers 1 %
  deduction in certificates = base x share x domestic price / P, where base = direct
      emissions (actual) or the default value's direct column without mark-up (default)
"""

from __future__ import annotations

import pytest

from sim.dynamics.batch import run_model
from sim.pipeline import model_inputs

YEARS = {2026: 0, 2030: 4, 2034: 8}

# (id, CN code (China), route, basis, direct, MWh/t, year, expected cost EUR, arithmetic)
CASES = [
    (
        "steel-actual-2026",
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        2026,
        59_412.795,
        "SEE 2.10 (direct only); FAA 0.975*1.370 = 1.33575 (Column B BF-BOF, docs/data.md); "
        "(2.10-1.33575)*1000 = 764.25 t * 77.74",
    ),
    (
        "steel-default-2026",
        "72083900",
        "bf_bof",
        "default",
        2.10,
        0.45,
        2026,
        168_691.913,
        "SEE 3.187*1.10 = 3.5057 (IR 2025/2621 China 7208); Column B BF-BOF 1.370: FAA 1.33575; "
        "2169.95 t * 77.74",
    ),
    (
        "steel-actual-2030-deduction",
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        2030,
        171_418.75,
        "FAA 0.515*1.370 = 0.70555; gross 1394.45; deduction 2100*0.10*13.75/125 = 23.1; "
        "1371.35 t * 125",
    ),
    (
        "steel-default-2030-deduction",
        "72083900",
        "bf_bof",
        "default",
        2.10,
        0.45,
        2030,
        425_311.625,
        "SEE 3.187*1.3 = 4.1431; FAA 0.515*1.370 = 0.70555; gross 3437.55; deduction "
        "3187*0.10*13.75/125 = 35.057; 3402.493 t * 125",
    ),
    (
        "steel-actual-2034",
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        2034,
        338_625.0,
        "FAA 0; 2100*165 - 2100*0.20*18.75 = 346500 - 7875",
    ),
    (
        "steel-default-2034",
        "72083900",
        "bf_bof",
        "default",
        2.10,
        0.45,
        2034,
        671_660.25,
        "4143.1*165 - 3187*0.20*18.75 = 683611.5 - 11951.25",
    ),
    (
        "steel-scrap-eaf-semis-2026",
        "72071210",
        "scrap_eaf",
        "actual",
        0.20,
        0.50,
        2026,
        10_545.431,
        "benchmark 0.066: FAA 0.06435; (0.20-0.06435)*1000 = 135.65 t * 77.74",
    ),
    (
        "scrap-eaf-on-defaults-2026",
        "72071210",
        "scrap_eaf",
        "default",
        0.20,
        0.50,
        2026,
        167_607.44,
        "default route BF-BOF (C): SEE 3.169*1.1 = 3.4859, Column B BF-BOF 1.364: FAA 1.3299; "
        "2156.0 t * 77.74",
    ),
    (
        "alu-primary-actual-2030",
        "76011090",
        "primary",
        "actual",
        1.70,
        13.5,
        2030,
        118_556.875,
        "direct only; FAA 0.515*1.423 = 0.732845; gross 967.155; deduction "
        "1700*0.1*13.75/125 = 18.7; 948.455 t * 125",
    ),
    (
        "alu-secondary-actual-2026",
        "76011090",
        "secondary",
        "actual",
        0.30,
        0.7,
        2026,
        16_424.5185,
        "benchmark 0.091: FAA 0.088725; 211.275 t * 77.74",
    ),
    (
        "alu-default-2026",
        "76011090",
        "primary",
        "default",
        1.70,
        13.5,
        2026,
        148_683.5805,
        "SEE 3.00*1.1 = 3.3; FAA 0.975*1.423 = 1.387425; 1912.575 t * 77.74",
    ),
    (
        "alu-default-2034",
        "76011090",
        "primary",
        "default",
        1.70,
        13.5,
        2034,
        632_250.0,
        "3900*165 - 3000*0.2*18.75 = 643500 - 11250",
    ),
    (
        "cement-actual-2026",
        "25231000",
        "clinker_kiln",
        "actual",
        0.829,
        0.06,
        2026,
        16_531.411,
        "direct + indirect: 0.829 + 0.06*0.55 = 0.862; FAA 0.975*0.666 = 0.64935; 212.65 t * 77.74",
    ),
    (
        "cement-default-2030",
        "25231000",
        "clinker_kiln",
        "default",
        0.829,
        0.06,
        2030,
        181_145.0,
        "SEE total 1.39*1.3 = 1.807 (IR 2025/2621 China grey clinker, route A); FAA "
        "0.515*0.666 = 0.34299; gross 1464.01; deduction on the direct column "
        "1350*0.1*13.75/125 = 14.85; 1449.16 t * 125",
    ),
    (
        "cement-actual-2034",
        "25231000",
        "clinker_kiln",
        "actual",
        0.829,
        0.06,
        2034,
        139_121.25,
        "862*165 - 829*0.2*18.75 = 142230 - 3108.75",
    ),
    (
        "urea-actual-2026",
        "31021019",
        "coal_ammonia",
        "actual",
        2.05,
        0.75,
        2026,
        123_066.307,
        "2.05 + 0.75*0.55 = 2.4625; actual benchmark Column B 0.902: FAA 0.87945; "
        "1583.05 t * 77.74",
    ),
    (
        "urea-default-2026",
        "31021019",
        "coal_ammonia",
        "default",
        2.05,
        0.75,
        2026,
        155_406.147,
        "SEE total 2.85*1.01 = 2.8785; Column B 0.902: FAA 0.87945; 1999.05 t * 77.74",
    ),
    (
        "urea-actual-2030-deduction",
        "31021019",
        "coal_ammonia",
        "actual",
        2.05,
        0.75,
        2030,
        246_927.5,
        "FAA 0.515*0.902 = 0.46453; gross 1997.97; deduction 2050*0.1*13.75/125 = 22.55; "
        "1975.42 t * 125",
    ),
    (
        "urea-default-2034",
        "31021019",
        "coal_ammonia",
        "default",
        2.05,
        0.75,
        2034,
        464_827.5,
        "2878.5*165 - 2700*0.2*18.75 = 474952.5 - 10125",
    ),
    (
        "hydrogen-actual-2026",
        "28041000",
        "coal_gasification",
        "actual",
        16.0,
        1.0,
        2026,
        858_111.6115,
        "direct only 16.0; FAA 0.975*5.089 = 4.961775; 11038.225 t * 77.74",
    ),
    (
        "hydrogen-default-2030",
        "28041000",
        "coal_gasification",
        "default",
        16.0,
        1.0,
        2030,
        3_964_765.625,
        "SEE 26.64*1.3 = 34.632; FAA 2.620835; gross 32011.165; deduction "
        "26640*0.1*13.75/125 = 293.04; 31718.125 t * 125",
    ),
    (
        "hydrogen-actual-2034",
        "28041000",
        "coal_gasification",
        "actual",
        16.0,
        1.0,
        2034,
        2_580_000.0,
        "16000*165 - 16000*0.2*18.75 = 2640000 - 60000",
    ),
]


def one_entity(cfg, cn_code, route, basis, direct, elec, importers=None):
    cfg["response"]["enabled"] = False
    cfg["population"]["entities"] = {
        "unit": {
            "name": "test unit",
            "cn_code": cn_code,
            "origin": None,
            "good": "",
            "route": route,
            "park": "park_a",
            "export_volume_t": 1000.0,
            "production_t": 1000.0,
            "value_basis": basis,
            "direct_intensity": direct,
            "direct_intensity_by_gas_t_per_t": {},
            "electricity_intensity_mwh_per_t": elec,
            "power_emission_factor": None,
            "price_eur_per_t": 500.0,
            "price_source": "test",
            "overrides": {},
            "overrides_source": "",
            "precursors": [],
            "source": "test",
        }
    }
    cfg["population"]["importers"] = importers or {}
    return cfg


def cost(cfg, year):
    return run_model(*model_inputs(cfg))["cbam_cost"][0, 0, YEARS[year]]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_golden_cost(base_cfg, case):
    _, good, route, basis, direct, elec, year, expected, _arithmetic = case
    assert cost(one_entity(base_cfg, good, route, basis, direct, elec), year) == pytest.approx(
        expected, rel=1e-9
    )


def test_no_deduction_for_default_values_when_switched_off(base_cfg):
    # steel-default-2030 without the deduction: 3437.55 t * 125
    base_cfg["policy"]["deduction_with_default_values"] = False
    cfg = one_entity(base_cfg, "72083900", "bf_bof", "default", 2.10, 0.45)
    assert cost(cfg, 2030) == pytest.approx(429_693.75, rel=1e-9)


def test_indirect_switch_adds_electricity_for_steel(base_cfg):
    # From 2030 indirect counts for steel: SEE 2.10 + 0.45*0.55 = 2.3475; FAA 0.70555;
    # gross 1641.95; deduction unchanged 23.1 (China ETS prices direct only); 1618.85 t * 125
    base_cfg["policy"]["indirect_for_all_sectors_from"] = 2030
    cfg = one_entity(base_cfg, "72083900", "bf_bof", "actual", 2.10, 0.45)
    assert cost(cfg, 2030) == pytest.approx(202_356.25, rel=1e-9)
    assert cost(cfg, 2026) == pytest.approx(59_412.795, rel=1e-9)  # before the switch: unchanged


def importer(count, other_t, share, entity="unit"):
    return {
        "buyers": {
            "count": count,
            "other_cbam_imports_t": other_t,
            "purchase_share": {entity: share},
            "source": "test",
        }
    }


def test_de_minimis_importer_owes_nothing(base_cfg):
    # 40 importers buy 1000 t: 25 t each + 20 t from others = 45 t <= 50 t: exempt.
    cfg = one_entity(
        base_cfg,
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        importers=importer(40, 20.0, 1.0),
    )
    out = run_model(*model_inputs(cfg))
    assert out["cbam_cost"][0, 0].max() == 0.0
    assert out["exempt_volume"][0, 0, 0] == 1000.0


def test_importer_at_exactly_50_t_is_exempt_and_above_is_liable(base_cfg):
    # 25 t + 25 t = 50 t: "does not exceed 50 t" -> exempt; 25 t + 25.5 t -> liable in full.
    at = one_entity(
        base_cfg,
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        importers=importer(40, 25.0, 1.0),
    )
    assert cost(at, 2026) == 0.0
    above = one_entity(
        base_cfg,
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        importers=importer(40, 25.5, 1.0),
    )
    assert cost(above, 2026) == pytest.approx(59_412.795, rel=1e-9)


def test_de_minimis_exempts_exactly_the_share_sold_to_small_importers(base_cfg):
    # 30 % of 1000 t to 20 importers (15 t each + 10 t = 25 t): exempt; 70 % to large importers.
    cfg = one_entity(
        base_cfg,
        "72083900",
        "bf_bof",
        "actual",
        2.10,
        0.45,
        importers=importer(20, 10.0, 0.3),
    )
    assert cost(cfg, 2026) == pytest.approx(0.7 * 59_412.795, rel=1e-9)


def test_hydrogen_is_never_exempt_and_does_not_count(base_cfg):
    # Hydrogen buyers of 25 t each stay liable: the de minimis does not apply to hydrogen.
    cfg = one_entity(
        base_cfg,
        "28041000",
        "coal_gasification",
        "actual",
        16.0,
        1.0,
        importers=importer(40, 0.0, 1.0),
    )
    assert cost(cfg, 2026) == pytest.approx(858_111.6115, rel=1e-9)


def split(cfg, gases):
    """The one entity with its direct emissions by gas (t of gas per t) instead of one number."""
    unit = cfg["population"]["entities"]["unit"]
    unit.update(direct_intensity=None, direct_intensity_by_gas_t_per_t=gases)
    return cfg


def test_urea_n2o_counts_and_ch4_does_not(base_cfg):
    # Annex I lists CO2 and N2O for urea: 1.785 + 0.001 * 265 (AR5) = 2.05 tCO2e/t, the
    # urea-actual-2026 case (123,066.307 EUR); the 10 kg CH4/t are not listed and add nothing
    cfg = one_entity(base_cfg, "31021019", "coal_ammonia", "actual", None, 0.75)
    cfg = split(cfg, {"CO2": 1.785, "N2O": 0.001, "CH4": 0.01})
    assert cost(cfg, 2026) == pytest.approx(123_066.307, rel=1e-9)


def test_aluminium_pfcs_count(base_cfg):
    # CO2 1.3 + CF4 0.00005 * 6630 + C2F6 0.00001 * 11100 = 1.3 + 0.3315 + 0.111 = 1.7425;
    # 2030: FAA 0.732845; gross 1009.655; deduction 1742.5 * 0.1 * 13.75 / 125 = 19.1675;
    # 990.4875 t * 125 = 123,810.9375 EUR (against 118,556.875 for 1.70 as one number)
    cfg = one_entity(base_cfg, "76011090", "primary", "actual", None, 13.5)
    cfg = split(cfg, {"CO2": 1.3, "CF4": 0.00005, "C2F6": 0.00001})
    assert cost(cfg, 2030) == pytest.approx(123_810.9375, rel=1e-9)
