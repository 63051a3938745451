"""The printed table of a grid: one row a combination, totals and the difference to the
first, worked by hand on a small collected dataset."""

from __future__ import annotations

import json

import numpy as np
import xarray as xr

from sim.analysis.grid_summary import format_grid, grid_costs


def collected() -> xr.Dataset:
    cost = np.zeros((2, 2, 3, 2))  # prices x policy_cscf x entity x year, EUR
    cost[0, 0] = [[1e6, 2e6], [0, 1e6], [np.nan, np.nan]]  # an entity not in this run
    cost[0, 1] = 2 * cost[0, 0]
    cost[1, 0] = [[5e6, 0], [0, 0], [1e6, 1e6]]
    cost[1, 1] = 0
    return xr.Dataset(
        {"cbam_cost": (("prices", "policy_cscf", "entity", "year"), cost)},
        coords={"prices": ["high", "low"], "policy_cscf": [1.0, 0.9],
                "entity": ["a", "b", "c"], "year": [2026, 2027]},
        attrs={"swept_dims": json.dumps({"prices": "prices", "policy_cscf": "policy.cscf"})},
    )  # fmt: skip


def test_costs_per_combination_in_the_order_swept():
    labels, years, rows = grid_costs(collected())
    assert labels == [
        "prices=high policy.cscf=1.0",
        "prices=high policy.cscf=0.9",
        "prices=low policy.cscf=1.0",
        "prices=low policy.cscf=0.9",
    ]
    assert years == [2026, 2027]
    assert rows == [[1.0, 3.0], [2.0, 6.0], [6.0, 1.0], [0.0, 0.0]]


def test_the_table_gives_totals_and_the_difference_to_the_first():
    lines = format_grid(collected(), "/x/collected.nc").splitlines()
    assert lines[0] == "CBAM cost of exports to the EU, million EUR (4 runs)"
    assert lines[1].split() == ["2026", "2027", "2026-27", "vs", "first"]
    assert lines[3].split() == ["prices=high", "policy.cscf=0.9", "2.0", "6.0", "8.0", "+4.0"]
    assert lines[5].split()[-2:] == ["0.0", "-4.0"]
    assert lines[-1] == "Results: /x/collected.nc"


def test_a_run_of_policies_is_one_row_a_policy():
    cost = np.array([[[1e6, 2e6]], [[3e6, 0.0]]])[:, None] * np.ones((2, 4, 1, 2))
    ds = xr.Dataset(
        {"cbam_cost": (("lever", "draw", "entity", "year"), cost)},
        coords={"lever": ["cscf=1", "cscf=0.9"], "lever_policy_cscf": ("lever", [1.0, 0.9]),
                "entity": ["a"], "year": [2026, 2027]},
    )  # fmt: skip
    labels, _, rows = grid_costs(ds)
    assert labels == ["cscf=1", "cscf=0.9"] and rows == [[1.0, 2.0], [3.0, 0.0]]
    text = format_grid(ds)
    assert "(2 policies)" in text and "the same draws under every policy" in text
    assert text.splitlines()[3].split()[-1] == "+0.0"  # cscf=0.9: 3.0 against 3.0
