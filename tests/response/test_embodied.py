"""The amortisation of embodied emissions (pure numpy)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.response.technology import amortised_embodied


def test_hand_worked():
    rate, years = amortised_embodied(np.array([[1000.0, 500.0]]), np.array([0.6, 2.0]), [3, 20])
    np.testing.assert_allclose(rate, [[200.0, 50.0]])
    assert years.tolist() == [3, 20]


@given(
    built=st.floats(0, 1e9),
    embodied=st.floats(0, 100),
    life=st.floats(0.5, 100),
)
def test_the_yearly_amounts_sum_to_the_total(built, embodied, life):
    rate, years = amortised_embodied(np.array([built]), np.array([embodied]), [life])
    assert years[0] >= 1
    total = built * embodied
    assert abs(rate[0] * years[0] - total) <= 1e-12 * max(total, 1.0)
