"""Certificate price rules (IR 2025/2548) and the domestic price conversion."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.dynamics.batch import run_model
from sim.inputs.gate import build_inputs
from sim.inputs.schedules import linear_path
from sim.pipeline import model_inputs
from sim.rules import certificate_price as prices

NAN = np.nan


def test_quarterly_year_uses_published_quarters_and_path_for_missing_ones():
    # 2026: (75.36 + 75.28 + 82.32 + 78 [Q4 not published -> annual path]) / 4 = 77.74
    got = prices.certificate_price(
        annual_eur=[78.0, 95.0],
        quarterly_eur=[[75.36, 75.28, 82.32, NAN], [NAN] * 4],
        is_quarterly_year=[True, False],
        quarter_weights=[0.25] * 4,
        weekly_mean_eur=[NAN, NAN],
    )
    np.testing.assert_allclose(got, [77.74, 95.0])


def test_quarter_weights_follow_import_timing():
    # all imports in Q3: the Q3 price alone
    got = prices.certificate_price(
        [78.0], [[75.36, 75.28, 82.32, NAN]], [True], [0, 0, 1, 0], [NAN]
    )
    assert got[0] == pytest.approx(82.32)


def test_weekly_mean_replaces_annual_value():
    got = prices.certificate_price([95.0], [[NAN] * 4], [False], [0.25] * 4, [101.5])
    assert got[0] == 101.5


def test_linear_path_between_points():
    np.testing.assert_allclose(
        linear_path([2026, 2028, 2030], [75, 90, 110], [2026, 2027, 2029, 2030]),
        [75, 82.5, 100, 110],
    )
    assert prices.to_eur(110.0, 8.0) == 13.75


def test_weekly_price_file_sets_that_years_price(base_cfg, tmp_path):
    # 52 Tuesdays of 2027 at 100 EUR, except 26 of them at 120: mean 110
    start = dt.date(2027, 1, 5)
    rows = [f"{start + dt.timedelta(weeks=w)},{120 if w % 2 else 100}" for w in range(52)]
    f = tmp_path / "weekly.csv"
    f.write_text("# weekly CBAM certificate prices\ndate,price_eur\n" + "\n".join(rows) + "\n")
    base_cfg["prices"]["weekly_price_file"] = str(f)
    inp = build_inputs(base_cfg)
    assert inp.prices.certificate_price_eur[1] == pytest.approx(110.0)
    assert inp.prices.certificate_price_eur[2] == 105.0  # 2028 not in the file: annual path
    assert inp.prices.certificate_price_eur[0] == pytest.approx(77.74)  # 2026 stays quarterly


def test_baseline_de_minimis_exempts_about_one_percent_of_emissions(base_cfg):
    # Reg. 2025/2083 sets the threshold so that at least 99 % of embedded emissions stay in scope.
    out = run_model(*model_inputs(base_cfg))
    see = out["specific_embedded_emissions"]
    exempt = (out["exempt_volume"] * see).sum()
    total = ((out["exempt_volume"] + out["export_volume"]) * see).sum()
    assert 0.0 < exempt / total <= 0.01


def test_a_purchase_pays_the_price_of_the_right_year():
    # IR 2025/2548: 2026 certificates are priced quarterly, whenever bought; later ones at
    # the price of the year in which they are bought
    assert prices.pricing_year(2026, 2027, (2026,)) == 2026
    assert prices.pricing_year(2027, 2028, (2026,)) == 2028
    assert prices.pricing_year(2027, 2027, (2026,)) == 2027
