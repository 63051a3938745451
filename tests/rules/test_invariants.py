"""Invariants of the CBAM obligation, checked with hypothesis on the pure rules."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sim.rules import obligation as policy

pos = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)
share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
price = st.floats(min_value=0.01, max_value=1000.0, allow_nan=False)
# no subnormal volumes: at 5e-324 t the tolerance below underflows to 0 while the two
# products round to one ulp apart (a counterexample hypothesis found on 2026-12-01)
volume = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_subnormal=False)


def cost(v, see, cf, cscf, bm, priced, paid, dom, p):
    e = v * see
    faa = policy.free_allocation_adjustment(v, cf, cscf, bm)
    ded = policy.carbon_price_deduction(priced, paid, dom, p)
    return policy.cbam_cost(policy.certificates_due(e, faa, ded), p)


args = dict(v=volume, see=pos, cf=share, cscf=share, bm=pos, paid=share, dom=price, p=price)


@given(**args)
def test_cost_never_negative(v, see, cf, cscf, bm, paid, dom, p):
    assert cost(v, see, cf, cscf, bm, v * see, paid, dom, p) >= 0.0


@given(v=volume, cf=share, cscf=share, bm=pos, frac=share, paid=share, dom=price, p=price)
def test_zero_at_or_below_adjusted_benchmark(v, cf, cscf, bm, frac, paid, dom, p):
    see = frac * cf * cscf * bm  # at or below CF x CSCF x BM
    # zero up to floating-point rounding of the two products (a few ulps of the embedded cost;
    # an absolute floor for subnormal products, where one ulp is larger than the relative bound)
    assert cost(v, see, cf, cscf, bm, v * see, paid, dom, p) <= 1e-12 * v * see * p + 1e-300


@given(**args, p2=price)
def test_non_decreasing_in_certificate_price(v, see, cf, cscf, bm, paid, dom, p, p2):
    lo, hi = sorted((p, p2))
    c_lo = cost(v, see, cf, cscf, bm, v * see, paid, dom, lo)
    c_hi = cost(v, see, cf, cscf, bm, v * see, paid, dom, hi)
    assert c_hi >= c_lo - 1e-9 * max(1.0, abs(c_lo))


@given(**args, see2=pos)
def test_non_decreasing_in_specific_emissions(v, see, cf, cscf, bm, paid, dom, p, see2):
    lo, hi = sorted((see, see2))
    priced = v * lo  # same domestic payment, more embedded emissions
    assert (
        cost(v, hi, cf, cscf, bm, priced, paid, dom, p)
        >= cost(v, lo, cf, cscf, bm, priced, paid, dom, p) - 1e-6
    )


@given(**args, cf2=share)
def test_non_increasing_in_cbam_factor(v, see, cf, cscf, bm, paid, dom, p, cf2):
    lo, hi = sorted((cf, cf2))
    assert (
        cost(v, see, hi, cscf, bm, v * see, paid, dom, p)
        <= cost(v, see, lo, cscf, bm, v * see, paid, dom, p) + 1e-6
    )


@given(**args, dom2=price, paid2=share)
def test_non_increasing_in_carbon_price_paid(v, see, cf, cscf, bm, paid, dom, p, dom2, paid2):
    low = min(dom * paid, dom2 * paid2)
    high = max(dom * paid, dom2 * paid2)
    assert (
        cost(v, see, cf, cscf, bm, v * see, 1.0, high, p)
        <= cost(v, see, cf, cscf, bm, v * see, 1.0, low, p) + 1e-6
    )


@settings(max_examples=50)
@given(st.integers(1, 6), st.integers(1, 4), st.data())
def test_rules_broadcast_over_leading_axes(n_draws, n_entities, data):
    """Any leading axes: an ensemble equals its members computed one at a time."""
    shape = (n_draws, n_entities)
    size = n_draws * n_entities

    def draw(strategy):
        values = data.draw(st.lists(strategy, min_size=size, max_size=size))
        return np.array(values).reshape(shape)

    v, see, cf, bm, paid, p = (
        draw(volume),
        draw(pos),
        draw(share),
        draw(pos),
        draw(share),
        draw(price),
    )
    together = cost(v, see, cf, 1.0, bm, v * see, paid, 10.0, p)
    for d in range(n_draws):
        for e in range(n_entities):
            alone = cost(
                v[d, e],
                see[d, e],
                cf[d, e],
                1.0,
                bm[d, e],
                v[d, e] * see[d, e],
                paid[d, e],
                10.0,
                p[d, e],
            )
            assert together[d, e] == alone


@given(
    st.lists(st.floats(0, 1e5), min_size=2, max_size=2),
    st.lists(st.integers(1, 100), min_size=3, max_size=3),
    st.lists(st.floats(0, 60), min_size=3, max_size=3),
    st.lists(st.floats(0, 0.33), min_size=6, max_size=6),
)
def test_de_minimis_share_matches_importer_by_importer_count(volumes, counts, others, shares):
    """The vectorised exemption equals a plain loop over every single importer."""
    share = np.array(shares).reshape(2, 3)
    got = policy.de_minimis_exempt_share(
        np.array(volumes), [1, 1], [1, 1], share, np.array(counts, float), np.array(others), 50.0
    )
    expected = np.zeros(2)
    for g in range(3):
        mass = others[g] + sum(volumes[e] * share[e, g] for e in range(2)) / counts[g]
        assume(abs(mass - 50.0) > 1e-9)  # rounding may fall either side exactly at the threshold
        if mass <= 50.0:
            expected += share[:, g]
    np.testing.assert_allclose(got, expected)
