"""The grid of ``sweep.over``: checked, and each combination's overrides in the order
Hydra's basic sweeper runs ``cbam-sim -m`` (the last key fastest)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.errors import ConfigError
from sim.experiments.grid import checked_grid, grid_runs, not_with_multirun


def test_runs_in_the_sweepers_order_with_the_other_overrides_first():
    grid = checked_grid({"prices": ["low", "high"], "policy.cscf": [0.9, 1]}, ["run.quiet=true"])
    given = ["run.quiet=true", "sweep.over={prices: [low]}", "run.end_year=2030"]
    runs = grid_runs(grid, given)
    assert runs == [
        ["run.quiet=True", "run.end_year=2030", "prices=low", "policy.cscf=0.9"],
        ["run.quiet=True", "run.end_year=2030", "prices=low", "policy.cscf=1"],
        ["run.quiet=True", "run.end_year=2030", "prices=high", "policy.cscf=0.9"],
        ["run.quiet=True", "run.end_year=2030", "prices=high", "policy.cscf=1"],
    ]


def test_values_are_written_in_hydras_override_syntax():
    grid = {"ensemble.variables": [["cbam_cost", "mrv_cost"]], "scenario.name": ["a b", None]}
    runs = grid_runs(grid, [])
    assert [r[0] for r in runs] == ["ensemble.variables=[cbam_cost,mrv_cost]"] * 2
    assert [r[1] for r in runs] == ["scenario.name=a\\ b", "scenario.name=null"]


@given(st.lists(st.integers(1, 4), min_size=1, max_size=4))
def test_one_run_per_combination_each_once(sizes):
    grid = {f"k{i}.x": list(range(n)) for i, n in enumerate(sizes)}
    runs = grid_runs(grid, [])
    assert len(runs) == len(set(map(tuple, runs))) == len(list(itertools.product(*grid.values())))


@pytest.mark.parametrize(
    ("over", "given", "message"),
    [
        ({}, [], "sweep.over = {}: expected a mapping"),
        ([1, 2], [], "sweep.over = [1, 2]: expected a mapping"),
        ({"policy.cscf": 0.9}, [], "sweep.over.policy.cscf = 0.9: expected a non-empty list"),
        ({"policy.cscf": [0.9]}, ["policy.cscf=1"], "given on the command line too"),
        ({"hydra.job.name": ["a"]}, [], "not a model key"),
    ],
)
def test_a_bad_grid_names_its_key(over, given, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("{", r"\{")):
        checked_grid(over, given)


def test_no_grid_in_a_multirun():
    not_with_multirun(None)
    with pytest.raises(ConfigError, match="drop -m"):
        not_with_multirun({"policy.cscf": [1.0]})
