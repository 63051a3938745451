"""Every shipped config option composes, runs, and carries the source of its numbers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.store import scenario_files
from sim.dynamics.batch import run_model
from sim.pipeline import model_inputs
from tests.conftest import compose_plain

OPTIONS = (
    [f"prices={p}" for p in ("low", "central", "high")]
    + ["policy=enacted", "population=china_eu", "population=india_eu"]
    + [f"scenario={s}" for s in scenario_files()]
)


@pytest.mark.parametrize("override", OPTIONS)
def test_every_option_composes_and_runs(override):
    out = run_model(*model_inputs(compose_plain(override.split())))
    assert np.isfinite(out["cbam_cost"]).all() and (out["cbam_cost"] >= 0).all()


def test_price_worlds_are_ordered():
    totals = {
        p: run_model(*model_inputs(compose_plain([f"prices={p}"])))["cbam_cost"].sum()
        for p in ("low", "central", "high")
    }
    assert totals["low"] < totals["central"] < totals["high"]


def _numeric_leaves(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _numeric_leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path


def _has_source(cfg, path: str) -> bool:
    """A number is sourced by a non-empty ``<stem>_source`` sibling (``<stem>`` a prefix of its
    key, e.g. ``benchmark_source`` for ``benchmark_actual``) of it or of an enclosing key, or
    by a ``source`` field of an enclosing record (a table row)."""
    parts = path.split(".")
    for depth in range(len(parts), 0, -1):
        parent = cfg
        for p in parts[: depth - 1]:
            parent = parent[p]
        key = parts[depth - 1]
        stems = [k[: -len("_source")] for k, v in parent.items() if k.endswith("_source") and v]
        if any(key.startswith(stem) for stem in stems) or parent.get("source"):
            return True
    return False


def test_every_numeric_default_has_a_source():
    cfg = compose_plain()
    unsourced = [
        p
        for p in _numeric_leaves(
            {k: cfg[k] for k in ("policy", "prices", "population", "technology", "response")}
        )
        if not _has_source(cfg, p)
    ]
    assert unsourced == []


def test_source_check_catches_a_number_without_source():
    cfg = compose_plain()
    cfg["prices"]["fx_cny_per_eur_source"] = ""
    assert not _has_source(cfg, "prices.fx_cny_per_eur")
