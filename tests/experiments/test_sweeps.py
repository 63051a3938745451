"""Sweeps at scale: joblib and submitit launchers, collect, resume, failure manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import xarray as xr

from sim.experiments.collection import collect
from sim.io.results import open_results
from tests.conftest import cli

SHORT = ["run.end_year=2028", "run.quiet=true"]


def sweep(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("-m", *args, *SHORT, f"hydra.sweep.dir={tmp_path}", cwd=tmp_path)


def test_joblib_2x2_sweep_collects_into_swept_dimensions(tmp_path):
    proc = sweep(tmp_path, "hydra/launcher=joblib", "prices=low,high", "policy.cscf=0.9,1.0")
    assert proc.returncode == 0, proc.stderr
    ds = collect(tmp_path)
    assert ds.sizes["prices"] == 2 and ds.sizes["policy_cscf"] == 2
    assert ds["prices"].values.tolist() == ["low", "high"]
    assert ds["policy_cscf"].values.tolist() == [0.9, 1.0]
    assert ds.cbam_cost.dims[:2] == ("prices", "policy_cscf")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"] == {"done": 4}
    for job in manifest["jobs"]:
        one = open_results(job["results"])
        pairs = dict(o.split("=") for o in job["overrides"])
        sel = {"prices": pairs["prices"], "policy_cscf": float(pairs["policy.cscf"])}
        np.testing.assert_array_equal(ds.cbam_cost.sel(sel).values, one.cbam_cost.values)


def test_submitit_local_sweep_collects(tmp_path):
    proc = sweep(tmp_path, "hydra/launcher=submitit_local", "prices=low,high")
    assert proc.returncode == 0, proc.stderr
    ds = collect(tmp_path)
    assert ds.sizes["prices"] == 2
    assert float(ds.cbam_cost.sel(prices="high").sum()) > float(
        ds.cbam_cost.sel(prices="low").sum()
    )


def test_resume_skips_completed_jobs_and_redoes_corrupt_ones(tmp_path):
    assert sweep(tmp_path, "prices=low,central,high").returncode == 0
    files = sorted(tmp_path.glob("*/results.nc"))
    before = {f: f.stat().st_mtime_ns for f in files}
    files[1].write_bytes(b"truncated by a crash")
    again = sweep(tmp_path, "prices=low,central,high")
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("already done (same config)") == 2
    assert files[0].stat().st_mtime_ns == before[files[0]]  # untouched
    assert files[2].stat().st_mtime_ns == before[files[2]]
    assert open_results(files[1]).attrs["prices"] == "central"  # redone, readable
    counts = json.loads((tmp_path / "manifest.json").read_text())["counts"]
    assert counts == {"skipped": 2, "done": 1}


def test_a_failing_job_is_recorded_while_the_others_finish(tmp_path):
    proc = sweep(tmp_path, "policy.cbam_factor.2028=0.9,1.7,0.8")
    assert proc.returncode == 1  # the sweep reports the failure after every job ran
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"] == {"done": 2, "failed": 1}
    failed = next(j for j in manifest["jobs"] if j["status"] == "failed")
    assert "policy.cbam_factor.2028 = 1.7" in failed["error"]
    assert not (tmp_path / failed["job"] / "results.nc").exists()
    assert len(list(tmp_path.glob("*/results.nc"))) == 2


def test_collect_command_writes_netcdf_and_zarr(tmp_path):
    assert sweep(tmp_path, "prices=low,high").returncode == 0
    exe = str(Path(sys.executable).parent / "cbam-collect")
    for target in (tmp_path / "all.nc", tmp_path / "all.zarr"):
        proc = subprocess.run(
            [exe, str(tmp_path), "-o", str(target)], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        ds = xr.open_dataset(target, engine="zarr" if target.suffix == ".zarr" else "h5netcdf")
        assert ds.sizes["prices"] == 2 and ds.cbam_cost.attrs["cbam_units"] == "EUR"
