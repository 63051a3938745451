"""Bad input: a clear message naming the key and value, a non-zero exit, no results file."""

from __future__ import annotations

import pytest

from sim.errors import ConfigError
from sim.inputs import build_inputs
from tests.test_cli import cli

# (override, text that must appear in the error: the key and the value)
BAD = [
    ("policy.not_a_key=1", ["policy.not_a_key", "1"]),
    ("prices.eua_annual_eur.2030=-5", ["prices.eua_annual_eur.2030", "-5"]),
    ("policy.cbam_factor.2030=1.5", ["policy.cbam_factor.2030", "1.5"]),
    ("run.end_year=2035", ["policy.cbam_factor", "2035"]),
    ("~policy.cbam_factor.2031", ["policy.cbam_factor", "2031"]),
    ("prices.effectively_paid_share.2030=1.5", ["prices.effectively_paid_share.2030", "1.5"]),
    (
        "+population.importers.small_traders.purchase_share.urea_b5=0.99",
        ["purchase_share.urea_b5", "1.04"],
    ),
    ("population.goods.urea.sector=glass", ["population.goods.urea.sector", "glass"]),
    (
        "population.entities.steel_billet_b4.route=h2_dri",
        ["population.goods.semis.benchmark_actual", "h2_dri"],
    ),
    (
        "population.entities_file=/no/such/entities.csv",
        ["population.entities_file", "/no/such/entities.csv"],
    ),
    (
        "prices.weekly_price_file=missing_weekly.csv",
        ["prices.weekly_price_file", "missing_weekly.csv"],
    ),
    ("policy.cscf=abc", ["policy.cscf", "abc"]),
    ("population.entities.urea_b5.value_basis=estimated", ["value_basis", "estimated"]),
    ("prices.fx_cny_per_eur=0", ["prices.fx_cny_per_eur", "0"]),
]


@pytest.mark.parametrize("override,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_override_fails_cleanly(tmp_path, override, expected):
    out = tmp_path / "run"
    proc = cli(override, f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode != 0
    message = proc.stderr + proc.stdout
    for text in expected:
        assert text in message, message
    assert "Traceback" not in message
    assert not list(tmp_path.rglob("*.nc")) and not list(tmp_path.rglob("*.tmp"))


def test_sector_without_cbam_rules_names_the_sector(base_cfg):
    base_cfg["population"]["goods"]["glass_bottles"] = {
        **base_cfg["population"]["goods"]["urea"],
        "sector": "glass",
    }
    with pytest.raises(ConfigError, match=r"population.goods.glass_bottles.sector = 'glass'"):
        build_inputs(base_cfg)


def test_good_without_benchmark(base_cfg):
    base_cfg["population"]["goods"]["urea"]["benchmark_actual"] = {}
    with pytest.raises(ConfigError, match=r"population.goods.urea.benchmark_actual = \{\}"):
        build_inputs(base_cfg)


def test_default_values_missing_for_scope(base_cfg):
    # clinker has only a total default value; pricing cement on direct emissions needs
    # the direct one
    base_cfg["policy"]["sectors"]["cement"]["indirect_emissions"] = False
    base_cfg["population"]["entities"]["cement_clinker_c1"]["value_basis"] = "default"
    with pytest.raises(ConfigError, match=r"population.goods.grey_clinker.default_value_direct"):
        build_inputs(base_cfg)


def test_weekly_file_with_partial_year(base_cfg, tmp_path):
    f = tmp_path / "weekly.csv"
    f.write_text("date,price_eur\n2027-01-05,90\n2027-01-12,91\n")
    base_cfg["prices"]["weekly_price_file"] = str(f)
    with pytest.raises(ConfigError, match=r"covers only 2 weeks of 2027"):
        build_inputs(base_cfg)


@pytest.mark.parametrize(
    "overrides,key",
    [
        (
            [
                "population.entities.urea_b5.export_volume_t=0",
                "population.entities.urea_b5.production_t=0",
            ],
            "population.entities.urea_b5.production_t",
        ),
        (
            ["population.entities.urea_b5.production_t=10"],
            "population.entities.urea_b5.production_t",
        ),
        (["response.initial_expected_price_eur=0"], "response.initial_expected_price_eur"),
        (
            ["technology.options.scrap_eaf_shift.to_route=bf_bof"],
            "technology.options.scrap_eaf_shift.to_route",
        ),
        (
            ["technology.options.h2_dri_eaf.to_route=scrap_eaf"],
            "technology.options.h2_dri_eaf.to_route",
        ),
        (["policy.compliance.repurchase_deadline=09-01"], "policy.compliance.repurchase_deadline"),
        (
            ["policy.compliance.quarterly_holding_basis=half"],
            "policy.compliance.quarterly_holding_basis",
        ),
        (["technology.options.cement_ccus.kind=magic"], "technology.options.cement_ccus.kind"),
        (["response.trade_elasticity.cement=-1"], "response.trade_elasticity.cement"),
        (["ensemble.n=0"], "ensemble.n"),
    ],
)
def test_bad_dynamic_inputs_name_their_key(overrides, key):
    from tests.conftest import compose_plain

    with pytest.raises(ConfigError) as err:
        build_inputs(compose_plain(overrides))
    assert err.value.key == key
