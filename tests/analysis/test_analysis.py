"""Figures, comparison tables, IAMC export and the analysis commands, on small runs."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from sim.analysis import decomposition as dc
from sim.analysis.compare import comparison_table, split_sweep, to_markdown
from sim.analysis.iamc import to_iamc
from sim.analysis.scorecard import scorecard
from sim.pipeline import simulate
from sim.plots.pathways import compare_costs, cost_pathways, fan_chart, uptake
from sim.plots.scorecard import scorecard_heatmap
from sim.plots.style import plt
from sim.plots.waterfall import waterfall
from tests.conftest import cli, compose_plain


@pytest.fixture(scope="module")
def small_ensemble():
    return simulate(compose_plain(["ensemble=prices_capex", "ensemble.n=16", "run.end_year=2030"]))


def _no_warnings(make):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = make()
    assert fig.axes and all(ax.get_title() or ax.get_ylabel() for ax in fig.axes)
    plt.close(fig)


def test_every_figure_is_drawn_without_warnings(baseline_results, frozen_results, small_ensemble):
    result = dc.between_years(baseline_results, 2026, 2034)
    total = dc.by_group(result, "all").assign_attrs(result.attrs)
    _no_warnings(lambda: cost_pathways(baseline_results))
    _no_warnings(lambda: cost_pathways(small_ensemble))
    _no_warnings(lambda: fan_chart(small_ensemble))
    _no_warnings(lambda: waterfall(total))
    _no_warnings(lambda: uptake(baseline_results))
    _no_warnings(lambda: uptake(small_ensemble))
    _no_warnings(lambda: scorecard_heatmap(scorecard(baseline_results)))
    _no_warnings(lambda: scorecard_heatmap(scorecard(small_ensemble)))
    runs = {"frozen": frozen_results, "baseline": baseline_results}
    _no_warnings(lambda: compare_costs(runs))
    with pytest.raises(ValueError, match="ensemble"):
        fan_chart(baseline_results)


def test_comparison_table_matches_the_datasets(baseline_results, frozen_results):
    table = comparison_table({"frozen": frozen_results, "baseline": baseline_results})
    for label, ds in (("frozen", frozen_results), ("baseline", baseline_results)):
        row = table.loc[label]
        cost = ds["cbam_cost"].sum("entity")
        assert row["CBAM cost 2026-2034 (M EUR)"] == pytest.approx(float(cost.sum()) / 1e6)
        assert row["CBAM cost 2030 (M EUR)"] == pytest.approx(float(cost.sel(year=2030)) / 1e6)
        volume = (ds["export_volume"] + ds["exempt_volume"]).sum("entity").sel(year=2034)
        assert row["cost per t 2034 (EUR/t)"] == pytest.approx(float(cost.sel(year=2034) / volume))
        capex = float(ds["abatement_capex"].sum()) / 1e6
        assert row["abatement capex 2026-2034 (M EUR)"] == pytest.approx(capex)
        sc = scorecard(ds).sel(year=2034, park="park_a")
        assert row["park_a tCO2/tce 2034"] == pytest.approx(float(sc["core_intensity"]))
    # the response lowers the cost; frozen exporters invest nothing
    assert (
        table.loc["baseline", "CBAM cost 2034 (M EUR)"]
        < table.loc["frozen", "CBAM cost 2034 (M EUR)"]
    )
    assert table.loc["frozen", "abatement capex 2026-2034 (M EUR)"] == 0
    md = to_markdown(table)
    assert md.splitlines()[0] == "| figure | frozen | baseline |"
    assert f"{table.loc['baseline', 'CBAM cost 2026-2034 (M EUR)']:,.2f}" in md


def test_split_sweep_labels_jobs_by_swept_keys(baseline_results):
    sweep = xr.concat(
        [baseline_results, baseline_results], dim=pd.Index(["low", "high"], name="prices")
    )
    runs = split_sweep(sweep)
    assert list(runs) == ["prices=low", "prices=high"]
    assert list(split_sweep(baseline_results)) == ["baseline"]


def test_iamc_export_reads_back_with_the_same_numbers(tmp_path, baseline_results, small_ensemble):
    table = to_iamc(baseline_results)
    path = tmp_path / "iamc.csv"
    table.to_csv(path, index=False)
    back = pd.read_csv(path)
    assert list(back.columns[:5]) == ["Model", "Scenario", "Region", "Variable", "Unit"]
    assert [int(c) for c in back.columns[5:]] == list(range(2026, 2035))
    key = (back["Region"] == "China") & (back["Variable"] == "CBAM|Cost|Iron and Steel")
    steel = back.loc[key, [str(y) for y in range(2026, 2035)]].to_numpy().ravel()
    expected = baseline_results["cbam_cost"].where(baseline_results["sector"] == "iron_steel", 0)
    np.testing.assert_allclose(steel, expected.sum("entity").values / 1e6, rtol=1e-12)
    total = back[(back["Region"] == "China") & (back["Variable"] == "CBAM|Cost")]
    parks = back[back["Region"].str.startswith("China|") & (back["Variable"] == "CBAM|Cost")]
    np.testing.assert_allclose(total.iloc[:, 5:].sum().values, parks.iloc[:, 5:].sum().values)
    assert not back.duplicated(["Model", "Scenario", "Region", "Variable"]).any()
    ens = to_iamc(small_ensemble)
    assert set(ens["Scenario"]) == {
        f"{small_ensemble.attrs['scenario']}|{q}" for q in ("median", "p05", "p95")
    }


def test_report_compare_and_iamc_commands_end_to_end(tmp_path):
    for name, extra in (("base", []), ("park", ["scenario=park_direct_line_2028"])):
        proc = cli("run.quiet=true", f"hydra.run.dir={tmp_path / name}", *extra, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    bin_dir = Path(sys.executable).parent

    def run(*args):
        command = [str(bin_dir / args[0]), *args[1:]]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)

    rep = run("cbam-report", str(tmp_path / "base" / "results.nc"))
    assert rep.returncode == 0, rep.stderr
    for stem in ("cost_pathways", "uptake", "waterfall", "scorecard"):
        for ext in ("png", "svg"):
            assert (tmp_path / "base" / f"{stem}.{ext}").stat().st_size > 1000
    assert "EU carbon price" in rep.stdout
    sc = xr.open_dataset(tmp_path / "base" / "scorecard.nc", engine="h5netcdf")
    assert "core_intensity" in sc and sc.sizes["year"] == 9
    cmp_dir = tmp_path / "cmp"
    comp = run(
        "cbam-compare",
        str(tmp_path / "base" / "results.nc"),
        str(tmp_path / "park" / "results.nc"),
        "-o",
        str(cmp_dir),
    )
    assert comp.returncode == 0, comp.stderr
    csv = pd.read_csv(cmp_dir / "comparison.csv", index_col=0)
    assert list(csv.index) == ["baseline", "park_direct_line_2028"]
    # the park with a direct line from 2028 raises park_b's direct renewable share
    assert (
        csv.loc["park_direct_line_2028", "park_b direct renewable share 2034"]
        > csv.loc["baseline", "park_b direct renewable share 2034"]
    )
    assert (cmp_dir / "comparison.md").read_text().startswith("| figure |")
    iamc = run(
        "cbam-iamc",
        str(tmp_path / "base" / "results.nc"),
        str(tmp_path / "park" / "results.nc"),
        "-o",
        str(tmp_path / "out.csv"),
    )
    assert iamc.returncode == 0, iamc.stderr
    assert set(pd.read_csv(tmp_path / "out.csv")["Scenario"]) == {
        "baseline",
        "park_direct_line_2028",
    }
    bad = run("cbam-report", str(tmp_path / "missing.nc"))
    assert bad.returncode == 2 and "missing.nc" in bad.stderr and "Traceback" not in bad.stderr
    one = run("cbam-compare", str(tmp_path / "base" / "results.nc"))
    assert one.returncode == 2 and "one run (not a sweep collected by cbam-collect)" in one.stderr
