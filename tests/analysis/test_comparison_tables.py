"""The tables that answer a comparison's questions directly (issue 13, item 5): the
difference to the baseline per year and cumulative, the first pass year per park and
indicator, the quarterly cash; and the compare figure that tells identical runs apart."""

from __future__ import annotations

import numpy as np
import pytest

from sim import api
from sim.analysis import comparison_tables as ct
from sim.plots.pathways import compare_costs


@pytest.fixture(scope="module")
def runs():
    return {
        "baseline": api.run([]),
        "plan": api.run(["scenario=park_c_zero_carbon_2030"]),
        "again": api.run([]),
    }


def test_the_difference_columns_are_the_cost_less_the_baseline_and_its_running_sum(runs):
    table = ct.difference_table(runs)
    base = runs["baseline"]["cbam_cost"].sum("entity").values / 1e6
    plan = runs["plan"]["cbam_cost"].sum("entity").values / 1e6
    years = table.index[:-1]
    np.testing.assert_allclose(table.loc[years, "plan - baseline"], plan - base, rtol=1e-12)
    np.testing.assert_allclose(
        table.loc[years, "plan - baseline, cumulative"], np.cumsum(plan - base), rtol=1e-12
    )
    total = table.loc["2026-2034"]
    assert total["plan - baseline"] == pytest.approx((plan - base).sum())
    assert total["plan - baseline, cumulative"] == pytest.approx((plan - base).sum())
    assert total["baseline"] == pytest.approx(base.sum())
    assert (table["again - baseline"] == 0).all()


def test_the_first_pass_years_name_the_park_and_its_target(runs):
    table = ct.first_pass_table(runs)
    row = table[table["indicator"] == "core indicator"].loc["Aluminium processing park"]
    assert row["baseline"] == "not by the horizon"
    assert row["plan"] == "2029 (target 2030)"  # scenarios/README.md


def test_the_quarterly_cash_is_what_is_paid_for_certificates(runs):
    table = ct.quarterly_cash_table(runs)
    paid = runs["plan"]["certificate_purchase_cost"].sum().item() / 1e6
    assert table["plan: cash (M EUR)"].sum() == pytest.approx(paid)
    assert table.index[0] == "2026Q1"


def test_markdown_prints_every_row_and_column(runs):
    text = ct.markdown(ct.difference_table(runs), "title")
    assert text.splitlines()[0] == "title"
    assert text.count("\n|") == 2 + 10  # header, rule, nine years and the whole run


def test_identical_runs_are_named_as_such_and_differences_get_their_own_axes(runs):
    fig = compare_costs(runs)
    top, diff = fig.axes
    labels = [t.get_text() for t in top.get_legend().get_texts()]
    assert labels == ["baseline", "plan", "again (= baseline)"]
    assert len(diff.get_lines()) == 3  # plan, again and the zero line
    np.testing.assert_array_equal(diff.get_lines()[1].get_ydata(), 0.0)
