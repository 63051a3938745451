"""Temporary files of killed writers and concurrent runs into one folder (issue 16,
items 4 and 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import xarray as xr

from sim.io.files import write_text
from sim.io.results import RunLockedError, clean_stale_tmp, run_lock, write_atomic
from sim.io.sweeps import write_collected
from tests.conftest import cli


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_every_writer_removes_temporary_files_of_killed_writers(tmp_path):
    pid = dead_pid()
    stale = [
        tmp_path / f".report.md.{pid}-abcd1234.tmp",
        tmp_path / f".collected.nc.{pid}.tmp",
    ]
    for f in stale:
        f.write_bytes(b"x" * 1000)
    store = tmp_path / f".all.zarr.{pid}.tmp"
    (store / "cbam_cost").mkdir(parents=True)  # a killed Zarr writer leaves a folder
    live = tmp_path / f".report.md.{os.getpid()}-ffff0000.tmp"
    live.write_text("being written")
    write_text("hello", tmp_path / "report.md")
    ds = xr.Dataset({"x": ("t", [1.0])})
    write_collected(ds, tmp_path / "collected.nc")
    write_collected(ds, tmp_path / "all.zarr")
    assert not any(f.exists() for f in stale) and not store.exists()
    assert live.exists()  # the process writing it is alive
    assert (tmp_path / "report.md").read_text() == "hello"
    assert not list(tmp_path.glob(".all.zarr.*"))
    assert (tmp_path / "report.md").stat().st_mode & 0o044 == os.stat(
        tmp_path / "collected.nc"
    ).st_mode & 0o044  # report files as readable as results files


def test_clean_stale_tmp_keeps_a_live_writer(tmp_path):
    mine = tmp_path / f".results.nc.{os.getpid()}.tmp"
    mine.write_text("x")
    assert clean_stale_tmp(tmp_path / "results.nc") == []
    assert mine.exists()


def test_a_second_run_into_a_locked_folder_is_told_it_is_running(tmp_path):
    with run_lock(tmp_path / "results.nc"):
        code = (
            "from sim.io.results import run_lock\n"
            f"with run_lock(__import__('pathlib').Path({str(tmp_path)!r}) / 'results.nc'):\n"
            "    pass\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert proc.returncode == 1
        assert "RunLockedError" in proc.stderr and "already running" in proc.stderr
    with run_lock(tmp_path / "results.nc"):  # released
        pass


def test_run_locked_error_names_the_folder(tmp_path):
    err = RunLockedError(tmp_path / "results.nc")
    assert str(err).startswith(f"{tmp_path}: another cbam-sim run is already running into it")
    with pytest.raises(FileExistsError):
        write_atomic(xr.Dataset(), _existing(tmp_path))


def _existing(tmp_path: Path) -> Path:
    p = tmp_path / "x.nc"
    p.write_text("")
    return p


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 320 kB file system (tmpfs), where the machine allows mounting one."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", str(mount)])
    if made.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])


def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(tiny_disk, tmp_path):
    run = tiny_disk / "run"
    proc = cli(f"hydra.run.dir={run}", "run.quiet=true", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"cbam-sim: error: no space left writing {run / 'results.nc'}\n"
    assert not list(run.glob("*.nc")) and not list(run.glob(".*.tmp"))


def test_a_full_disk_fails_the_job_while_the_others_go_on(tiny_disk, tmp_path):
    sweep = tiny_disk / "sweep"
    proc = cli("-m", "prices=low,high", "run.quiet=true", f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    manifest = json.loads((sweep / "manifest.json").read_text())
    assert manifest["counts"] == {"failed": 2}
    assert all(j["error"].startswith("no space left writing") for j in manifest["jobs"])
    assert "Traceback" not in proc.stderr and not list(sweep.rglob(".*.tmp"))


def test_rerun_on_a_full_disk(tiny_disk, tmp_path):
    run = tmp_path / "run"
    assert cli(f"hydra.run.dir={run}", "run.quiet=true", cwd=tmp_path).returncode == 0
    exe = Path(sys.executable).parent / "cbam-rerun"
    proc = subprocess.run(
        [str(exe), str(run / "results.nc"), "--out", str(tiny_disk)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr == f"cbam-rerun: error: no space left writing {tiny_disk / 'results.nc'}\n"
    assert not list(tiny_disk.iterdir())
