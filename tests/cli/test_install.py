"""A non-editable install (a built wheel) runs from any directory: configs ship as package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from sim.io.results import open_results

ROOT = Path(__file__).resolve().parents[2]


def _source_copy(dest: Path) -> Path:
    """The checkout without what builds, runs and tests leave in it: a wheel built in place
    writes build/ into the checkout and may package stale modules from an earlier build."""
    junk = (".git", ".venv", "build", "dist", "outputs", "multirun", "*.egg-info", "__pycache__")
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*junk, ".*_cache", ".hypothesis"))
    return dest


def test_wheel_runs_from_any_directory(tmp_path):
    wheels = tmp_path / "wheels"
    source = _source_copy(tmp_path / "source")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    site = tmp_path / "site"
    with zipfile.ZipFile(next(wheels.glob("cbam_sim-*.whl"))) as whl:
        whl.extractall(site)  # a pure-Python wheel unpacked is its installed layout
        modules = {n for n in whl.namelist() if n.startswith("sim/") and n.endswith(".py")}
    source_modules = {str(p.relative_to(ROOT)) for p in (ROOT / "sim").rglob("*.py")}
    source_modules |= {"sim/configs/__init__.py", "sim/scenarios/__init__.py"}  # package-dir
    assert modules == source_modules  # every module shipped, none stale
    assert not (ROOT / "build").exists()  # nothing written into the checkout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import sim; print(sim.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout
    run = subprocess.run(
        [sys.executable, "-m", "sim", "run.quiet=true"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    results = Path(run.stdout.strip().splitlines()[-1])
    assert results.is_relative_to(elsewhere / "outputs")
    assert float(open_results(results).cbam_cost.sum()) > 0
