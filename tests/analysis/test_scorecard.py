"""Park scorecard against values worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
import yaml

from sim.analysis.scorecard import INDICATORS, core_limit, scorecard
from sim.errors import ConfigError
from tests.conftest import compose_plain

ROUTES = ["bf_bof", "dri_eaf", "coal_ammonia", "green_ammonia"]
SETTINGS = compose_plain()["scorecard"]


def two_entity_park() -> xr.Dataset:
    """A steel mill and a urea plant in one park, one year; numbers chosen by hand."""
    ent = ["mill", "urea"]
    coords = {
        "entity": ent,
        "park": ("entity", ["p1", "p1"]),
        "sector": ("entity", ["iron_steel", "fertilisers"]),
        "year": [2030],
        "production_route": ROUTES,
        "power_kind": ["direct_line", "ppa", "gec"],
    }

    def ey(a, b):
        return xr.DataArray([[a], [b]], dims=("entity", "year"))

    production = np.zeros((2, 4, 1))
    production[0, 0] = 1_000_000  # mill: BF-BOF
    production[1, 2], production[1, 3] = 60_000, 40_000  # urea: coal and green ammonia
    green = np.zeros((2, 3, 1))
    green[0, :, 0] = [0.2, 0.1, 0.1]
    # the technology options that convert to hydrogen routes mark their sectors
    options = {
        "h2_dri": {
            "sector": "iron_steel",
            "kind": "route",
            "from_routes": ["bf_bof"],
            "to_route": "dri_eaf",
        },
        "green_ammonia": {
            "sector": "fertilisers",
            "kind": "route",
            "from_routes": ["coal_ammonia"],
            "to_route": "green_ammonia",
        },
    }
    return xr.Dataset(
        {
            "production_capacity": (("entity", "production_route", "year"), production),
            "direct_intensity": ey(2.0, 1.5),
            "electricity_use": ey(500_000, 100_000),
            "green_power_share": (("entity", "power_kind", "year"), green),
            # mill: 1e6 * 2.0 + 5e5 * 0.55 * (1 - 0.4); urea: 1e5 * 1.5 + 1e5 * 0.55
            "energy_emissions": ey(2_165_000, 205_000),
            "reported_emissions": ey(2_165_000 * 0.95, 205_000),  # the mill offsets 5 %
            # only direct line + PPA zero-carbon: mill 1e6 * 2.0 + 5e5 * 0.55 * (1 - 0.3)
            "recognised_emissions": ey(2_192_500, 205_000),
            "carbon_price_coverage": ey(1.0, 0.0),
            "ccus_storage": ey(0.0, 10_000),
            "reserve_balance": ey(1e6, 0.0),
            "cbam_cost": ey(4e6, 1e6),
            "export_value": ey(1e8, 2e7),
            "export_volume": ey(150_000, 40_000),
            "exempt_volume": ey(0.0, 0.0),
        },
        coords=coords,
        attrs={"config": yaml.safe_dump({"technology": {"options": options}})},
    )


def test_scorecard_matches_hand_worked_values():
    sc = scorecard(two_entity_park(), SETTINGS).sel(park="p1", year=2030)
    # energy: mill 1e6 * 0.50 + 5e5 * 0.1229 = 561,450; urea 6e4 * 0.95 + 4e4 * 0.10
    # + 1e5 * 0.1229 = 73,290 tce -> 634,740 tce, in the 200 kt-1 Mt band (limit 0.20)
    assert float(sc["energy_use"]) == pytest.approx(634_740)
    assert float(sc["core_limit"]) == 0.20
    assert float(sc["core_intensity"]) == pytest.approx(2_370_000 / 634_740)  # 3.734
    assert float(sc["core_pass"]) == 0.0
    # green electricity of every kind: 5e5 * 0.4 MWh * 0.1229 = 24,580 tce
    assert float(sc["clean_energy_share"]) == pytest.approx(24_580 / 634_740)
    assert float(sc["clean_energy_pass"]) == 0.0
    # direct line + PPA: 5e5 * 0.3 of 6e5 MWh
    assert float(sc["direct_renewable_share"]) == pytest.approx(0.25)
    # direct emissions 2.0e6 covered of 2.15e6
    assert float(sc["carbon_price_coverage"]) == pytest.approx(2.0 / 2.15)
    assert float(sc["offset_dependence"]) == pytest.approx(1 - 2_261_750 / 2_370_000)
    assert float(sc["offset_pass"]) == 1.0  # 4.6 % <= 10 %
    # green ammonia 4e4 t, but the urea plant has no recognised green power: its
    # electrolytic hydrogen is grid hydrogen, not green (0 of 1.1e6 t)
    assert float(sc["green_hydrogen_substitution"]) == 0.0
    assert float(sc["ccus_storage"]) == 10_000
    assert float(sc["cbam_reserve_ratio"]) == pytest.approx(0.2)
    assert float(sc["cbam_cost_share"]) == pytest.approx(5e6 / 1.2e8)
    for name, (units, _) in INDICATORS.items():
        assert sc[name].attrs["units"] == units


def test_core_limit_bands():
    energy = xr.DataArray([150_000.0, 200_000.0, 999_999.0, 1_000_000.0, 5e6], dims="park")
    limit = core_limit(energy, SETTINGS).values
    assert np.isnan(limit[0])  # below 200 kt tce: outside the indicator
    np.testing.assert_array_equal(limit[1:], [0.20, 0.20, 0.30, 0.30])


def test_a_route_without_fuel_data_is_named():
    settings = {**SETTINGS, "fuel_tce_per_t": {k: 0.1 for k in ROUTES if k != "dri_eaf"}}
    with pytest.raises(ConfigError, match=r"scorecard\.fuel_tce_per_t\.dri_eaf"):
        scorecard(two_entity_park(), settings)


def test_baseline_scorecard_covers_every_park_and_year(baseline_results):
    sc = scorecard(baseline_results)
    assert set(sc["park"].values) == set(baseline_results["park"].values)
    assert sc.sizes["year"] == baseline_results.sizes["year"]
    assert (sc["energy_use"] > 0).all()
    share = sc[["clean_energy_share", "direct_renewable_share", "carbon_price_coverage"]]
    assert float(share.to_array().min()) >= 0 and float(share.to_array().max()) <= 1


def test_only_hydrogen_made_on_recognised_green_power_counts_as_green():
    ds = two_entity_park()
    green = ds["green_power_share"].values.copy()
    green[1, :, 0] = [0.3, 0.2, 0.4]  # urea: direct line 30 %, PPA 20 %, certificates 40 %
    ds["green_power_share"] = (("entity", "power_kind", "year"), green)
    sc = scorecard(ds, SETTINGS).sel(park="p1", year=2030)
    # 4e4 t on the hydrogen route x 50 % recognised green power, of 1.1e6 t
    assert float(sc["green_hydrogen_substitution"]) == pytest.approx(20_000 / 1_100_000)


def test_a_process_co2_boundary_the_model_cannot_draw_is_refused():
    with pytest.raises(ConfigError, match=r"scorecard.core_counts_process_co2 = False"):
        scorecard(two_entity_park(), {**SETTINGS, "core_counts_process_co2": False})


def test_the_scorecard_carries_the_park_names_of_the_config():
    from sim import api
    from sim.analysis.scorecard import scorecard

    sc = scorecard(api.run(["run.end_year=2027"]))
    assert str(sc["park_name"].sel(park="park_c").values) == "Aluminium processing park"
