"""``cbam-sim ensemble=levers_uncertain``: a run of eight policies on common draws, end to
end (issue 15), and every command that reads its file: cbam-report, cbam-compare,
cbam-iamc, cbam-discover and cbam-check; cbam-sobol and bad levers refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

from sim.cli import analyse, check, discover
from tests.conftest import cli


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The shipped lever ensemble at eight draws: its folder and what it printed."""
    out = tmp_path_factory.mktemp("levers")
    proc = cli("ensemble=levers_uncertain", "ensemble.n=8", f"hydra.run.dir={out}", cwd=out)
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_the_file_holds_eight_policies_on_the_same_draws(run):
    out, printed = run
    with xr.open_dataset(out / "results.nc") as ds:
        assert ds["cbam_cost"].dims == ("lever", "draw", "entity", "year")
        assert (ds.sizes["lever"], ds.sizes["draw"]) == (8, 8)
        keys = json.loads(ds.attrs["levers"])
        assert sorted(keys.values()) == [
            "policy.cscf",
            "population.parks.park_b.direct_line_commissioned",
            "population.parks.park_b.direct_line_share",
        ]
        assert all(ds[c].dims == ("lever",) for c in keys)
        assert ds["sampled_eua_level"].dims == ("draw",)
        assert (ds["certificate_price"] == ds["certificate_price"].isel(lever=0)).all()
    assert "(8 policies)" in printed and "cscf=0.95, direct_line_commissioned=2028" in printed
    assert "the same draws under every policy" in printed


def test_report_compare_and_iamc_split_it_by_policy(run, tmp_path, capsys):
    out, _ = run
    with xr.open_dataset(out / "results.nc") as ds:  # two of the policies: a lever file too
        ds.isel(lever=[0, 7]).to_netcdf(tmp_path / "two.nc")
    results = str(tmp_path / "two.nc")
    analyse.compare_main([results, "-o", str(tmp_path / "cmp")])
    table = pd.read_csv(tmp_path / "cmp" / "comparison.csv", index_col=0)
    first, last = "cscf=0.95, direct_line_commissioned=2028, direct_line_share=0.3", (
        "cscf=1, direct_line_commissioned=2031, direct_line_share=0.5")  # fmt: skip
    assert list(table.index) == [first, last]
    analyse.report_main([results, "-o", str(tmp_path / "rep")])
    assert "2 policies (ensemble.levers): their comparison" in capsys.readouterr().err
    assert (tmp_path / "rep" / "comparison.md").read_text().count(first) >= 1
    (tmp_path / "again").mkdir()
    again = tmp_path / "again" / "two.nc"
    again.write_bytes((tmp_path / "two.nc").read_bytes())
    analyse.compare_main([results, str(again), "-o", str(tmp_path / "both")])  # among files
    both = pd.read_csv(tmp_path / "both" / "comparison.csv", index_col=0)
    assert len(both) == 4 and both.index[1].endswith(f"two.nc): {last}")
    analyse.iamc_main([results, "-o", str(tmp_path / "all.csv")])
    scenarios = set(pd.read_csv(tmp_path / "all.csv")["Scenario"])
    assert {s.split("|")[0] for s in scenarios} == {first, last}


def test_discover_boxes_levers_and_uncertainties(run, tmp_path, capsys):
    out, _ = run
    discover.main([str(out / "results.nc"), "-o", str(tmp_path)])
    printed = capsys.readouterr().out
    assert "of 64 draws" in printed  # 8 policies x 8 draws
    box = pd.read_csv(tmp_path / "prim_box.csv", index_col=0)
    assert not box.empty


def test_check_compares_it_with_itself_and_finds_a_policy_moved(run, tmp_path, capsys):
    out, _ = run
    results = out / "results.nc"
    with pytest.raises(SystemExit) as same:
        check.main([str(results), str(results)])
    assert same.value.code == 0
    assert "every variable within tolerance" in capsys.readouterr().out
    with xr.open_dataset(results) as ds:
        moved = ds.load()
    moved["cbam_cost"][3] *= 1.01
    moved.to_netcdf(tmp_path / "moved.nc")
    with pytest.raises(SystemExit) as differs:
        check.main([str(results), str(tmp_path / "moved.nc")])
    assert differs.value.code == 1
    text = capsys.readouterr().out
    assert "cbam_cost" in text and "lever" in text


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_sobol_refuses_levers_in_one_line(tmp_path):
    exe = str(Path(sys.executable).parent / "cbam-sobol")
    args = [exe, "ensemble=levers_uncertain", "sensitivity.n=8", f"hydra.run.dir={tmp_path}/s"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert "uncertainties only" in one_line(proc)
    assert not list((tmp_path / "s").glob("*.nc"))


def test_bad_lever_refused_in_one_line_nothing_written(tmp_path):
    run_dir = tmp_path / "bad"
    proc = cli("ensemble.levers={policy.csf: [0.9, 1.0]}", f"hydra.run.dir={run_dir}", cwd=tmp_path)
    line = one_line(proc)
    assert line.startswith("cbam-sim: error: ensemble.levers.policy.csf = [0.9, 1.0]: unknown")
    assert not run_dir.exists()


def test_rerun_reproduces_the_policies_bit_for_bit(run, tmp_path, capsys):
    from sim.cli import rerun

    out, _ = run
    rerun.main([str(out / "results.nc"), "--out", str(tmp_path)])
    assert "bit-identical" in capsys.readouterr().out
    with xr.open_dataset(tmp_path / "results.nc") as ds:
        assert ds.sizes["lever"] == 8
