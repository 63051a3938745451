"""Pass years on constructed parks: passes in 2030, passes then fails, never passes ("not
by the horizon"), with draws the share passing by the target year; and on a constructed
park through the whole scorecard with a target year and an emissions cap."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.pass_years import (
    NOT_ASSESSED,
    NOT_BY_HORIZON,
    pass_year_table,
    pass_years,
)
from sim.analysis.scorecard import scorecard
from tests.analysis.test_scorecard import SETTINGS

YEARS = list(range(2026, 2035))
N = np.nan
FLAGS = {  # park -> core_pass by year 2026-2034
    "from_2030": [0, 0, 0, 0, 1, 1, 1, 1, 1],
    "then_fails": [0, 0, 1, 1, 1, 0, 0, 0, 0],
    "never": [0] * 9,
    "twice": [0, 1, 0, 1, 1, 1, 1, 1, 1],
    "late_assessed": [N, N, N, 1, 1, 1, 1, 1, 1],
    "unassessed": [N] * 9,
}


def flag_scorecard(flags: dict[str, list[float]], target: float = np.nan) -> xr.Dataset:
    parks = list(flags)
    return xr.Dataset(
        {
            "core_pass": (("park", "year"), np.array([flags[p] for p in parks], float)),
            "target_year": ("park", np.full(len(parks), target)),
        },
        coords={"park": parks, "year": YEARS},
        attrs={"scenario": "constructed"},
    )


def test_first_year_and_passes_from():
    py = pass_years(flag_scorecard(FLAGS)).sel(indicator="core")
    first = dict(zip(FLAGS, py["first_pass_year"].values, strict=True))
    since = dict(zip(FLAGS, py["passes_from_year"].values, strict=True))
    assert first["from_2030"] == 2030 and since["from_2030"] == 2030
    assert first["then_fails"] == 2028 and np.isnan(since["then_fails"])
    assert np.isnan(first["never"]) and np.isnan(since["never"])
    assert first["twice"] == 2027 and since["twice"] == 2029
    assert first["late_assessed"] == 2029 and since["late_assessed"] == 2029


def test_the_table_says_not_by_the_horizon():
    table = pass_year_table(flag_scorecard(FLAGS)).set_index("park")
    assert table.loc["from_2030", "passes_from_year"] == "2030"
    assert table.loc["then_fails", "first_pass_year"] == "2028"
    assert table.loc["then_fails", "passes_from_year"] == NOT_BY_HORIZON
    assert table.loc["never", "first_pass_year"] == NOT_BY_HORIZON
    assert table.loc["unassessed", "first_pass_year"] == NOT_ASSESSED
    assert (table["scenario"] == "constructed").all()
    assert (table["target_year"] == "none").all()


def test_share_of_draws_passing_by_the_target_year():
    # three draws of one park: passes from 2029, from 2031, never; target 2030
    draws = np.array([[0, 0, 0, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 1, 1, 1, 1], [0] * 9], float)
    sc = xr.Dataset(
        {
            "core_pass": (("draw", "park", "year"), draws[:, None, :]),
            "target_year": ("park", [2030.0]),
        },
        coords={"park": ["p"], "year": YEARS, "draw": [0, 1, 2]},
    )
    py = pass_years(sc).sel(park="p", indicator="core")
    np.testing.assert_array_equal(py["passes_from_year"].values, [2029, 2031, np.nan])
    row = pass_year_table(sc).iloc[0]
    assert row["share_passing_by_target"] == pytest.approx(1 / 3)
    assert row["passes_from_year"] == "2031"  # the median draw
    assert row["target_year"] == "2030"


@settings(deadline=None)  # a property, not a timing: one example took 276 ms at load 7
@given(st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=1, max_size=12))
def test_pass_years_are_consistent(flags):
    years = list(range(2026, 2026 + len(flags)))
    sc = xr.Dataset({"x_pass": ("year", flags)}, coords={"year": years})
    py = pass_years(sc.expand_dims(park=["p"])).sel(park="p", indicator="x")
    first, since = float(py["first_pass_year"]), float(py["passes_from_year"])
    passed = [y for y, f in zip(years, flags, strict=True) if f == 1]
    assert (np.isnan(first) and not passed) or first == passed[0]
    if np.isfinite(since):
        assert since >= first
        assert all(f == 1 for y, f in zip(years, flags, strict=True) if y >= since)
        assert since == years[0] or flags[years.index(int(since)) - 1] != 1
    else:
        assert flags[-1] != 1


def one_park(co2_by_year: list[float]) -> xr.Dataset:
    """A scrap-EAF unit of 2 Mt/yr using 2 TWh: 2e6 x 0.06 + 2e6 MWh x 0.1229 = 365,800
    tce a year (the 0.2 band), with the CO2 of each year given."""
    n = len(co2_by_year)
    years = YEARS[:n]

    def ey(values):
        return xr.DataArray(np.array(values, float)[None, :], dims=("entity", "year"))

    production = np.zeros((1, 1, n))
    production[0, 0] = 2e6
    return xr.Dataset(
        {
            "production_capacity": (("entity", "production_route", "year"), production),
            "direct_intensity": ey([c / 2e6 for c in co2_by_year]),
            "electricity_use": ey([2e6] * n),
            "green_power_share": (("entity", "power_kind", "year"), np.ones((1, 3, n)) / 3),
            "energy_emissions": ey(co2_by_year),
            "reported_emissions": ey(co2_by_year),
            "recognised_emissions": ey(co2_by_year),
            "carbon_price_coverage": ey([1.0] * n),
            "ccus_storage": ey([0.0] * n),
            "reserve_balance": ey([0.0] * n),
            "cbam_cost": ey([1e6] * n),
            "export_value": ey([1e8] * n),
            "export_volume": ey([2e5] * n),
            "exempt_volume": ey([0.0] * n),
        },
        coords={
            "entity": ["eaf"],
            "park": ("entity", ["p1"]),
            "sector": ("entity", ["iron_steel"]),
            "year": years,
            "production_route": ["scrap_eaf"],
            "power_kind": ["direct_line", "ppa", "gec"],
        },
        attrs={"config": yaml.safe_dump({"technology": {"options": {}}})},
    )


def test_a_constructed_park_passes_the_national_rule_in_2030():
    co2 = [500_000.0] * 4 + [60_000.0] * 5  # 1.37 tCO2/tce, then 0.164 <= 0.2 from 2030
    parks = {"p1": {"target_year": 2030, "emissions_cap_tco2": 100_000}}
    sc = scorecard(one_park(co2), SETTINGS, parks)
    assert float(sc["energy_use"].sel(park="p1", year=2026)) == pytest.approx(365_800)
    table = pass_year_table(sc).set_index("indicator")
    for indicator in ("core", "emissions_cap", "dual_control"):
        assert table.loc[indicator, "first_pass_year"] == "2030", indicator
        assert table.loc[indicator, "passes_from_year"] == "2030", indicator
        assert table.loc[indicator, "share_passing_by_target"] == 1.0
    # a cap the park never meets: the dual control fails although the intensity passes
    sc = scorecard(
        one_park(co2), SETTINGS, {"p1": {"target_year": 2030, "emissions_cap_tco2": 50_000}}
    )
    table = pass_year_table(sc).set_index("indicator")
    assert table.loc["dual_control", "first_pass_year"] == NOT_BY_HORIZON
    assert table.loc["dual_control", "share_passing_by_target"] == 0.0
