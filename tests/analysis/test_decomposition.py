"""LMDI decomposition: exact, zero-safe, and each path gets the change it caused."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sim.analysis import decomposition as dc
from sim.rules import obligation as policy

# factor values spanning zero, near-zero and large magnitudes
value = st.one_of(
    st.just(0.0),
    st.sampled_from([1e-300, 1e-150, 1e-12, 1.0, 1e6, 1e12]),
    st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(value, min_size=n, max_size=n), st.lists(value, min_size=n, max_size=n)
        )
    )
)
@example(pair=([1e-300, 1e-12, 0.001953125, 0.001953125], [1e-150, 1e-12, 1e-12, 1e-12]))
@example(pair=([1e-300, 1e6, 1e12], [1e-150, 1e6, 3.432814840789648e-178]))
@example(
    pair=(
        [1e-300, 1e-12, 1000000000000.0, 5.534678311802615e-20, 1000000.0],
        [1e-150, 1e-12, 1e-12, 1e-12, 1e-12],
    )
)
def test_lmdi_parts_sum_to_the_change_of_the_product(pair):
    before, after = ([xr.DataArray(x) for x in xs] for xs in pair)
    parts = dc.lmdi(before, after)
    t0, t1 = np.prod(pair[0]), np.prod(pair[1])
    total = float(sum(parts))
    assert np.isfinite(total)
    # subnormal products (< 2.2e-308) carry fewer digits: their relative precision is one
    # unit in the last place (5e-324) over the product, which enters the log mean (hypothesis:
    # a product of 3.4e-322 against 1e-282 sums to 7.6e-5 off). The running products count,
    # as multiplied left to right: a digit lost on the way stays lost (hypothesis: 5.5e-320
    # on the way to 5.5e-314 left 1e-7 of 1e-198); plus an absolute floor
    scale = max(abs(t0), abs(t1))
    ulp = np.nextafter(0.0, 1.0)
    running = [abs(p) for xs in pair for p in np.cumprod(xs)]
    rel = 1e-9 + sum(ulp / t for t in running if 0 < t < np.finfo(float).tiny)
    assert total == pytest.approx(t1 - t0, rel=rel, abs=rel * scale + 1e-290)


def test_lmdi_gives_a_new_term_to_the_factor_that_was_zero():
    parts = dc.lmdi([xr.DataArray(2.0), xr.DataArray(0.0)], [xr.DataArray(3.0), xr.DataArray(5.0)])
    assert [float(p) for p in parts] == [0.0, 15.0]
    both = dc.lmdi([xr.DataArray(0.0), xr.DataArray(0.0)], [xr.DataArray(3.0), xr.DataArray(5.0)])
    assert [float(p) for p in both] == [7.5, 7.5]


def test_lmdi_rejects_negative_factors():
    with pytest.raises(ValueError, match="non-negative"):
        dc.lmdi([xr.DataArray(-1.0)], [xr.DataArray(1.0)])


def results(volume, see, price, cbam_factor, benchmark, paid_eur_per_t, cscf=1.0, exempt=0.0):
    """A one-entity results set built with the regulation's formulas (sim.rules.obligation)."""
    liable = volume - exempt
    embedded = liable * see
    faa = policy.free_allocation_adjustment(liable, cbam_factor, cscf, benchmark)
    deduction = liable * paid_eur_per_t / price
    certificates = policy.certificates_due(embedded, faa, deduction)
    ent = {"dims": "entity", "coords": {"entity": ["e"], "sector": ("entity", ["iron_steel"])}}

    def per_entity(x):
        return xr.DataArray([float(x)], **ent)

    return xr.Dataset(
        {
            "export_volume": per_entity(liable),
            "exempt_volume": per_entity(exempt),
            "embedded_emissions": per_entity(embedded),
            "free_allocation_adjustment": per_entity(faa),
            "carbon_price_deduction": per_entity(deduction),
            "certificates": per_entity(certificates),
            "cbam_benchmark": per_entity(benchmark),
            "cbam_cost": per_entity(policy.cbam_cost(certificates, price)),
            "certificate_price": xr.DataArray(float(price)),
            "cbam_factor": xr.DataArray(float(cbam_factor)),
            "cscf": xr.DataArray(float(cscf)),
        }
    )


BASE = dict(
    volume=1000.0, see=2.0, price=80.0, cbam_factor=0.975, benchmark=1.37, paid_eur_per_t=10.0
)


def contributions(before: dict, after: dict) -> dict[str, float]:
    out = dc.decompose(results(**before), results(**after))
    np.testing.assert_allclose(out["contribution"].sum("factor"), out["change"], rtol=1e-12)
    return {k: float(v) for k, v in out["contribution"].sel(entity="e").to_series().items()}


@pytest.mark.parametrize(
    "change,factor",
    [
        ({"price": 160.0}, "certificate_price"),
        ({"volume": 700.0}, "export_volume"),
        ({"see": 1.6}, "emissions_intensity"),
        ({"cbam_factor": 0.0}, "free_allocation"),
        ({"benchmark": 1.2}, "free_allocation"),
        ({"paid_eur_per_t": 25.0}, "carbon_price_deduction"),
    ],
)
def test_changing_one_path_gives_it_the_whole_change(change, factor):
    parts = contributions(BASE, {**BASE, **change})
    total = sum(parts.values())
    assert parts[factor] == pytest.approx(total, rel=1e-12)
    assert all(abs(v) < 1e-9 * abs(total) for k, v in parts.items() if k != factor)


