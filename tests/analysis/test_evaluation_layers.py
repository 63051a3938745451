"""The layered evaluation (source paper table 5) against values worked by hand on the
two-unit park of test_scorecard, its thresholds read from config, its errors."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from sim.analysis.evaluation_layers import LAYERS, grade
from sim.analysis.scorecard import INDICATORS, scorecard
from sim.errors import ConfigError
from tests.analysis.test_scorecard import SETTINGS, two_entity_park
from tests.conftest import compose_plain

REPORTED = {
    "scope3_coverage": {"p1": {"2026": 0.7}},
    "carbon_label_share": {"p1": {"2026": 0.2, "2030": 0.6}},
    "low_carbon_patents": {"p1": {"2030": 3}},
}  # embodied_carbon_disclosed: not reported


def evaluated(**changes) -> xr.Dataset:
    settings = {**SETTINGS, "input_series": REPORTED, **changes}
    return scorecard(two_entity_park(), settings).sel(park="p1", year=2030)


def test_core_compliance_layer_by_hand():
    sc = evaluated()
    assert float(sc["direct_renewable_share"]) == pytest.approx(0.25)
    assert float(sc["direct_renewable_share_threshold"]) == 0.35  # the 2030 step
    assert float(sc["direct_renewable_share_pass"]) == 0.0
    assert float(sc["scope3_coverage"]) == 0.7 and float(sc["scope3_coverage_pass"]) == 1.0
    assert float(sc["carbon_price_coverage_pass"]) == 1.0  # 2.0 / 2.15 >= 0.8
    # not reported: no value, and it counts as not met
    assert np.isnan(float(sc["embodied_carbon_disclosed"]))
    assert float(sc["embodied_carbon_disclosed_pass"]) == 0.0
    assert float(sc["core_compliance_pass"]) == 0.0


def test_dynamic_optimisation_layer_by_hand():
    sc = evaluated()
    # value added: mill 1e8 / 1.5e5 EUR/t x 1e6 t x 0.20 = 133.33 M EUR; urea
    # 2e7 / 4e4 x 1e5 t x 0.22 = 11 M EUR; CO2 2.37 Mt -> 16.42 tCO2 per thousand EUR
    va = 1e8 / 1.5e5 * 1e6 * 0.20 + 2e7 / 4e4 * 1e5 * 0.22
    assert float(sc["value_added"]) == pytest.approx(va)
    assert float(sc["value_added_intensity"]) == pytest.approx(1e3 * 2_370_000 / va)
    # one year: the band starts at the park's own intensity, so it passes
    assert float(sc["value_added_intensity_limit"]) == pytest.approx(1e3 * 2_370_000 / va)
    assert float(sc["value_added_intensity_pass"]) == 1.0
    # phased core indicator: 634,740 tce is in the 20 kt-1 Mt band, 0.7 in 2030
    assert float(sc["core_phased_limit"]) == 0.7
    assert float(sc["core_phased_pass"]) == 0.0
    assert float(sc["green_hydrogen_substitution_threshold"]) == 0.42
    assert float(sc["green_hydrogen_substitution_pass"]) == 0.0
    assert float(sc["offset_pass"]) == 1.0
    assert float(sc["dynamic_optimisation_pass"]) == 0.0


def test_a_park_in_transition_gets_the_relaxation():
    sc = evaluated(transition_parks=["p1", "a_park_of_another_population"])
    assert float(sc["value_added_intensity_limit"]) == pytest.approx(
        1.25 * float(sc["value_added_intensity"])
    )


def test_technology_and_institutional_layers_by_hand():
    sc = evaluated()
    assert float(sc["ccus_storage_threshold"]) == 50_000
    assert float(sc["ccus_storage_pass"]) == 0.0  # 10 kt stored
    # 4e4 t of green ammonia made without recognised green power: 0 % renewable
    assert float(sc["renewable_hydrogen_share"]) == 0.0
    assert float(sc["renewable_hydrogen_share_pass"]) == 0.0
    assert float(sc["technology_pass"]) == 0.0
    assert float(sc["carbon_label_share"]) == 0.6 and float(sc["carbon_label_share_pass"]) == 1
    assert float(sc["cbam_reserve_ratio_pass"]) == 0.0  # 0.2 < 0.5
    assert float(sc["low_carbon_patents"]) == 1.5  # 3 patents, 2 units
    assert float(sc["low_carbon_patents_pass"]) == 1.0
    assert float(sc["institutional_pass"]) == 0.0
    assert float(sc["grade"]) == 0.0  # the national core indicator is missed: veto


def test_renewable_hydrogen_share_counts_recognised_power_only():
    ds = two_entity_park()
    green = ds["green_power_share"].values.copy()
    green[1, :, 0] = [0.9, 0.07, 0.03]  # urea: 97 % direct line + PPA
    ds["green_power_share"] = (("entity", "power_kind", "year"), green)
    sc = scorecard(ds, SETTINGS).sel(park="p1", year=2030)
    assert float(sc["renewable_hydrogen_share"]) == pytest.approx(0.97)
    assert float(sc["renewable_hydrogen_share_pass"]) == 1.0  # >= 95 % (IRENA)
    green[1, :, 0] = [0.5, 0.0, 0.5]  # half on certificates: not green
    ds["green_power_share"] = (("entity", "power_kind", "year"), green)
    sc = scorecard(ds, SETTINGS).sel(park="p1", year=2030)
    assert float(sc["renewable_hydrogen_share_pass"]) == 0.0


def test_layer_passes_and_grade():
    def flags(core, *layers):
        data = {"core_pass": xr.DataArray(float(core))}
        data |= {f"{k}_pass": xr.DataArray(float(v)) for k, v in zip(LAYERS, layers, strict=True)}
        return xr.Dataset(data)

    assert float(grade(flags(1, 1, 1, 1, 1))) == 4
    assert float(grade(flags(1, 1, 1, 0, 1))) == 2  # a missed layer stops the count
    assert float(grade(flags(1, 1, np.nan, 1, 0))) == 3  # nothing assessed does not block
    assert float(grade(flags(0, 1, 1, 1, 1))) == 0  # the national core indicator: veto
    assert float(grade(flags(np.nan, 0, 1, 1, 1))) == 0


def test_a_layer_with_nothing_assessed_is_not_assessed():
    ds = two_entity_park()
    production = ds["production_capacity"].values.copy()
    production[1, 2:, 0] = [100_000, 0]  # urea: all coal ammonia, no hydrogen route made
    ds["production_capacity"] = (("entity", "production_route", "year"), production)
    sc = scorecard(ds, SETTINGS).sel(park="p1")
    sc2026 = scorecard(ds.assign_coords(year=[2026]), SETTINGS).sel(park="p1")
    assert float(sc["technology_pass"].item()) == 0.0  # 2030: CCUS below 50 kt
    # in 2026 no CCUS threshold yet and no hydrogen made: nothing assessed
    assert np.isnan(float(sc2026["renewable_hydrogen_share"].item()))
    assert np.isnan(float(sc2026["ccus_storage_pass"].item()))
    assert np.isnan(float(sc2026["technology_pass"].item()))


def test_thresholds_come_from_the_stored_config(baseline_results):
    sc = scorecard(baseline_results)
    cfg = compose_plain()["scorecard"]["thresholds"]
    for name in ("direct_renewable_share", "renewable_hydrogen_share", "carbon_label_share"):
        path = {int(y): v for y, v in cfg[name]["min"].items()}
        for year, value in path.items():
            got = sc[f"{name}_threshold"].sel(year=year)
            assert (got == value).all(), (name, year)
    assert np.isnan(sc["green_hydrogen_substitution_threshold"].sel(year=2029)).all()
    for name, (units, _) in INDICATORS.items():
        assert sc[name].attrs["units"] == units


def test_an_override_moves_the_threshold():
    settings = compose_plain(["scorecard.thresholds.ccus_storage.min.2030=5000"])["scorecard"]
    sc = scorecard(two_entity_park(), settings).sel(park="p1", year=2030)
    assert float(sc["ccus_storage_pass"]) == 1.0  # 10 kt >= 5 kt


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"thresholds": {**SETTINGS["thresholds"], "ccus_storag": {"min": {"2026": 1}}}},
            r"scorecard\.thresholds = 'ccus_storag': no such thresholded indicator",
        ),
        (
            {"thresholds": {**SETTINGS["thresholds"], "ccus_storage": {"max": {"2026": 1}}}},
            r"scorecard\.thresholds\.ccus_storage\.max = \{'2026': 1\}: expected min and source",
        ),
        (
            {
                "thresholds": {
                    **SETTINGS["thresholds"],
                    "direct_renewable_share": {"min": {"2026": 1.5}},
                }
            },
            r"scorecard\.thresholds\.direct_renewable_share\.min\.2026 = 1\.5: expected a share",
        ),
        (
            {"thresholds": {**SETTINGS["thresholds"], "ccus_storage": {"min": {"soon": 1}}}},
            r"scorecard\.thresholds\.ccus_storage\.min\.soon = 1: keys must be years",
        ),
        (
            {"input_series": {"patents": {"p1": {"2026": 1}}}},
            r"scorecard\.input_series = 'patents': no such input-series indicator",
        ),
        (
            {"input_series": {"scope3_coverage": {"p1": {"2026": 2.0}}}},
            r"scorecard\.input_series\.scope3_coverage\.p1\.2026 = 2\.0: expected a share",
        ),
        (
            {"value_added_share": {"iron_steel": 0.2}},
            r"scorecard\.value_added_share\.fertilisers = None",
        ),
    ],
)
def test_a_bad_threshold_is_one_line_naming_the_key(change, expected):
    with pytest.raises(ConfigError, match=expected) as err:
        scorecard(two_entity_park(), {**SETTINGS, **change})
    assert "\n" not in str(err.value)


def test_a_missing_threshold_is_named():
    thresholds = {k: v for k, v in SETTINGS["thresholds"].items() if k != "cbam_reserve_ratio"}
    with pytest.raises(ConfigError, match=r"scorecard\.thresholds\.cbam_reserve_ratio = None"):
        scorecard(two_entity_park(), {**SETTINGS, "thresholds": thresholds})


def _numeric_leaves(tree, prefix=""):
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _numeric_leaves(value, f"{path}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield path


def test_every_scorecard_number_has_a_source():
    """A number is sourced by a non-empty <stem>_source sibling of it or of an enclosing
    key, or by the ``source`` of its threshold record."""
    cfg = compose_plain()["scorecard"]
    unsourced = []
    for path in _numeric_leaves(cfg):
        parts = path.split(".")
        top = parts[0]
        record = cfg["thresholds"].get(parts[1], {}) if top == "thresholds" else {}
        if not (cfg.get(f"{top}_source") or record.get("source")):
            unsourced.append(path)
    assert unsourced == []
