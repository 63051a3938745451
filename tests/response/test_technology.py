"""Technology response: the construction conveyor, learning, adoption, the investment rule."""

from __future__ import annotations

import numpy as np
import pytest

from sim.response import technology as abatement
from sim.response.construction import Conveyor


def test_conveyor_commissions_exactly_after_lead_time():
    conveyor = Conveyor((1, 3), lead_max=4)
    leads = np.array([1, 2, 4])
    conveyor.start(np.array([[0.1, 0.2, 0.3]]), leads)
    np.testing.assert_allclose(conveyor.total, [[0.1, 0.2, 0.3]])
    done = [conveyor.step()[0] for _ in range(5)]
    # started in year 0, option k commissions at the step of year leads[k]
    np.testing.assert_allclose(done[0], [0.1, 0, 0])
    np.testing.assert_allclose(done[1], [0, 0.2, 0])
    np.testing.assert_allclose(done[2], [0, 0, 0])
    np.testing.assert_allclose(done[3], [0, 0, 0.3])
    np.testing.assert_allclose(sum(done), [0.1, 0.2, 0.3])  # nothing lost, nothing made
    assert sum(slot.sum() for slot in conveyor.slots) == 0
    assert conveyor.total.sum() == 0
    with pytest.raises(ValueError, match="lead time 5"):
        conveyor.start(np.array([[0.1, 0.2, 0.3]]), np.array([1, 2, 5]))


def test_learning_lowers_capex_by_the_rate_per_doubling():
    lr = 0.15
    b = -np.log2(1 - lr)
    capex = abatement.learned_capex(1000.0, np.array([1.0, 2.0, 4.0, 3.0]), 1.0, b)
    np.testing.assert_allclose(capex[:3], [1000.0, 850.0, 722.5])
    assert capex[2] < capex[3] < capex[1]
