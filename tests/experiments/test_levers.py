"""Levers declared under ``ensemble.levers`` / ``ensemble.lever_design``: the policies, their
labels and coordinates, the patched config of each, and the one-line refusals."""

from __future__ import annotations

import copy
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.errors import ConfigError
from sim.experiments.levers import (
    LEVER_DIM,
    checked_levers,
    coordinate_name,
    declared,
    lever_coords,
    no_levers,
    patched,
    short_names,
)

LINE = "population.parks.park_b.direct_line_commissioned"


def with_levers(cfg, levers=None, design=None, uncertain=None):
    cfg["ensemble"] |= {"levers": levers, "lever_design": design}
    if uncertain is not None:
        cfg["ensemble"]["uncertain"] = uncertain
    return cfg


def test_full_factorial_last_key_fastest(base_cfg):
    cfg = with_levers(base_cfg, {"policy.cscf": [0.95, 1.0], LINE: [2028, 2031, 2034]})
    levers = checked_levers(cfg)
    assert levers.keys == ("policy.cscf", LINE)
    assert len(levers) == 6
    assert [s[LINE] for _, s in levers.policies] == [2028, 2031, 2034] * 2
    assert [s["policy.cscf"] for _, s in levers.policies] == [0.95] * 3 + [1.0] * 3
    assert levers.policies[1][0] == "cscf=0.95, direct_line_commissioned=2031"


def test_nested_levers_read_as_dotted_keys(base_cfg):
    cfg = with_levers(base_cfg, {"policy": {"cscf": [0.9, 1.0]}})
    assert checked_levers(cfg).keys == ("policy.cscf",)


def test_lever_design_named_policies(base_cfg):
    design = {
        "enacted": {"policy.cscf": 1.0, LINE: 2028},
        "strict_late": {"policy.cscf": 0.9, LINE: 2031},
    }
    levers = checked_levers(with_levers(base_cfg, design=design))
    assert [label for label, _ in levers.policies] == ["enacted", "strict_late"]
    coords = lever_coords(levers)
    assert list(coords[LEVER_DIM][1]) == ["enacted", "strict_late"]
    assert list(coords[coordinate_name(LINE)][1]) == [2028.0, 2031.0]
    assert coords[coordinate_name(LINE)][2]["config_key"] == LINE


L, D = "ensemble.levers", "ensemble.lever_design"
UNIFORM = {"dist": "uniform", "low": 0.9, "high": 1}
PAID = "prices.effectively_paid_share.2030"


@pytest.mark.parametrize(
    ("levers", "design", "uncertain", "where", "said"),
    [
        ({"policy.csf": [0.9]}, None, None, f"{L}.policy.csf", "did you mean policy.cscf"),
        ({"policy.cscf": 0.9}, None, None, f"{L}.policy.cscf", "non-empty list"),
        ({"policy.cscf": []}, None, None, f"{L}.policy.cscf", "non-empty list"),
        ({"policy.cscf": [0.9, 1.0]}, None, {"cscf": UNIFORM}, f"{L}.policy.cscf",
         "uncertainty ensemble.uncertain.cscf"),
        ({PAID: [0.1]}, None, {"paid_share": UNIFORM}, f"{L}.{PAID}", "uncertain.paid_share"),
        ({"policy.de_minimis_threshold_t": [35.0, 50.0]}, None,
         {"de_minimis_threshold_t": UNIFORM}, f"{L}.policy.de_minimis_threshold_t",
         "uncertain.de_minimis_threshold_t"),
        ({"policy.cbam_factor.2030": [0.4]}, None, {"cbam_factor": UNIFORM},
         f"{L}.policy.cbam_factor.2030", "uncertain.cbam_factor"),
        ({"policy.name": [1]}, None, None, f"{L}.policy.name", "not a numeric or year key"),
        ({"ensemble.n": [2, 4]}, None, None, f"{L}.ensemble.n", "not a model key"),
        ({"policy.cscf": [True]}, None, None, f"{L}.policy.cscf[0]", "expected a number"),
        ({"policy.cscf": ["high"]}, None, None, f"{L}.policy.cscf[0]", "expected a number"),
        ({"policy.cscf": [0.9, 0.9]}, None, None, f"{L}.policy.cscf", "listed twice"),
        ({"policy.cscf": [0.9]}, {"a": {"policy.cscf": 0.9}}, None, D, "not both"),
        (None, {"a": {"policy.cscf": 0.9}, "b": {LINE: 2030}}, None, f"{D}.b",
         "keys of the first policy"),
        (None, {"a": 0.9}, None, f"{D}.a", "expected a mapping"),
        ("policy.cscf", None, None, L, "expected a mapping"),
    ],
)  # fmt: skip
def test_bad_levers_refused_in_one_line(base_cfg, levers, design, uncertain, where, said):
    cfg = with_levers(base_cfg, levers, design, uncertain)
    with pytest.raises(ConfigError) as err:
        checked_levers(cfg)
    text = str(err.value)
    assert text.startswith(where + " = ") and said in text and "\n" not in text


