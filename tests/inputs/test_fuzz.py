"""Fuzzing the input gate: random valid and invalid configs and populations.

Every case either runs, with the output identities holding and every number finite, or
stops with a :class:`ConfigError` naming its key. Any other exception (a ``KeyError``,
``TypeError`` or an overflow deep inside numpy) is a defect of the validation.

The default run draws ``FUZZ_EXAMPLES`` cases per test; a bigger, randomised variant runs
with ``CBAM_SLOW_FUZZ=<examples> python -m pytest -m slow tests/properties/test_fuzz.py``.
"""

from __future__ import annotations

import copy
import math
import os
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.dynamics.batch import run_model
from sim.errors import ConfigError, SuspiciousInputWarning
from sim.pipeline import model_inputs
from tests.conftest import compose_plain

FUZZ_EXAMPLES = 150
SLOW_EXAMPLES = int(os.environ.get("CBAM_SLOW_FUZZ") or 0)
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the default suite is reproducible; the slow variant explores
)
SLOW = settings(FUZZ, max_examples=max(SLOW_EXAMPLES, 1), derandomize=False)

_BASE: dict[str, Any] | None = None


def base() -> dict[str, Any]:
    """The default config on a short horizon (2026-2028), composed once."""
    global _BASE
    if _BASE is None:
        _BASE = compose_plain(["run.end_year=2028"])
    return copy.deepcopy(_BASE)


def leaves(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) of the config tree, containers included (excluding the root)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*path, k), v
            yield from leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*path, i), v
            yield from leaves(v, (*path, i))


PATHS = [p for p, _ in leaves(base())]
NUMERIC_PATHS = [
    p for p, v in leaves(base()) if isinstance(v, int | float) and not isinstance(v, bool)
]
BAD_VALUES = st.sampled_from(
    [
        -1,
        -1.0e9,
        float("nan"),
        float("inf"),
        float("-inf"),
        1.0e300,
        1.0e12,
        "abc",
        "",
        None,
        [],
        {},
        True,
        2.5,  # a share above one
        2040,  # a year beyond the horizon
        2020,  # a year before the definitive period
        0,
    ]
)


def _set(cfg: dict, path: tuple, value: Any) -> None:
    node = cfg
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value


def _delete(cfg: dict, path: tuple) -> None:
    node = cfg
    for k in path[:-1]:
        node = node[k]
    del node[path[-1]]


@st.composite
def perturbed_configs(draw) -> tuple[dict[str, Any], str]:
    """The default config with one to three leaves broken (or keys deleted)."""
    cfg = base()
    what = []
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["numeric", "numeric", "any", "delete"]))
        paths = NUMERIC_PATHS if action == "numeric" else PATHS
        path = draw(st.sampled_from(paths))
        try:
            if action == "delete":
                _delete(cfg, path)
            else:
                _set(cfg, path, draw(BAD_VALUES))
        except (KeyError, IndexError, TypeError):  # an earlier change removed the parent
            continue
        what.append(".".join(map(str, path)))
    return cfg, ", ".join(what)


finite = st.floats(allow_nan=False, allow_infinity=False)


def _link(supplier: str) -> dict[str, Any]:
    return {"supplier": supplier, "cn_code": None, "t_per_t": 1.0, "source": "fuzz"}


