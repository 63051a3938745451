"""``cbam-sim sweep.over=...`` (issue 14, target 2): the grid run in one process writes the
dataset ``cbam-sim -m`` and ``cbam-collect`` give; bad grids get one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from sim.io.provenance import JOB_PROVENANCE
from tests.conftest import cli

SHORT = ["run.end_year=2027", "run.quiet=true"]
GRID = "sweep.over={prices: [high, low], policy.cscf: [1.0, 0.9]}"


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The same 2 x 2 grid run in one process and as a Hydra sweep collected."""
    tmp = tmp_path_factory.mktemp("grid")
    proc = cli(*SHORT, GRID, f"hydra.run.dir={tmp}/over", cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str((tmp / "over" / "collected.nc").resolve())
    swept = ["prices=high,low", "policy.cscf=1.0,0.9"]
    proc = cli("-m", *SHORT, *swept, f"hydra.sweep.dir={tmp}/m", cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    exe = str(Path(sys.executable).parent / "cbam-collect")
    proc = subprocess.run([exe, f"{tmp}/m"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    over = xr.load_dataset(tmp / "over" / "collected.nc")
    collected = xr.load_dataset(tmp / "m" / "collected.nc")
    return over, collected


def test_the_grid_equals_a_collected_hydra_sweep(both):
    over, collected = both
    assert over.cbam_cost.dims[:2] == ("prices", "policy_cscf")
    assert over["prices"].values.tolist() == ["high", "low"]
    volatile = {"jobs", "created"}
    a = over.drop_vars(JOB_PROVENANCE).assign_attrs({})
    b = collected.drop_vars(JOB_PROVENANCE).assign_attrs({})
    a.attrs = {k: v for k, v in over.attrs.items() if k not in volatile}
    b.attrs = {k: v for k, v in collected.attrs.items() if k not in volatile}
    xr.testing.assert_identical(a, b)
    for cell in np.ndindex(over[JOB_PROVENANCE].shape):  # each run's config and digest
        mine, theirs = (json.loads(str(d[JOB_PROVENANCE].values[cell])) for d in both)
        assert mine == theirs


def test_the_grid_prints_a_table_of_its_runs(tmp_path):
    proc = cli("run.end_year=2027", GRID, f"hydra.run.dir={tmp_path}/g", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "CBAM cost of exports to the EU, million EUR (4 runs)"
    assert [line.split()[:2] for line in lines[2:6]] == [
        ["prices=high", "policy.cscf=1.0"],
        ["prices=high", "policy.cscf=0.9"],
        ["prices=low", "policy.cscf=1.0"],
        ["prices=low", "policy.cscf=0.9"],
    ]
    assert lines[2].split()[-1] == "+0.0"  # the first run is the reference


@pytest.mark.parametrize(
    ("grid", "message"),
    [  # the other refusals: tests/experiments/test_grid.py
        ("sweep.over=3", "sweep.over = 3: expected a mapping {key: [values]}"),
        ("sweep.over={prices: [central, middle]}", "prices=middle: no option 'middle'"),
    ],
)
def test_a_bad_grid_is_one_line_and_writes_nothing(tmp_path, grid, message):
    proc = cli("run.end_year=2027", grid, f"hydra.run.dir={tmp_path}/g", cwd=tmp_path)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "g" / "collected.nc").exists()


def test_the_grid_is_not_a_job_of_a_multirun(tmp_path):
    proc = cli("-m", *SHORT, GRID, f"hydra.sweep.dir={tmp_path}/m", cwd=tmp_path)
    assert proc.returncode != 0
    assert "sweep.over" in proc.stderr and "drop -m" in proc.stderr
