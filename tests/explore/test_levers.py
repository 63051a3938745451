"""The levers: at their baseline values they change nothing; the templates moved in time
are the shipped scenarios moved in time."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sim import api
from sim.explore import levers


def _values_only(tree: Any) -> Any:
    """Without the source strings (they say why, not what)."""
    if isinstance(tree, dict):
        return {
            k: _values_only(v)
            for k, v in tree.items()
            if not (k == "source" or str(k).endswith("_source"))
        }
    return tree


def test_the_defaults_reproduce_the_baseline_config(session):
    assert levers.apply(session.base, session.defaults, session.templates) == session.base


def test_the_park_c_plan_a_year_later_is_the_shipped_plan_from_2028(session):
    later = levers.shift_years(session.templates["park_c_plan"], 1)
    shipped = levers.difference(session.base, api.compose(["scenario=park_c_plan_from_2028"]))
    assert _values_only(later) == _values_only(shipped)


def test_the_eu_price_lever_sets_the_pivot_year_and_the_slope_and_keeps_the_first_year(session):
    cfg = levers.apply(session.base, {"eu_price_2030": 200.0, "eu_price_slope": 5.0}, {})
    eua = {int(y): v for y, v in cfg["prices"]["eua_annual_eur"].items()}
    assert eua[2026] == session.base["prices"]["eua_annual_eur"]["2026"]
    assert eua[2030] == 200.0 and eua[2034] == 220.0 and eua[2027] == 185.0


def test_a_steep_fall_floors_the_eu_price_at_zero(session):
    cfg = levers.apply(session.base, {"eu_price_2030": 40.0, "eu_price_slope": -15.0}, {})
    assert min(cfg["prices"]["eua_annual_eur"].values()) == 0.0


def test_the_paid_share_never_exceeds_one(session):
    cfg = levers.apply(session.base, {"paid_share_2030": 1.0}, {})
    shares = cfg["prices"]["effectively_paid_share"].values()
    assert max(shares) == 1.0 and min(shares) >= 0.0


def test_the_direct_line_share_scales_the_planned_assets_but_not_the_connection(session):
    values = {"park_b_line_from": 2028, "park_b_line_share": 0.25}
    cfg = levers.apply(session.base, values, session.templates)
    plan = cfg["population"]["parks"]["park_b"]["plan"]
    template = session.templates["park_b_line"]["population"]["parks"]["park_b"]["plan"]
    assert plan["assets"]["wind"] == template["assets"]["wind"] / 2
    assert plan["assets"]["connection"] == template["assets"]["connection"]
    assert plan["target_year"] == 2028


@settings(max_examples=25, deadline=None)
@given(
    tree=st.recursive(
        st.integers(1990, 2100) | st.floats(allow_nan=False) | st.text(max_size=3),
        lambda inner: st.dictionaries(
            st.sampled_from(["start_year", "technology_plan", "x", "2030", "input_series"]),
            inner,
            max_size=3,
        ),
        max_leaves=8,
    ),
    by=st.integers(-5, 5),
)
def test_shifting_years_there_and_back_gives_the_tree_again(tree, by):
    assert levers.shift_years(levers.shift_years(tree, by), -by) == tree


def test_a_difference_merged_onto_the_base_gives_the_other_config(session):
    other = api.compose(["scenario=downstream_2028"])
    cfg = levers.apply(session.base, {}, {})
    levers.merge(cfg, levers.difference(session.base, other))
    other.pop("scenario")
    cfg.pop("scenario")
    assert cfg == other
