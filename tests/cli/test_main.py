"""cbam-sim into a folder another run uses, and the one-line messages of issue 16 (items 5,
14 and 15)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from sim.io.results import open_results
from tests.conftest import cli

SHORT = ["run.end_year=2027", "run.quiet=true"]


def cbam_sim(*args: str, cwd: Path) -> subprocess.Popen[str]:
    exe = str(Path(os.sys.executable).parent / "cbam-sim")
    return subprocess.Popen(
        [exe, *args, *SHORT], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def recorded_cscf(run: Path) -> float:
    return float(yaml.safe_load((run / ".hydra" / "config.yaml").read_text())["policy"]["cscf"])


def test_a_second_config_into_a_finished_folder_keeps_the_record_consistent(tmp_path):
    run = tmp_path / "run"
    assert cli(f"hydra.run.dir={run}", "policy.cscf=0.9", *SHORT, cwd=tmp_path).returncode == 0
    other = cli(f"hydra.run.dir={run}", "policy.cscf=0.95", *SHORT, cwd=tmp_path)
    assert other.returncode == 2
    assert "exists with the results of another config" in other.stderr
    assert recorded_cscf(run) == 0.9 == float(open_results(run / "results.nc").cscf[0])


def test_concurrent_runs_into_one_folder(tmp_path):
    run = tmp_path / "run"
    procs = [
        cbam_sim(f"hydra.run.dir={run}", f"policy.cscf={c}", cwd=tmp_path) for c in (0.9, 0.95)
    ]
    outs = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in outs)
    assert codes == [0, 2], outs
    loser = next(err for code, _, err in outs if code == 2)
    assert "Errno" not in loser and len(loser.strip().splitlines()) == 1
    assert "already running into it" in loser or "results of another config" in loser
    assert recorded_cscf(run) == float(open_results(run / "results.nc").cscf[0])
