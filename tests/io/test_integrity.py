"""Data integrity: no NaN in a results file, interrupted runs, resume, reproducibility and
re-running a results file from its own provenance (``cbam-rerun``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import sim.pipeline
from sim.errors import NonFiniteResultError
from sim.io.dataset import check_finite
from sim.io.results import open_results
from sim.pipeline import run_to_file
from tests.conftest import cli, compose_plain

SHORT = ["run.end_year=2031", "run.quiet=true"]


def _exe(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _inject_nan(monkeypatch, variable: str, index: tuple[int, ...], value: float) -> None:
    real = sim.pipeline.run_chunked

    def broken(*args, **kwargs):
        values = real(*args, **kwargs)
        values[variable] = np.array(values[variable], copy=True)
        values[variable][index] = value
        return values

    monkeypatch.setattr(sim.pipeline, "run_chunked", broken)


# -- 2. no NaN or infinity reaches a results file ------------------------------------------


def test_nan_in_model_output_is_refused_naming_variable_and_cell(tmp_path, monkeypatch):
    cfg = compose_plain(["run.end_year=2031"])
    # (draw, entity, year): entity 2 is steel_tinplate_a3, year 5 is 2031
    _inject_nan(monkeypatch, "cbam_cost", (0, 2, 5), np.nan)
    with pytest.raises(NonFiniteResultError) as err:
        run_to_file(cfg, tmp_path)
    assert str(err.value).startswith(
        "results: cbam_cost is NaN at entity=steel_tinplate_a3, year=2031"
    )
    assert list(tmp_path.iterdir()) == []  # no results.nc, no temporary file


def test_infinity_in_an_ensemble_names_the_draw(tmp_path, monkeypatch):
    cfg = compose_plain(["run.end_year=2031", "ensemble=prices_capex", "ensemble.n=5"])
    _inject_nan(monkeypatch, "certificates", (3, 0, 5), -np.inf)
    with pytest.raises(NonFiniteResultError, match=r"^results: certificates is -inf at draw=3, "):
        run_to_file(cfg, tmp_path)
    assert not list(tmp_path.iterdir())


def test_check_finite_looks_at_coordinates_too():
    ds = xr.Dataset(
        {"x": ("draw", [1.0, 2.0])},
        coords={"draw": [0, 1], "sampled_fx": ("draw", [8.0, np.inf])},
    )
    with pytest.raises(NonFiniteResultError, match=r"sampled_fx is \+inf at draw=1"):
        check_finite(ds)
    check_finite(ds.drop_vars("sampled_fx"))  # finite: no error


def test_nan_through_the_cli_exits_2_and_writes_nothing(tmp_path):
    code = (
        "import sys, numpy as np, sim.pipeline as r\n"
        "real = r.run_chunked\n"
        "def broken(*a, **k):\n"
        "    v = real(*a, **k); v['embedded_emissions'] = v['embedded_emissions'].copy()\n"
        "    v['embedded_emissions'][0, 4, 1] = np.nan; return v\n"
        "r.run_chunked = broken\n"
        "from sim.cli.main import main\n"
        f"sys.argv = ['cbam-sim', 'hydra.run.dir={tmp_path / 'run'}', 'run.end_year=2028']\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith(
        "cbam-sim: error: results: embedded_emissions is NaN at entity=steel_coated_a5, year=2027"
    )
    assert "Traceback" not in proc.stderr
    assert not list(tmp_path.rglob("*.nc")) and not list(tmp_path.rglob("*.tmp"))


# -- 3. interrupted runs ------------------------------------------------------------------


def test_sigkill_mid_write_leaves_no_partial_results_and_rerun_completes(tmp_path):
    """Kill a large ensemble run while its temporary file is being written: no results.nc
    (or only a complete one) remains; the re-run removes the stale temporary file and
    completes."""
    out = tmp_path / "run"
    args = ["ensemble=prices_capex", "ensemble.n=2000", f"hydra.run.dir={out}", *SHORT]
    env = {**os.environ, "HYDRA_FULL_ERROR": "0"}
    proc = subprocess.Popen([_exe("cbam-sim"), *args], cwd=tmp_path, env=env)
    deadline = time.monotonic() + 240
    caught = False
    while time.monotonic() < deadline and proc.poll() is None:
        if list(out.glob(".results.nc.*.tmp")):
            time.sleep(0.05)  # well inside the write of ~70 MB
            proc.send_signal(signal.SIGKILL)
            caught = True
            break
        time.sleep(0.002)
    proc.wait(timeout=60)
    assert caught, "the run ended before its temporary file was seen"
    assert proc.returncode == -signal.SIGKILL
    stale = list(out.glob(".results.nc.*.tmp"))
    if (out / "results.nc").exists():  # killed after the link: must be complete
        open_results(out / "results.nc")
    else:
        assert stale, "a killed writer leaves its temporary file, never results.nc"
    again = cli(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob(".results.nc.*.tmp"))  # cleaned on resume
    ds = open_results(out / "results.nc")
    assert ds.sizes["draw"] == 2000 and np.isfinite(ds.cbam_cost.values).all()


def test_truncated_results_file_is_redone_on_resume(tmp_path):
    cfg = compose_plain(["run.end_year=2028"])
    good, path, status = run_to_file(cfg, tmp_path)
    assert status == "done"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a crash halfway through a copy
    with pytest.raises(Exception):  # noqa: B017  (whatever h5netcdf raises)
        open_results(path)
    _, _, status = run_to_file(cfg, tmp_path)
    assert status == "done"  # redone, not skipped
    xr.testing.assert_identical(
        _numbers(open_results(path)).drop_attrs(deep=False), _numbers(good).drop_attrs(deep=False)
    )
    assert run_to_file(cfg, tmp_path)[2] == "skipped"  # and now it is skipped


def test_stale_temporary_files_are_removed_but_a_live_writers_is_kept(tmp_path):
    cfg = compose_plain(["run.end_year=2028"])
    dead = tmp_path / ".results.nc.999999999.tmp"  # no such process
    live = tmp_path / f".results.nc.{os.getppid()}.tmp"  # a running process (pytest's parent)
    dead.write_bytes(b"half a file")
    live.write_bytes(b"being written")
    _, path, status = run_to_file(cfg, tmp_path)
    assert status == "done" and path.exists()
    assert not dead.exists() and live.exists()


# -- 4. reproducibility -------------------------------------------------------------------

RUN_ATTRS = ("created", "overrides")


def _numbers(ds: xr.Dataset) -> xr.Dataset:
    ds = ds.copy()
    for key in RUN_ATTRS:
        ds.attrs.pop(key, None)
    return ds


ENSEMBLE = ["ensemble=uncertain", "ensemble.n=64", "ensemble.seed=7", *SHORT]


@pytest.fixture(scope="module")
def ensemble_run(tmp_path_factory) -> Path:
    """One CLI run of a small seeded ensemble, shared by the reproducibility tests."""
    out = tmp_path_factory.mktemp("ensemble")
    proc = cli(*ENSEMBLE, f"hydra.run.dir={out / 'a'}", cwd=out)
    assert proc.returncode == 0, proc.stderr
    return out / "a" / "results.nc"


def test_same_config_and_seed_are_bit_identical_across_processes(ensemble_run, tmp_path):
    proc = cli(*ENSEMBLE, f"hydra.run.dir={tmp_path / 'b'}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    a, b = open_results(ensemble_run), open_results(tmp_path / "b" / "results.nc")
    xr.testing.assert_identical(_numbers(a), _numbers(b))
    for name in [*a.data_vars, *a.coords]:  # identical compares with ==; now bit for bit
        assert a[name].values.tobytes() == b[name].values.tobytes(), name
    # and the seed matters (in process: the same code path as the CLI)
    cfg = compose_plain([*ENSEMBLE[:2], "ensemble.seed=8", "run.end_year=2031"])
    c = sim.pipeline.simulate(cfg)
    assert not np.array_equal(a.cbam_cost.values, c.cbam_cost.values)


def _rerun(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_exe("cbam-rerun"), *args], capture_output=True, text=True, timeout=300)


def test_rerun_command_reproduces_a_results_file_bit_for_bit(ensemble_run, tmp_path):
    rerun = _rerun(str(ensemble_run), "--out", str(tmp_path / "again"))
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith("bit-identical: ")
    original, new = open_results(ensemble_run), open_results(tmp_path / "again/results.nc")
    assert new.attrs["rerun_of"] == str(ensemble_run.resolve())
    xr.testing.assert_identical(
        _numbers(original).drop_attrs(deep=False), _numbers(new).drop_attrs(deep=False)
    )
    # the same file again, into the same folder: refused, nothing overwritten
    twice = _rerun(str(ensemble_run), "--out", str(tmp_path / "again"))
    assert twice.returncode == 2 and "refusing to overwrite" in twice.stderr


def test_rerun_reports_differences_with_exit_1(ensemble_run, tmp_path):
    ds = open_results(ensemble_run)
    ds["cbam_cost"] = ds.cbam_cost * (1 + 1e-15) + 1e-9  # a last-bit change
    ds.to_netcdf(tmp_path / "edited.nc", engine="h5netcdf")
    proc = _rerun(str(tmp_path / "edited.nc"))
    assert proc.returncode == 1
    assert "NOT identical" in proc.stderr and "cbam_cost" in proc.stderr
    assert "certificates" not in proc.stderr.split("differs from")[1].split("(")[0]
    assert (tmp_path / "edited.rerun.nc").exists()  # the re-run is kept for inspection


def test_rerun_refuses_an_edited_config(ensemble_run, tmp_path):
    ds = open_results(ensemble_run)
    ds.attrs["config"] = ds.attrs["config"].replace("cscf: 1.0", "cscf: 0.9")
    ds.to_netcdf(tmp_path / "edited.nc", engine="h5netcdf")
    proc = _rerun(str(tmp_path / "edited.nc"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("cbam-rerun: error: ") and "config_sha256" in proc.stderr
    assert not (tmp_path / "edited.rerun.nc").exists()
