"""Park infrastructure rules of sim.response.park_assets: hand-worked cases and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.response import park_assets as pa
from sim.response.technology import capital_recovery_factor


@settings(max_examples=200, deadline=None)
@given(
    n_e=st.integers(1, 12),
    n_p=st.integers(1, 4),
    data=st.data(),
)
def test_shares_sum_to_the_park_total_to_the_cent(n_e, n_p, data):
    park_of = data.draw(arrays(np.int64, n_e, elements=st.integers(0, n_p - 1)))
    use = data.draw(arrays(np.float64, (2, n_e), elements=st.floats(0, 1e9, allow_subnormal=False)))
    total = data.draw(
        arrays(np.float64, (2, n_p), elements=st.floats(0, 1e10, allow_subnormal=False))
    )
    total *= np.isin(np.arange(n_p), park_of)  # a park without members spends nothing
    shares = pa.share_to_cent(total, use, park_of)
    member = (park_of[:, None] == np.arange(n_p)).astype(float)
    assert np.all(shares >= 0)
    assert np.array_equal(np.round(shares * 100) / 100, shares)  # whole cents
    assert np.array_equal(np.round(shares @ member * 100), np.round(total * 100))
    # each share within a cent of its exact pro-rata share
    w = np.where((use @ member)[:, park_of] > 0, use, 1.0)
    exact = np.round(total * 100)[:, park_of] / 100 * w / (w @ member)[:, park_of]
    assert np.all(np.abs(shares - exact) <= 0.01 + 1e-6 * exact)


def test_shares_hand_worked():
    # 100.00 EUR over three members using 1, 1 and 1 MWh: 33.34, 33.33, 33.33
    shares = pa.share_to_cent(np.array([[100.0]]), np.ones((1, 3)), np.zeros(3, int))
    assert shares.tolist() == [[33.34, 33.33, 33.33]]
    # a member with no electricity bears nothing by the electricity key
    shares = pa.share_to_cent(np.array([[10.0]]), np.array([[3.0, 0.0, 1.0]]), np.zeros(3, int))
    assert shares.tolist() == [[7.5, 0.0, 2.5]]


def test_learning_lowers_capex_by_the_rate_per_doubling():
    capex0, initial = np.array([1000.0, 500.0]), np.array([10.0, 10.0])
    b = -np.log2(1 - np.array([0.2, 0.0]))
    same = pa.unit_capex(capex0, initial, np.zeros(2), 0, np.zeros((1, 2)), b)
    assert same.tolist() == [[1000.0, 500.0]]
    doubled = pa.unit_capex(capex0, initial, np.zeros(2), 0, np.full((1, 2), 10.0), b)
    assert doubled == pytest.approx(np.array([[800.0, 500.0]]))  # 20 % off; no learning: same
    grown = pa.unit_capex(capex0, initial, np.array([1.0, 1.0]), 1, np.zeros((1, 2)), b)
    assert grown == pytest.approx(np.array([[800.0, 500.0]]))  # global deployment doubled


def test_usable_generation_hand_worked():
    demand = np.array([[200.0]])
    # no storage: at most half the demand (availability 0.5)
    assert pa.usable(np.array([[100.0]]), demand, np.zeros((1, 1)), 0.5, 5.0) == 100.0
    assert pa.usable(np.array([[150.0]]), demand, np.zeros((1, 1)), 0.5, 5.0) == 100.0
    # 10 MWh of storage shifting 5 MWh per MWh a year adds 50 MWh
    used = pa.usable(np.array([[150.0]]), demand, np.array([[10.0]]), 0.5, 5.0)
    assert used == 150.0
    assert pa.supply_share(used, demand) == 0.75
    assert pa.usable(np.array([[900.0]]), demand, np.array([[1e3]]), 0.5, 5.0) == 200.0
    assert pa.supply_share(np.array([[5.0]]), np.array([[0.0]])) == 0.0


def test_generation_counts_pv_and_wind_only():
    capacity = np.array([[[10.0, 20.0, 100.0, 1.0, 50.0]]])  # MW pv, wind; storage, ...
    cf = np.array([[0.1, 0.3, 0.0, 0.0, 0.0]])
    assert pa.generation(capacity, cf) == pytest.approx(8760 * (10 * 0.1 + 20 * 0.3))


def test_electrolysers_run_on_the_surplus_only():
    capacity = np.array([[[1.0, 1.0, 0.0, 1.0, 1.0]]])  # 2 MW of generators, 1 MW electrolyser
    # 1000 MWh generated = 500 h at full load; the electrolyser takes at most 500 MWh
    power, h2 = pa.electrolysis(np.array([[1000.0]]), np.array([[800.0]]), capacity, 50.0)
    assert power == 200.0 and h2 == 4.0  # the 200 MWh the units leave
    power, _ = pa.electrolysis(np.array([[1000.0]]), np.array([[0.0]]), capacity, 50.0)
    assert power == 500.0  # limited by its MW and the generators' hours
    capacity[..., pa.ELECTROLYSER] = 0.0
    assert pa.electrolysis(np.array([[1000.0]]), np.array([[0.0]]), capacity, 50.0)[1] == 0.0


def test_a_park_invests_iff_the_benefit_exceeds_the_annualised_cost():
    # 2 units at 1000 EUR, 10 % over 10 years: CRF 0.162745; O&M 1 %/yr: 345.49 EUR a year
    capex = np.array([[1000.0]])
    cost = pa.annual_cost(capex, np.array([[2.0]]), 0.10, np.array([10]), np.array([0.01]))
    crf = float(capital_recovery_factor(0.10, 10))
    assert crf == pytest.approx(0.16274539)
    assert cost == pytest.approx(2 * 1000 * (crf + 0.01))
    assert cost == pytest.approx(345.49, abs=0.01)
    yes = np.array([[True]])
    assert pa.decide(np.array([[346.0]]), cost, yes).all()
    assert not pa.decide(np.array([[345.0]]), cost, yes).any()
    assert not pa.decide(np.array([[1e9]]), cost, ~yes).any()  # not open to it
