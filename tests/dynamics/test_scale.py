"""Scale: a population of 2,000 entities from an entities file runs end to end (the
10,000-entity figure comes from ``python benchmarks/large_population.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.experiments.synthetic import COLUMNS, synthetic_entities
from sim.io.files import write_csv
from sim.io.results import open_results
from sim.pipeline import run_to_file
from tests.conftest import compose_plain


def test_two_thousand_entities_run_and_match_the_baseline_entities(tmp_path):
    cfg = compose_plain(["run.end_year=2028"])
    baseline = run_to_file(cfg, tmp_path / "base")[0]
    write_csv(synthetic_entities(cfg, 2000), COLUMNS, tmp_path / "entities.csv")
    cfg["population"]["entities_file"] = str(tmp_path / "entities.csv")
    ds, path, status = run_to_file(cfg, tmp_path / "big")
    assert status == "done"
    ds = open_results(path)
    assert ds.sizes["entity"] == 2000 and len(set(ds.entity.values)) == 2000
    assert np.isfinite(ds.cbam_cost.values).all()
    # the first rows are the baseline entities unchanged: their static obligation (before
    # any response) is the baseline's
    first = ds.cbam_cost.isel(entity=slice(0, baseline.sizes["entity"]), year=0)
    np.testing.assert_allclose(first.values, baseline.cbam_cost.isel(year=0).values, rtol=1e-12)


def test_small_pages_restores_numpy_huge_page_advice():
    from sim.dynamics.batch import small_pages

    switch = getattr(np._core.multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        pytest.skip("numpy has no huge-page switch")
    before = switch(True)
    try:
        with small_pages():
            assert np._core.multiarray._get_madvise_hugepage() is False
        assert np._core.multiarray._get_madvise_hugepage() is True
    finally:
        switch(before)


def test_a_population_smaller_than_the_configured_one_runs_with_its_importers(tmp_path):
    # the configured importer groups name all 23 units: ten units alone were refused
    # ("no such entity alloy_wire_b3"); importers_of keeps each group to the units present
    from sim.errors import ConfigError
    from sim.experiments.synthetic import importers_of

    cfg = compose_plain(["run.end_year=2027"])
    rows = synthetic_entities(cfg, 10)
    write_csv(rows, COLUMNS, tmp_path / "entities.csv")
    cfg["population"]["entities_file"] = str(tmp_path / "entities.csv")
    with pytest.raises(ConfigError, match="no such entity"):
        run_to_file(cfg, tmp_path / "refused")
    importers_of(cfg, rows)
    groups = cfg["population"]["importers"]
    assert "farm_cooperatives" not in groups  # its only unit (urea) is not among the ten
    ids = {r["id"] for r in rows}
    assert all(set(g["purchase_share"]) <= ids for g in groups.values())
    _, path, status = run_to_file(cfg, tmp_path / "small")
    assert status == "done" and open_results(path).sizes["entity"] == 10
