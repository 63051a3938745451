"""The digital decarbonisation trap: claimed intensity (certificates and offsets count)
beside the CBAM-recognised one (direct lines and PPAs only), on a park worked by hand and
on the baseline."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.scorecard import scorecard
from tests.analysis.test_pass_years import one_park
from tests.analysis.test_scorecard import SETTINGS


def test_a_park_on_certificates_and_offsets_claims_zero_but_cbam_sees_it_all():
    # 2 Mt scrap EAF: direct 0.1 t/t = 200 kt; 2 TWh at 0.55 = 1.1 Mt, all covered by
    # unbundled certificates (domestic: zero); offsets cancel 95 % of the rest
    ds = one_park([200_000.0])
    ds["green_power_share"][:] = np.array([0.0, 0.0, 1.0])[None, :, None]
    ds["reported_emissions"][:] = 0.05 * 200_000
    ds["recognised_emissions"][:] = 200_000 + 2e6 * 0.55
    sc = scorecard(ds, SETTINGS).sel(park="p1", year=2026)
    energy = 365_800
    assert float(sc["claimed_intensity"]) == pytest.approx(10_000 / energy)  # 0.027
    assert float(sc["recognised_intensity"]) == pytest.approx(1_300_000 / energy)  # 3.55
    assert float(sc["trap_gap_emissions"]) == pytest.approx(1_290_000)
    assert float(sc["trap_gap_intensity"]) == pytest.approx(1_290_000 / energy)
    assert float(sc["clean_energy_share"]) == pytest.approx(2e6 * 0.1229 / energy)
    assert float(sc["direct_renewable_share"]) == 0.0  # certificates are not recognised
    assert float(sc["offset_dependence"]) == pytest.approx(0.95)
    assert float(sc["offset_pass"]) == 0.0


def test_on_the_baseline_recognised_is_never_below_claimed(baseline_results):
    sc = scorecard(baseline_results)
    assert (sc["trap_gap_emissions"] >= -1e-6 * sc["recognised_emissions"]).all()
    assert (sc["recognised_intensity"] >= sc["claimed_intensity"] - 1e-12).all()
    # the baseline's parks buy certificates and offset: the gap is there
    assert float(sc["trap_gap_emissions"].sum()) > 0


def test_the_comparison_table_shows_grade_and_trap_gap(baseline_results):
    from sim.analysis.compare import summary_row

    row = summary_row(baseline_results)
    sc = scorecard(baseline_results).sel(year=2034)
    for park in sc["park"].values:
        gap = float(sc["trap_gap_intensity"].sel(park=park))
        assert row[f"{park} trap gap tCO2/tce 2034"] == pytest.approx(gap)
        assert row[f"{park} grade (0-4) 2034"] == float(sc["grade"].sel(park=park))