@st.composite
def random_populations(draw) -> tuple[dict[str, Any], str]:
    """A random population of 1-8 entities on the baseline's goods, routes and parks, with
    random importer groups: valid about half the time, otherwise with invalid entries
    (unknown routes or parks, negative or absurd numbers, shares summing above one)."""
    cfg = base()
    pop = cfg["population"]
    templates = sorted(pop["entities"].items())  # real CN codes and their routes
    valid = draw(st.booleans())

    def pick(good_strategy, bad_strategy):
        return draw(good_strategy if valid else st.one_of(good_strategy, bad_strategy))

    entities = {}
    for i in range(draw(st.integers(1, 8))):
        _, template = draw(st.sampled_from(templates))
        volume = pick(st.floats(0, 5e6), st.one_of(finite, st.just(-1.0)))
        entities[f"e{i}"] = {
            "name": f"unit {i}",
            "cn_code": pick(st.just(template["cn_code"]), st.just("99999999")),
            "route": pick(st.just(template["route"]), st.just("nowhere")),
            "price_eur_per_t": pick(st.just(template["price_eur_per_t"]), st.just(0.0)),
            "park": pick(st.sampled_from(sorted(pop["parks"])), st.just("park_z")),
            "export_volume_t": volume,
            "production_t": max(volume, 1.0) * pick(st.floats(1.0, 5.0), finite),
            "value_basis": pick(st.sampled_from(["actual", "default"]), st.just("guess")),
            "direct_intensity": pick(st.floats(0, 30), finite),
            "direct_intensity_by_gas_t_per_t": {},
            "electricity_intensity_mwh_per_t": pick(st.floats(0, 20), finite),
            "power_emission_factor": pick(st.one_of(st.none(), st.floats(0, 1.2)), finite),
            "origin": None,
            "good": "",
            "price_source": "",
            "overrides": {},
            "overrides_source": "",
            # a chain to the unit before, or a loop back to itself (refused, named)
            "precursors": draw(
                st.sampled_from(
                    [[], [_link(f"e{i - 1}" if i else "e0")]] if i else [[], [_link("e0")]]
                )
            ),
            "source": "fuzz",
        }
        if draw(st.booleans()):  # direct emissions by gas (t of gas per t) instead of one number
            gas = pick(st.sampled_from(["CO2", "CH4", "N2O", "CF4", "C2F6"]), st.just("SF6"))
            entities[f"e{i}"]["direct_intensity"] = pick(st.none(), st.just(1.0))
            entities[f"e{i}"]["direct_intensity_by_gas_t_per_t"] = {
                "CO2": pick(st.floats(0, 20), finite),
                gas: pick(st.floats(0, 0.01), finite),
            }
    pop["entities"] = entities
    groups = {}
    for j in range(draw(st.integers(0, 3))):
        ids = draw(st.lists(st.sampled_from(sorted(entities)), unique=True, max_size=4))
        groups[f"g{j}"] = {
            "count": pick(st.integers(1, 2000), st.just(0)),
            "other_cbam_imports_t": pick(st.floats(0, 100), st.just(-5.0)),
            "purchase_share": {e: pick(st.floats(0, 0.33), st.floats(0, 1.5)) for e in ids},
            "source": "fuzz",
        }
    pop["importers"] = groups
    return cfg, "population"


def check_case(cfg: dict[str, Any]) -> str:
    """Run one case; return "ok" or "config_error", fail on anything else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SuspiciousInputWarning)
        warnings.simplefilter("error", RuntimeWarning)  # overflow, invalid value: a defect
        try:
            out = run_model(*model_inputs(cfg))
        except ConfigError as err:
            assert err.key and str(err).startswith(str(err.key)), str(err)
            return "config_error"
    for name, values in out.items():
        assert np.isfinite(values).all(), name
    e, faa, ded = out["embedded_emissions"], out["free_allocation_adjustment"], None
    ded = out["carbon_price_deduction"]
    n = out["certificates"]
    scale = 1e-9 * np.maximum(1.0, np.abs(e))
    assert (n >= 0).all()
    np.testing.assert_allclose(n, np.maximum(0.0, e - faa - ded), rtol=1e-9, atol=scale.max())
    price = out["certificate_price"][..., None, :]  # (draw, year) -> (draw, entity, year)
    np.testing.assert_allclose(out["cbam_cost"], n * price, rtol=1e-12, atol=0)
    return "ok"


STATS: dict[str, int] = {}


def _count(kind: str, outcome: str) -> None:
    STATS[f"{kind}:{outcome}"] = STATS.get(f"{kind}:{outcome}", 0) + 1


@FUZZ
@given(perturbed_configs())
def test_perturbed_configs_run_or_name_the_key(case):
    cfg, _ = case
    _count("config", check_case(cfg))


@FUZZ
@given(random_populations())
def test_random_populations_run_or_name_the_key(case):
    cfg, _ = case
    _count("population", check_case(cfg))


def test_fuzzing_exercised_both_outcomes():
    """The generators are not degenerate: both valid and invalid cases were drawn (runs
    after the two fuzz tests in file order)."""
    if not STATS:
        pytest.skip("run with the fuzz tests")
    assert STATS.get("config:config_error", 0) > 0
    assert STATS.get("population:ok", 0) > 0 and STATS.get("population:config_error", 0) > 0


@pytest.mark.slow
@pytest.mark.skipif(not SLOW_EXAMPLES, reason="set CBAM_SLOW_FUZZ=<examples> to run")
@SLOW
@given(st.one_of(perturbed_configs(), random_populations()))
def test_fuzz_many(case):
    check_case(case[0])


def test_nan_inf_and_huge_are_refused_for_every_numeric_leaf():
    """Deterministic sweep: NaN, -inf and 1e300 in every numeric leaf of the config."""
    for path in NUMERIC_PATHS:
        for bad in (float("nan"), -math.inf, 1e300):
            cfg = base()
            _set(cfg, path, bad)
            assert check_case(cfg) in ("ok", "config_error"), path