def test_signs_follow_the_paths():
    parts = contributions(
        BASE, {**BASE, "price": 120.0, "see": 1.5, "cbam_factor": 0.5, "paid_eur_per_t": 20.0}
    )
    assert parts["certificate_price"] > 0  # a dearer EU price raises the cost
    assert parts["emissions_intensity"] < 0  # a cleaner plant lowers it
    assert parts["free_allocation"] > 0  # the phase-out raises it
    assert parts["carbon_price_deduction"] < 0  # more carbon price paid at home lowers it


def test_hand_worked_price_and_phase_out_split():
    # P 80 -> 160, CBAM factor 0.975 -> 0; V 1000, s 2.0, b 1.37, nothing paid at home.
    before = {**BASE, "paid_eur_per_t": 0.0}
    after = {**before, "price": 160.0, "cbam_factor": 0.0}
    parts = contributions(before, after)
    # cost 80*1000*(2 - 0.975*1.37) = 53,140 -> 160*1000*2 = 320,000
    assert sum(parts.values()) == pytest.approx(320_000 - 53_140)
    # term P*V*s: 160,000 -> 320,000, all price (s and V unchanged)
    # term P*V*f*b: 106,860 -> 0: f went to zero, so all of it is phase-out
    assert parts["certificate_price"] == pytest.approx(160_000)
    assert parts["free_allocation"] == pytest.approx(106_860)


def test_certificates_clipped_to_zero_go_to_the_floor_and_the_sum_stays_exact():
    # a year where deduction + free allocation exceed the embedded emissions (no refund)
    before = {**BASE, "see": 1.0, "paid_eur_per_t": 40.0}  # net negative -> 0 certificates
    after = {**BASE, "see": 2.5}
    out = dc.decompose(results(**before), results(**after))
    assert float(out["cost_before"].sum()) == 0.0
    parts = out["contribution"].sel(entity="e")
    assert float(parts.sel(factor="zero_floor")) < 0  # the floor that held the cost at 0 goes
    assert float(parts.sum()) == pytest.approx(float(out["change"].sum()), rel=1e-12)


def test_an_entity_that_starts_exporting_is_all_volume():
    parts = contributions({**BASE, "volume": 0.0}, BASE)
    assert parts["export_volume"] == pytest.approx(sum(parts.values()), rel=1e-12)


def test_baseline_steel_decomposition_is_exact_by_sector_and_park(baseline_results):
    out = dc.between_years(baseline_results, 2026, 2034)
    for group in ("sector", "park", "all"):
        agg = dc.by_group(out, group)
        np.testing.assert_allclose(agg["contribution"].sum("factor"), agg["change"], rtol=1e-9)
    steel = dc.by_group(out, "sector").sel(sector="iron_steel")["contribution"]
    assert float(steel.sel(factor="certificate_price")) > 0
    assert float(steel.sel(factor="free_allocation")) > 0
    assert float(steel.sel(factor="emissions_intensity")) < 0  # exporters abate
    with pytest.raises(ValueError, match="year 2040"):
        dc.between_years(baseline_results, 2026, 2040)


def test_between_scenarios_is_exact_year_by_year(baseline_results, frozen_results):
    out = dc.between_scenarios(frozen_results, baseline_results)
    assert out["contribution"].sizes["year"] == baseline_results.sizes["year"]
    gap = abs(out["contribution"].sum("factor") - out["change"])
    assert float(gap.max()) <= 1e-9 * float(abs(out["change"]).max())
    total = dc.by_group(out, "all")["contribution"].sum("year")
    # the response cuts cost through volume and intensity, never through the price
    assert float(total.sel(factor="certificate_price")) == pytest.approx(0.0, abs=1e-3)
    assert float(total.sel(factor="emissions_intensity")) < 0


def test_two_ensembles_with_different_uncertain_inputs_decompose():
    # found by tests/cli/test_readme_walkthrough.py: cbam-compare of two ensembles whose draws
    # carry different sampled inputs failed in xarray ("sampled_eua_level not present in all
    # datasets"); the draws are paired by number, their sampled inputs are not compared
    from sim.analysis.decomposition import between_scenarios
    from sim.api import run

    short = ["run.end_year=2028", "ensemble.n=8"]
    a = run(["ensemble=uncertain", *short])
    b = run(["ensemble=prices_capex", *short])
    assert set(a.coords) != set(b.coords)
    from sim.analysis.tedi import tedi_between_scenarios

    assert tedi_between_scenarios(a, b) is not None  # the TEDI split decomposes alike
    out = between_scenarios(a, b)
    total = out["contribution"].sum("factor")
    np.testing.assert_allclose(
        total.transpose(*out["change"].dims), out["change"], rtol=1e-9, atol=1e-3
    )