def test_patched_sets_the_keys_and_leaves_the_config_alone(base_cfg):
    cfg = with_levers(base_cfg, {"policy.cscf": [0.9]})
    before = copy.deepcopy(cfg)
    out = patched(cfg, {"policy.cscf": 0.9, LINE: 2030})
    assert cfg == before  # the config given is not changed
    assert out["policy"]["cscf"] == 0.9
    assert out["population"]["parks"]["park_b"]["direct_line_commissioned"] == 2030
    assert out["ensemble"]["levers"] is None and not declared(out)
    assert out["prices"] is cfg["prices"]  # sections no lever touches are shared
    assert out["population"]["parks"]["park_a"] is cfg["population"]["parks"]["park_a"]


def test_short_names_unique_tails():
    keys = ("policy.cscf", "population.parks.park_b.direct_line_share",
            "population.parks.park_c.direct_line_share")  # fmt: skip
    assert short_names(keys) == {
        "policy.cscf": "cscf",
        keys[1]: "park_b.direct_line_share",
        keys[2]: "park_c.direct_line_share",
    }


def test_sobol_and_morris_refuse_levers(base_cfg):
    no_levers(base_cfg, "Sobol")  # no levers: nothing to refuse
    with pytest.raises(ConfigError, match=r"^ensemble.levers = .*uncertainties only"):
        no_levers(with_levers(base_cfg, {"policy.cscf": [0.9, 1.0]}), "Sobol")


KEYS = ("policy.cscf", LINE, "population.parks.park_b.direct_line_share")
SCALE = {"policy.cscf": lambda v: v / 20, LINE: lambda v: 2026 + v,
         KEYS[2]: lambda v: v / 20}  # fmt: skip


@pytest.fixture(scope="module")
def plain_cfg():
    from tests.conftest import compose_plain

    return compose_plain()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 20), min_size=1, max_size=4, unique=True), min_size=1, max_size=3
    )
)
def test_factorial_is_every_combination_once(plain_cfg, options):
    """Property: the policies are the product of the option lists, each once, and each
    key's coordinate takes exactly its options; the patched config holds the policy."""
    levers = {k: [SCALE[k](v) for v in vs] for k, vs in zip(KEYS, options, strict=False)}
    cfg = with_levers(copy.deepcopy(plain_cfg), levers)
    got = checked_levers(cfg)
    combos = [tuple(s.values()) for _, s in got.policies]
    assert combos == list(itertools.product(*levers.values()))
    assert len({label for label, _ in got.policies}) == len(got)
    coords = lever_coords(got)
    assert np.asarray(coords[LEVER_DIM][1]).dtype.kind == "U"
    for key, values in levers.items():
        assert set(coords[coordinate_name(key)][1]) == set(values)
    _, setting = got.policies[-1]
    out = patched(cfg, setting)
    for key, value in setting.items():
        node = out
        for part in key.split("."):
            node = node[part]
        assert node == value


def test_every_uncertainty_names_the_keys_it_sets():
    """A lever on a key an uncertainty draws is refused only if the uncertainty is listed."""
    from sim.experiments.design import UNCERTAIN_KEYS, UNCERTAINTIES

    assert set(UNCERTAINTIES) == set(UNCERTAIN_KEYS)
