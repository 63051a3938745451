"""The technology stocks kept over the applicable pairs: commissioning and the reduction
multiplier give the bits of the dense (D, E, K) computations they replaced (the code of
main before the change, copied here), on the baseline population."""

from __future__ import annotations

import copy

import numpy as np

from sim.axes import sum_last
from sim.dynamics.declaration import reduction_multiplier
from sim.dynamics.state import State
from sim.pipeline import model_inputs
from sim.response.technology import amortised_embodied


def _dense_commission(tech, state, done, production_t):
    """The dense commissioning of main: route moves, adopted, deployed, embodied."""
    route = tech.is_route_option
    onto = np.zeros((tech.ids.size, tech.routes.size))
    onto[np.flatnonzero(route), tech.to_route[route]] = 1.0
    moved = done * route
    share = state.route_share + moved @ onto
    share[:, np.arange(share.shape[1]), tech.base_route] -= sum_last(moved)
    deployed = state.deployed_t + np.einsum("dek,e->dk", done, production_t)
    years = np.maximum(np.rint(np.asarray(tech.life_years, float)), 1.0).astype(int)
    endings = {}
    for life in np.unique(years):
        k = np.flatnonzero(years == life)
        built = done[..., k] * production_t[:, None]
        rate = amortised_embodied(built, tech.embodied_tco2e_per_t[k], tech.life_years[k])[0]
        endings[int(life)] = rate.sum(axis=-1)
    return share, deployed, endings


def test_commissioning_in_pair_space_is_the_dense_one(base_cfg):
    inp, _ = model_inputs(base_cfg)
    tech, production = inp.technology, inp.behaviour.production_t
    state = State.initial(inp, 64)
    rng = np.random.default_rng(3)
    for _ in range(3):  # three years of random commissioning, each within the room
        done = 0.3 * rng.random(state.adopted.shape) * (rng.random(state.adopted.shape) < 0.7)
        share, deployed, endings = _dense_commission(
            tech, state, state.space.dense(done), production
        )
        adopted = state.adopted_dense() + state.space.dense(done)
        ends = copy.deepcopy(state.embodied_ends)  # main's amortisation on a copy
        rate = np.maximum(state.embodied_rate - ends.step(), 0.0)
        for life, ending in endings.items():
            ends.start(ending, life)
            rate = rate + ending
        state.commission(tech, done, production)
        np.testing.assert_array_equal(state.route_share, share)
        np.testing.assert_array_equal(state.deployed_t, deployed)
        np.testing.assert_array_equal(state.adopted_dense(), adopted)
        np.testing.assert_array_equal(state.embodied_rate, rate)
        for got, want in zip(state.embodied_ends.slots, ends.slots, strict=True):
            np.testing.assert_array_equal(got, want)
        assert state.embodied_rate.any()


def test_the_reduction_multiplier_in_pair_space_is_the_dense_one(base_cfg):
    inp, _ = model_inputs(base_cfg)
    tech = inp.technology
    state = State.initial(inp, 50)
    rng = np.random.default_rng(5)
    adopted = rng.random(state.adopted.shape) * 0.9
    dense = state.space.dense(adopted)
    want = np.ones(dense.shape[:-1])  # main's: the product over the dense stock
    for k in np.flatnonzero(tech.reduction > 0):
        want = want * (1.0 - dense[..., k] * tech.reduction[k])
    got = reduction_multiplier(adopted, tech.reduction, state.space)
    np.testing.assert_array_equal(got, want)
