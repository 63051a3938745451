"""The scorecard's pass flags and ratios on unlabelled variables (sim.analysis.bare) are
computed on the broadcast values; they must give what the labelled arithmetic gives (the
same dimensions in the same order, the same numbers, NaN in the same places) for any
values: NaN, zero, equal to the limit, and dimensions the other operand lacks."""

from __future__ import annotations

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.analysis.evaluation_layers import passes
from sim.analysis.park_indicators import ratio

CELLS = st.sampled_from([np.nan, 0.0, -1.0, 0.2, 0.5, 1.0, 3.0])
DIMS = st.sampled_from([("park", "year"), ("year",), ("park",), ("year", "park"), ()])
SIZES = {"park": 3, "year": 4}


@st.composite
def variables(draw):
    dims = draw(DIMS)
    shape = tuple(SIZES[d] for d in dims)
    return xr.Variable(dims, draw(arrays(float, shape, elements=CELLS)))


def _labelled(v: xr.Variable) -> xr.DataArray:
    return xr.DataArray(v)


def _same(fast: xr.Variable, slow: xr.DataArray) -> None:
    assert isinstance(fast, xr.Variable) and fast.dims == slow.dims
    np.testing.assert_array_equal(fast.values, slow.values)  # NaN where NaN


@settings(max_examples=200, deadline=None)
@given(variables(), variables(), st.sampled_from(["min", "max"]), st.booleans())
def test_passes_on_variables_is_the_labelled_pass(value, limit, side, reported):
    _same(
        passes(value, limit, side, reported),
        passes(_labelled(value), _labelled(limit), side, reported),
    )


@settings(max_examples=200, deadline=None)
@given(variables(), variables())
def test_ratio_on_variables_is_the_labelled_ratio(num, den):
    _same(ratio(num, den), ratio(_labelled(num), _labelled(den)))


def test_a_value_at_its_limit_passes_and_a_missing_one_is_not_assessed():
    value = xr.Variable("year", [0.2, 0.3, np.nan])
    limit = xr.Variable("year", [0.2, 0.2, 0.2])
    np.testing.assert_array_equal(passes(value, limit, "max").values, [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(passes(value, limit, "max", False).values, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(
        ratio(value, xr.Variable("year", [2, 0, 1])).values, [0.1, np.nan, np.nan]
    )
