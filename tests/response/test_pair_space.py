"""The technology stocks over the applicable pairs (D, P) give the bits of the dense
(D, E, K) computations they replaced, on random populations."""

from __future__ import annotations

import numpy as np
import pytest

from sim.response.pair_space import PairSpace, per_entity, per_option
from sim.response.technology import Pairs


def _space(rng: np.random.Generator, n_e: int, n_k: int, per_unit: int = 2) -> PairSpace:
    """A random applicability table with at most ``per_unit`` options an entity."""
    applicable = np.zeros((n_e, n_k), bool)
    for e in range(n_e):
        applicable[e, rng.choice(n_k, size=rng.integers(0, per_unit + 1), replace=False)] = True
    pe, pk = np.nonzero(applicable)
    pairs = Pairs(pe, pk, np.zeros(pe.size, bool), np.zeros(pe.size, int), np.zeros(pe.size, int))
    return PairSpace(pairs, n_e, n_k)


def _values(rng: np.random.Generator, n_d: int, space: PairSpace) -> np.ndarray:
    """(D, P) shares, some exactly zero."""
    x = rng.random((n_d, space.size))
    return np.where(rng.random(x.shape) < 0.2, 0.0, x)


@pytest.mark.parametrize("seed", range(5))
def test_dense_round_trip_and_columns(seed):
    rng = np.random.default_rng(seed)
    space = _space(rng, 40, 10)
    x = _values(rng, 17, space)
    dense = space.dense(x)
    assert dense.shape == (17, 40, 10)
    np.testing.assert_array_equal(dense[:, space.pairs.entity, space.pairs.option], x)
    off = np.ones((40, 10), bool)
    off[space.pairs.entity, space.pairs.option] = False
    assert not dense[:, off].any()  # zeros off the pairs
    for k in range(10):
        np.testing.assert_array_equal(space.column(x, k), dense[..., k])
    into = np.full((17, 40, 10), np.nan)  # written in place, contiguous or not
    assert space.dense(x, out=into) is into
    np.testing.assert_array_equal(into, dense)
    strided = np.full((17, 40, 20), np.nan)[..., ::2]
    space.dense(x, out=strided)
    np.testing.assert_array_equal(strided, dense)


@pytest.mark.parametrize("seed", range(5))
def test_sums_are_the_dense_ones_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    space = _space(rng, 60, 10)
    x = _values(rng, 33, space)
    dense = space.dense(x)
    w = rng.random(60) * 1e6
    # per option over entities: the order of einsum on the dense stock (deployed capacity)
    got = per_option(x * w[space.pairs.entity], space.pairs.option, 10)
    np.testing.assert_array_equal(got, np.einsum("dek,e->dk", dense, w))
    # per entity, at most two options a unit: any order of the dense sum gives these bits
    np.testing.assert_array_equal(space.per_entity(x), dense.sum(axis=-1))
    np.testing.assert_array_equal(space.per_entity(x), np.einsum("...i->...", dense))
    np.testing.assert_array_equal(per_entity(x, space.pairs.entity, 60), dense @ np.ones(10))


def test_sums_of_more_options_a_unit_agree_within_rounding():
    """With more than two non-zero options an entity the dense sums' order is numpy's (and
    BLAS's): the pair sums add in option order and agree to rounding."""
    rng = np.random.default_rng(7)
    space = _space(rng, 50, 10, per_unit=6)
    x = _values(rng, 20, space)
    np.testing.assert_allclose(space.per_entity(x), space.dense(x).sum(axis=-1), rtol=1e-15)


@pytest.mark.parametrize("seed", range(5))
def test_product_per_entity_is_the_dense_product(seed):
    """The reduction multiplier: the product over the options in index order, a factor of
    exactly 1.0 where an option does not apply."""
    rng = np.random.default_rng(seed)
    space = _space(rng, 45, 10, per_unit=4)
    reduction = np.where(rng.random(10) < 0.6, rng.random(10), 0.0)
    adopted = _values(rng, 25, space)
    dense = space.dense(adopted)
    want = np.ones(dense.shape[:-1])
    for k in np.flatnonzero(reduction > 0):
        want = want * (1.0 - dense[..., k] * reduction[k])
    on = np.flatnonzero(reduction[space.pairs.option] > 0)
    got = space.product_per_entity(1.0 - adopted[:, on] * reduction[space.pairs.option[on]], on)
    np.testing.assert_array_equal(got, want)
    assert (space.product_per_entity(np.zeros((25, 0)), on[:0]) == 1.0).all()
