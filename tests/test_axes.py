"""sim.axes.sum_last: the bits of numpy's einsum over the last axis."""

from __future__ import annotations

import numpy as np
import pytest

from sim.axes import sum_last


@pytest.mark.parametrize(
    "shape", [(3,), (1, 3), (1, 23, 3), (100, 23, 3), (1024, 23, 3), (5, 60, 3), (2, 10000, 3)]
)
def test_three_terms_give_the_bits_of_einsum(shape):
    """Shares, zeros of both signs, negative and huge or tiny values, contiguous or not."""
    rng = np.random.default_rng(len(shape) * 1000 + shape[-2] if len(shape) > 1 else 0)
    for _ in range(30):
        x = rng.random(shape) * 10 ** rng.uniform(-8, 8, shape)
        x = np.where(rng.random(shape) < 0.2, 0.0, x)
        x = np.where(rng.random(shape) < 0.1, -0.0, x)
        x = np.where(rng.random(shape) < 0.1, -x, x)
        assert sum_last(x).tobytes() == np.einsum("...i->...", x).tobytes()
        if x.ndim == 3 and x.shape[1] > 1:
            y = x[:, ::2]  # a strided view
            assert sum_last(y).tobytes() == np.einsum("...i->...", y).tobytes()


def test_inf_and_nan_as_einsum():
    x = np.array([[np.inf, 1.0, 2.0], [np.nan, 0.0, 1.0], [np.inf, -np.inf, 0.0], [-0.0] * 3])
    np.testing.assert_array_equal(sum_last(x), np.einsum("...i->...", x))
    assert not np.signbit(sum_last(x)[-1])  # all -0.0: +0.0, as einsum's zeroed output


def test_other_lengths_are_einsum():
    x = np.random.default_rng(0).random((7, 23, 10))
    assert sum_last(x).tobytes() == np.einsum("...i->...", x).tobytes()
    assert sum_last(x[..., :2]).tobytes() == np.einsum("...i->...", x[..., :2]).tobytes()
