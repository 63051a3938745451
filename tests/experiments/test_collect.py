"""Collecting a sweep (issue 16, items 3 and 7): only the jobs of the sweep's manifest,
holes refused unless --allow-missing, the offending file named, populations that differ
merged on the union of entities, valid dimension names in the order typed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from sim.analysis.compare import split_sweep
from sim.errors import DataFileError
from sim.experiments.collection import collect
from sim.io.results import open_results
from tests.conftest import cli

SHORT = ["run.end_year=2028", "run.quiet=true"]


def sweep(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("-m", *args, *SHORT, f"hydra.sweep.dir={tmp_path}", cwd=tmp_path)


def collect_cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / "cbam-collect")
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    """A 2 x 2 sweep typed in non-alphabetical order."""
    out = tmp_path_factory.mktemp("grid")
    proc = sweep(out, "prices=high,low", "policy.cscf=1.0,0.9")
    assert proc.returncode == 0, proc.stderr
    return out


def copy_of(grid: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sweep"
    shutil.copytree(grid, target)
    return target


def test_dimensions_have_valid_names_in_the_order_typed(grid):
    ds = collect(grid)
    assert ds.cbam_cost.dims[:2] == ("prices", "policy_cscf")
    assert ds["prices"].values.tolist() == ["high", "low"]
    assert ds["policy_cscf"].values.tolist() == [1.0, 0.9]
    assert ds["policy_cscf"].attrs["config_key"] == "policy.cscf"
    assert json.loads(ds.attrs["swept_dims"]) == {"prices": "prices", "policy_cscf": "policy.cscf"}
    one = ds.cbam_cost.sel(prices="low", policy_cscf=0.9)  # usable in ds.sel
    job = next(
        j
        for j in json.loads((grid / "manifest.json").read_text())["jobs"]
        if "prices=low" in j["overrides"] and "policy.cscf=0.9" in j["overrides"]
    )
    np.testing.assert_array_equal(one.values, open_results(job["results"]).cbam_cost.values)
    assert bool(ds.present.all())


def test_each_job_keeps_its_config(grid):
    runs = split_sweep(collect(grid))
    assert list(runs) == [
        "prices=high, policy.cscf=1.0",
        "prices=high, policy.cscf=0.9",
        "prices=low, policy.cscf=1.0",
        "prices=low, policy.cscf=0.9",
    ]
    run = runs["prices=low, policy.cscf=0.9"]
    assert "prices: central" not in run.attrs["config"]
    assert "cscf: 0.9" in run.attrs["config"]


def test_jobs_of_an_earlier_larger_sweep_are_not_collected(tmp_path):
    assert sweep(tmp_path, "prices=low,central,high").returncode == 0
    assert sweep(tmp_path, "prices=low,central").returncode == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [j["job"] for j in manifest["jobs"]] == ["0", "1"]
    assert manifest["earlier_jobs"] == ["2"]
    assert manifest["counts"] == {"skipped": 2}
    ds = collect(tmp_path)
    assert ds["prices"].values.tolist() == ["low", "central"]


def test_a_missing_job_is_refused_unless_allowed(grid, tmp_path):
    target = copy_of(grid, tmp_path)
    (target / "2" / "results.nc").unlink()
    proc = collect_cli(target)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "1 of 4 jobs have no results (job 2: its results file" in proc.stderr
    assert "--allow-missing" in proc.stderr
    assert not (target / "collected.nc").exists()
    proc = collect_cli(target, "--allow-missing", "-o", target / "some.nc")
    assert proc.returncode == 0, proc.stderr
    assert "warning: missing job 2" in proc.stderr
    ds = xr.open_dataset(target / "some.nc", engine="h5netcdf")
    assert json.loads(ds.attrs["missing_jobs"])[0]["job"] == "job 2"
    hole = ds.cbam_cost.sel(prices="low", policy_cscf=1.0)
    assert bool(hole.isnull().all())
    assert not bool(ds.present.sel(prices="low", policy_cscf=1.0).any())
    assert bool(ds.cbam_cost.sel(prices="high").notnull().all())
    assert len(split_sweep(ds)) == 3


def test_a_failed_job_is_a_hole(tmp_path):
    proc = sweep(tmp_path, "policy.cbam_factor.2028=0.9,1.7")
    assert proc.returncode == 1
    with pytest.raises(DataFileError, match=r"job 1: failed: policy.cbam_factor.2028 = 1.7"):
        collect(tmp_path)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, r"job 1: not a cbam-sim results file \(it has no variable cbam_cost"),
        (b"truncated by a crash", r"job 1: not a readable netCDF file"),
    ],
)
def test_a_foreign_or_truncated_job_file_is_named(grid, tmp_path, content, message):
    target = copy_of(grid, tmp_path)
    path = target / "1" / "results.nc"
    path.unlink()
    if content is None:
        xr.Dataset({"x": ("t", [1.0, 2.0])}).to_netcdf(path, engine="h5netcdf")
    else:
        path.write_bytes(content)
    proc = collect_cli(target)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"cbam-collect: error: {path}: ")
    assert re.search(message, proc.stderr), proc.stderr


def test_a_results_file_of_another_job_is_refused(grid, tmp_path):
    target = copy_of(grid, tmp_path)
    shutil.copy(target / "0" / "results.nc", target / "1" / "results.nc")
    with pytest.raises(DataFileError, match="job 1: holds the results of another config"):
        collect(target)


def test_no_manifest_is_named(grid, tmp_path):
    target = copy_of(grid, tmp_path)
    (target / "manifest.json").unlink()
    proc = collect_cli(target)
    assert proc.returncode == 2
    assert f"{target / 'manifest.json'}: no manifest" in proc.stderr


def test_scenarios_with_different_entities_merge_on_their_union(tmp_path):
    proc = sweep(tmp_path, "scenario=baseline,downstream_2028")
    assert proc.returncode == 0, proc.stderr
    ds = collect(tmp_path)
    base = open_results(tmp_path / "0" / "results.nc")
    down = open_results(tmp_path / "1" / "results.nc")
    extra = sorted(set(down.entity.values) - set(base.entity.values))
    assert extra, "downstream_2028 adds an entity"
    assert ds.entity.values.tolist() == base.entity.values.tolist() + extra
    assert not bool(ds.present.sel(scenario="baseline", entity=extra).any())
    assert bool(ds.present.sel(scenario="downstream_2028").all())
    assert bool(ds.cbam_cost.sel(scenario="baseline", entity=extra).isnull().all())
    np.testing.assert_array_equal(
        ds.cbam_cost.sel(scenario="downstream_2028").values, down.cbam_cost.values
    )
    runs = split_sweep(ds)
    assert runs["scenario=baseline"].sizes["entity"] == base.sizes["entity"]


def test_read_into_memory_or_lazily_the_same_dataset(grid):
    """Small sweeps are read into memory (no dask), large ones lazily: the same result."""
    import sim.experiments.job_files as collection

    eager = collect(grid)
    assert not eager.chunks  # numpy arrays: the job files were small
    lazy = collect(grid, lazy=True)
    assert lazy.cbam_cost.chunks is not None
    xr.testing.assert_identical(eager, lazy.load())
    try:  # the size above which the default turns lazy
        collection.LAZY_ABOVE, before = 0, collection.LAZY_ABOVE
        assert collect(grid).cbam_cost.chunks is not None
    finally:
        collection.LAZY_ABOVE = before
