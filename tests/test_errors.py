"""The errors a user acts on survive pickling (raised in a Dask worker, shown here)."""

from __future__ import annotations

import pickle

import pytest

from sim.errors import ConfigError, DataFileError, MissingVariablesError, NonFiniteResultError


@pytest.mark.parametrize(
    "error",
    [
        ConfigError("ensemble.n", -1, "expected a whole number >= 1"),
        NonFiniteResultError("cbam_cost", "NaN", {"draw": 133, "entity": "steel_a"}),
        DataFileError("sweep/0/results.nc", "not a readable netCDF file"),
        MissingVariablesError("the scorecard", ["park_capex"]),
    ],
)
def test_an_error_is_the_same_after_pickling(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
    assert vars(back) == vars(error)
