"""The printed summary (issue 16, item 20): its header names the value overrides, and an
ensemble is summarised by its median, as the figures and comparisons are, and says so."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.analysis.summary import by_sector, format_summary
from sim.api import run


@pytest.fixture(scope="module")
def ensemble():
    return run(["run.end_year=2028", "ensemble=prices_capex", "ensemble.n=8"])


def test_the_header_names_the_value_overrides(ensemble):
    a, b = ensemble.copy(), ensemble.copy()
    a.attrs["overrides"] = json.dumps(["policy.cscf=0.9", "run.end_year=2028"])
    b.attrs["overrides"] = json.dumps(["policy.cscf=0.95", "run.end_year=2028"])
    head_a, head_b = format_summary(a).splitlines()[:2], format_summary(b).splitlines()[:2]
    assert head_a != head_b
    assert "Overrides: policy.cscf=0.9, run.end_year=2028" in head_a


def test_the_api_records_its_overrides_like_the_cli(ensemble):
    # the header names scenario, population, policy and prices; every other override follows
    assert json.loads(ensemble.attrs["overrides"])[0] == "run.end_year=2028"
    text = format_summary(ensemble)
    assert "Overrides: run.end_year=2028, ensemble=prices_capex, ensemble.n=8" in text


def test_no_overrides_no_line():
    ds = run(["run.end_year=2027"])
    ds.attrs["overrides"] = "[]"
    assert "Overrides" not in format_summary(ds)


def test_an_ensemble_is_summarised_by_its_median(ensemble):
    text = format_summary(ensemble)
    assert "Median over 8 draws" in text
    assert "Mean" not in text
    table = by_sector(ensemble)
    steel = ensemble["cbam_cost"].where(ensemble["sector"] == "iron_steel").sum("entity")
    np.testing.assert_allclose(
        table["cbam_cost"].sel(sector="iron_steel"), steel.median("draw"), rtol=1e-12
    )
    total = ensemble["cbam_cost"].sum("entity").median("draw")
    np.testing.assert_allclose(table["cbam_cost"].sel(sector="all sectors"), total, rtol=1e-12)
