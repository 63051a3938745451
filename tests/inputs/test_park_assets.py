"""The gate of park infrastructure: the asset table and the parks' plans, each bad value one
ConfigError naming its key and value."""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest

from sim.config.migrations import migrate
from sim.errors import ConfigError
from sim.inputs.gate import build_inputs

PLAN = {
    "mode": "plan",
    "start_year": 2027,
    "target_year": 2029,
    "assets": {"wind": 100.0, "connection": 1.0},
    "cost_key": "electricity",
    "source": "test",
}


def planned(cfg, **change):
    cfg["population"]["parks"]["park_b"]["plan"] = {**copy.deepcopy(PLAN), **change}
    return cfg


def test_a_plan_becomes_arrays_in_eur(base_cfg):
    inp = build_inputs(planned(base_cfg))
    parks, b = inp.parks, list(inp.parks.ids).index("park_b")
    assert parks.mode[b] == 1 and parks.start_year[b] == 2027
    assert parks.size[b].tolist() == [0.0, 100.0, 0.0, 1.0, 0.0]
    assert parks.capex_eur.tolist() == pytest.approx(
        [3.1e6 / 8, 4.5e6 / 8, 5.5e5 / 8, 1.25e6, 2.5e5]
    )
    assert parks.capacity_factor[b, :2].tolist() == [0.17, 0.33]  # Inner Mongolia's row
    a = list(inp.parks.ids).index("park_a")
    assert parks.capacity_factor[a, :2].tolist() == [0.14, 0.23]  # Hebei: the defaults
    assert np.all(parks.mode[np.arange(parks.ids.size) != b] == 0)


@pytest.mark.parametrize(
    ("change", "key", "value"),
    [
        ({"mode": "maybe"}, "population.parks.park_b.plan.mode", "maybe"),
        ({"assets": {"nuclear": 1.0}}, "population.parks.park_b.plan.assets.nuclear", "nuclear"),
        ({"assets": {"wind": -5.0}}, "population.parks.park_b.plan.assets.wind", "-5"),
        ({"assets": {"connection": 2.0}}, "population.parks.park_b.plan.assets.connection", "2"),
        ({"cost_key": "revenue"}, "population.parks.park_b.plan.cost_key", "revenue"),
        ({"start_year": 2020}, "population.parks.park_b.plan.start_year", "2020"),
        ({"target_year": 2028}, "population.parks.park_b.plan.target_year", "2028"),
    ],
)
def test_a_bad_plan_is_one_line_naming_key_and_value(base_cfg, change, key, value):
    with pytest.raises(ConfigError) as err:
        build_inputs(planned(base_cfg, **change))
    text = str(err.value)
    assert key in text and value in text and "\n" not in text


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        (("kinds", "pv", "learning_rate"), 0.95, "park_assets.kinds.pv.learning_rate"),
        (("kinds", "wind", "lead_time_years"), 0, "park_assets.kinds.wind.lead_time_years"),
        (("capacity_factor", "wind", "default"), 1.4, "park_assets.capacity_factor.wind.default"),
        (("availability_share",), 2.0, "park_assets.availability_share"),
        (("electrolyser_mwh_per_t_h2",), 0.0, "park_assets.electrolyser_mwh_per_t_h2"),
    ],
)
def test_a_bad_asset_table_names_its_key(base_cfg, path, value, key):
    node = base_cfg["park_assets"]
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    with pytest.raises(ConfigError, match=re.escape(key)):
        build_inputs(base_cfg)


def test_an_older_config_migrates_to_no_park_assets(base_cfg):
    old = copy.deepcopy(base_cfg)
    old.pop("park_assets")
    for p in old["population"]["parks"].values():
        p.pop("plan")
    cfg, notes = migrate(old)
    assert any("park_assets" in n for n in notes)
    inp = build_inputs(cfg)
    assert np.all(inp.parks.mode == 0) and np.all(inp.parks.capex_eur == 0)
    with pytest.raises(ConfigError, match=re.escape("park_assets.kinds")):
        build_inputs(planned(cfg))  # a plan needs the table


def test_a_park_takes_a_costless_line_or_a_plan_not_both(base_cfg):
    cfg = planned(base_cfg)
    cfg["population"]["parks"]["park_b"]["direct_line_commissioned"] = 2028
    with pytest.raises(ConfigError, match=re.escape("park_b.direct_line_commissioned")):
        build_inputs(cfg)
