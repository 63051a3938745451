"""The compliance rules (Reg. 2023/956 Arts 22-23 as amended by Reg. 2025/2083), worked by
hand, and their invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.rules import compliance, obligation

amount = st.floats(min_value=0.0, max_value=1e9, allow_nan=False)


def test_quarterly_holding_is_half_of_the_year_to_date():
    # 1,200 tCO2e embedded in the year, imports even over the quarters: by the end of Q2,
    # 600 t imported so far, 50 % of it = 300 t must be held (Art. 22(2))
    assert compliance.quarterly_holding_required(1200.0, 0.5, 2) == 300.0
    assert compliance.quarterly_holding_required(1200.0, 0.5, 4) == 600.0
    # already holding 350: nothing to buy; holding 100: buy 200
    assert compliance.purchase_to_hold(300.0, 350.0) == 0.0
    assert compliance.purchase_to_hold(300.0, 100.0) == 200.0


def test_surrender_buys_what_is_missing():
    assert compliance.purchase_to_surrender(1000.0, 600.0) == 400.0
    assert compliance.purchase_to_surrender(1000.0, 1200.0) == 0.0


def test_repurchase_is_capped_at_a_third_of_last_years_purchases():
    # held 900, due 500: 400 in excess; bought 900 last year, a third is 300 (Art. 23(2))
    assert compliance.repurchase_allowed(900.0, 500.0, 900.0, 1 / 3) == pytest.approx(300.0)
    # a small excess is bought back whole
    assert compliance.repurchase_allowed(520.0, 500.0, 900.0, 1 / 3) == pytest.approx(20.0)
    assert compliance.repurchase_allowed(400.0, 500.0, 900.0, 1 / 3) == 0.0


def test_repurchase_price_is_the_price_paid():
    # 100 certificates bought for 8,000 EUR: each bought back at 80 EUR (Art. 23(3))
    assert compliance.repurchase_unit_price(8000.0, 100.0) == 80.0
    assert compliance.repurchase_unit_price(np.array([0.0]), np.array([0.0]))[0] == 0.0


@given(held=amount, due=amount, bought=amount, cap=st.floats(0.0, 1.0))
def test_repurchase_never_exceeds_the_excess_or_the_cap(held, due, bought, cap):
    back = compliance.repurchase_allowed(held, due, bought, cap)
    assert 0.0 <= back <= max(0.0, held - due) + 1e-9
    assert back <= cap * bought + 1e-9


@given(basis=amount, held=amount, q=st.integers(1, 4), share=st.floats(0.0, 1.0))
def test_purchases_are_never_negative(basis, held, q, share):
    required = compliance.quarterly_holding_required(basis, share, q)
    assert compliance.purchase_to_hold(required, held) >= 0.0
    assert held + compliance.purchase_to_hold(required, held) >= required - 1e-6


def test_deduction_basis_follows_the_declared_values():
    # actual values: the unit's direct emissions; default values: the direct column
    # without mark-up, the total column where the annex gives no direct one
    basis = obligation.deduction_basis_per_t(
        np.array([False, True, True]),
        np.array([1.8, 1.8, 1.8]),
        np.array([2.1, 2.1, np.nan]),
        np.array([2.5, 2.5, 2.5]),
    )
    np.testing.assert_array_equal(basis, [1.8, 2.1, 2.5])
    share = obligation.paid_share_declared(np.array([False, True]), np.array([0.4, 0.4]), False)
    np.testing.assert_array_equal(share, [0.4, 0.0])


def test_certificates_carried_in_and_not_needed_are_cancelled():
    # 100 carried in, 30 due: 70 of the old ones left; 90 left in all: 70 cancelled, 20 carry
    assert compliance.cancelled_after_repurchase(90.0, 100.0, 30.0) == pytest.approx(70.0)
    # the old ones all surrendered: nothing cancelled, everything left carries on
    assert compliance.cancelled_after_repurchase(50.0, 20.0, 30.0) == 0.0
    assert compliance.cancelled_after_repurchase(10.0, 100.0, 30.0) == pytest.approx(10.0)
