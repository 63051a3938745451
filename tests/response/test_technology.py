"""Technology response: the construction conveyor, learning, adoption, the investment rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# -- the investment rule on arrays ---------------------------------------------------------


def _one_route_option(max_share: float = 1.0):
    from sim.response.technology import Technology

    return Technology(
        ids=np.array(["eaf"]),
        routes=np.array(["bf", "eaf"]),
        is_route_option=np.array([True]),
        applicable=np.array([[True], [True]]),
        to_route=np.array([1]),
        reduction=np.array([0.0]),
        stores_co2=np.array([False]),
        capex_eur_per_t=np.array([500.0]),
        opex_eur_per_t=np.array([0.0]),
        lead_time_years=np.array([2]),
        life_years=np.array([20.0]),
        max_share=np.array([max_share]),
        available_from=np.array([2026]),
        learning_exponent=np.array([0.0]),
        initial_deployment_t=np.array([1e6]),
        global_growth_per_year=np.array([0.0]),
        discount_rate=0.08,
        base_route=np.array([0, 0]),
        direct_er=np.array([[2.0, 0.5], [2.0, 0.5]]),
        electricity_er=np.array([[0.1, 0.6], [0.1, 0.6]]),
        benchmark_er=np.array([[1.4, 0.07], [1.4, 0.07]]),
    )


@given(
    benefit=st.floats(0.0, 1e4),
    budget=st.floats(0.0, 1e9),
    built=st.floats(0.0, 1.0),
)
def test_starts_stay_within_room_and_budget(benefit, budget, built):
    from sim.response.investment import Capacity, Investor, invest
    from sim.response.technology import Pairs

    tech = _one_route_option(max_share=0.8)
    pairs = Pairs.of(tech)
    assert pairs.size == 2  # the one option on each of the two entities: stocks (D, P)
    adopted = np.full((1, pairs.size), 0.8 * built)
    route_share = np.zeros((1, 2, 2))
    route_share[..., 0], route_share[..., 1] = 1 - adopted, adopted
    cap = Capacity(adopted, np.zeros((1, pairs.size)), route_share, np.zeros((1, 1)))
    who = Investor(
        np.array([0.3]), 3.0, np.ones((1, 1)), np.ones(1), np.array([1e6, 2e6]), np.full(2, budget)
    )
    starts, capex = invest(tech, pairs, np.full((1, pairs.size), benefit), 0, 2026, cap, who)
    assert starts.shape == (1, pairs.size)
    assert (starts >= 0).all()
    assert (starts <= 0.8 - adopted + 1e-12).all()  # never beyond max_share
    assert (capex <= budget * (1 + 1e-12) + 1e-6).all()  # never beyond the budget
    if benefit == 0.0:
        assert starts.sum() == 0.0  # nothing that does not pay is started


# -- green power ----------------------------------------------------------------------------


@given(
    value=st.floats(-100.0, 1e3),
    shares=st.lists(st.floats(0.0, 0.5), min_size=3, max_size=3),
    allowed=st.booleans(),
)
def test_green_power_steps_never_overfill_and_never_shrink(value, shares, allowed):
    from sim.response.power import PowerResponse, green_power_steps

    share = np.array([[shares]])  # (D=1, E=1, J=3), at most 1.5 in total before scaling
    share = share / max(1.0, share.sum() / 0.999)
    p = PowerResponse(
        premium_eur_per_mwh=np.array([5.0, 3.75, 0.54]),
        max_share=np.array([0.5, 0.5, 1.0]),
        innovation=0.02,
        imitation=0.4,
        response_scale_eur_per_mwh=10.0,
        slope=3.0,
    )
    step = green_power_steps(np.full((1, 1, 3), value), share, p, np.array([allowed]), 0.3)
    assert (step >= 0).all()
    assert (share + step).sum() <= 1.0 + 1e-12
    assert (share + step <= np.maximum(p.max_share, share) + 1e-12).all()
    if not allowed:
        assert step[..., 0].sum() == 0.0  # no direct line where the park does not allow one
