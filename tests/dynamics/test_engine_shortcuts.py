"""The engine's shortcuts give the bits of the computations they skip or fuse."""

from __future__ import annotations

import numpy as np

from sim.dynamics import parks
from sim.dynamics.recorder import Into, Recorder
from sim.pipeline import model_inputs
from sim.response import park_assets as pa
from tests.conftest import compose_plain


def test_no_plan_started_gives_the_shares_to_the_cent_of_zero():
    """No park starts a plan: the members' capex shares are the +0.0 cents that
    share_to_cent gives for zero totals, without computing them."""
    inp, _ = model_inputs(compose_plain(["scenario=park_c_plan_from_2028"]))
    rng = np.random.default_rng(1)
    n_d, n_e, n_p = 16, inp.population.ids.size, inp.parks.ids.size
    capex = rng.random((n_d, inp.parks.size.shape[-1])) * 1e3
    use = rng.random((n_d, n_e)) * 1e5
    use[:, 0] = 0.0
    total, shares = parks.capex_shares(inp, np.zeros((n_d, n_p), bool), capex, use)
    key = inp.parks.cost_key[inp.parks.of_entity]
    w = np.where(key == 0, use, np.where(key == 1, inp.behaviour.production_t, 1.0))
    want = pa.share_to_cent(np.zeros((n_d, n_p)), w, inp.parks.of_entity)
    assert shares.tobytes() == want.tobytes()  # the same bits, +0.0 included
    assert not total.any() and not np.signbit(total).any()
    go = np.zeros((n_d, n_p), bool)
    go[:, list(inp.parks.ids).index("park_c")] = True  # a plan started: shares computed
    total, shares = parks.capex_shares(inp, go, capex, use)
    want = pa.share_to_cent(total, w, inp.parks.of_entity)
    np.testing.assert_array_equal(shares, want)
    assert shares.sum() > 0


def test_a_value_computed_into_the_record_is_the_array_recorded():
    rng = np.random.default_rng(2)
    a, b = rng.random((4, 3, 5)), rng.random(3)
    kept, into = Recorder(2), Recorder(2)
    for t in range(2):
        kept.record(t, {"x": a * b[:, None] + t})
        into.record(t, {"x": Into(a.shape, lambda out, t=t: np.add(a * b[:, None], t, out=out))})
    np.testing.assert_array_equal(kept.arrays()["x"], into.arrays()["x"])
    assert into.arrays()["x"].shape == (4, 3, 5, 2)
    assert not Recorder(2, keep=["y"]).wants("x")
