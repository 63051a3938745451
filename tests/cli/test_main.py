"""cbam-sim into a folder another run uses, and the one-line messages of issue 16 (items 5,
14 and 15)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import xarray as xr
import yaml

from sim.cli.guard import guard
from sim.io.results import open_results
from tests.conftest import cli

SHORT = ["run.end_year=2027", "run.quiet=true"]


def _default_sigint() -> None:  # as at a terminal (a background job ignores SIGINT)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cbam_sim(*args: str, cwd: Path) -> subprocess.Popen[str]:
    exe = str(Path(os.sys.executable).parent / "cbam-sim")
    return subprocess.Popen(
        [exe, *args, *SHORT],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
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


def one_line(proc: subprocess.CompletedProcess[str], prog: str = "cbam-sim") -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), proc.stderr
    return lines[0]


def run_cmd(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = str(Path(os.sys.executable).parent / args[0])
    return subprocess.run([exe, *args[1:]], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "error, message",
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/x/r.nc"),
            "no space left writing /x/r.nc",
        ),
        (
            PermissionError(errno.EACCES, "Permission denied", "/ro"),
            "cannot write /ro: permission denied",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/ro/a"),
            "cannot write /ro/a: read-only file system",
        ),
    ],
)
def test_file_system_errors_are_one_line(capsys, error, message):
    with pytest.raises(SystemExit) as exit_:
        with guard("cbam-x"):
            raise error
    assert exit_.value.code == 2
    assert capsys.readouterr().err == f"cbam-x: error: {message}\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    line = one_line(cli(f"hydra.run.dir={ro / 'run'}", *SHORT, cwd=tmp_path))
    assert str(ro) in line


@pytest.mark.parametrize(
    "override, message",
    [
        ("run.output_file=", "run.output_file = '': expected a file name"),
        ("run.output_file=../x.nc", "run.output_file = '../x.nc': expected a file name"),
        ("run.output_file=/tmp/x.nc", "run.output_file = '/tmp/x.nc': expected a file name"),
        ("=0.5", "=0.5"),
    ],
)
def test_bad_command_lines_are_one_line(tmp_path, override, message):
    line = one_line(cli(f"hydra.run.dir={tmp_path / 'run'}", override, *SHORT, cwd=tmp_path))
    assert message in line
    assert not list(tmp_path.rglob("*.nc"))


def test_a_run_folder_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "afile").write_text("")
    line = one_line(cli(f"hydra.run.dir={tmp_path / 'afile'}", *SHORT, cwd=tmp_path))
    assert f"{tmp_path / 'afile'}" in line and "not a folder" in line


def test_a_scenario_file_not_in_utf8_is_named(tmp_path):
    folder = tmp_path / "my" / "scenario"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_bytes(
        "# @package _global_\nscenario:\n  name: caf\xe9\n".encode("latin-1")
    )
    proc = cli("--config-dir", str(tmp_path / "my"), "scenario=mine", *SHORT, cwd=tmp_path)
    line = one_line(proc)
    assert f"{folder / 'mine.yaml'}" in line and "UTF-8" in line


def test_iamc_into_a_folder_and_a_foreign_netcdf_are_named(tmp_path):
    foreign = tmp_path / "f.nc"
    xr.Dataset({"x": ("t", [1.0])}).to_netcdf(foreign, engine="h5netcdf")
    line = one_line(run_cmd("cbam-report", str(foreign), cwd=tmp_path), "cbam-report")
    assert f"{foreign}: not a cbam-sim results file" in line and "year" in line
    run = tmp_path / "run"
    assert cli(f"hydra.run.dir={run}", *SHORT, cwd=tmp_path).returncode == 0
    line = one_line(
        run_cmd("cbam-iamc", str(run / "results.nc"), "-o", str(tmp_path), cwd=tmp_path),
        "cbam-iamc",
    )
    assert f"--out {tmp_path}" in line


def test_ctrl_c_is_one_line_exit_130_and_leaves_nothing_partial(tmp_path):
    run = tmp_path / "run"
    big = ["ensemble=uncertain", "ensemble.n=400000", "ensemble.variables=[cbam_cost]"]
    proc = cbam_sim(f"hydra.run.dir={run}", *big, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (run / ".results.nc.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the run has started computing
    time.sleep(1)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=120)
    err = proc.stderr.read()
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "cbam-sim: interrupted" and "Traceback" not in err
    assert not list(run.glob("*.nc")) and not list(run.glob(".*.tmp"))


def test_piping_into_head_is_quiet(tmp_path):
    exe = str(Path(os.sys.executable).parent / "cbam-sim")
    proc = subprocess.run(
        f"'{exe}' hydra.run.dir='{tmp_path / 'run'}' run.end_year=2027 | head -1",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.stdout.startswith("CBAM cost of exports")
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_an_ensemble_too_large_for_memory_is_refused_before_the_run(monkeypatch, tmp_path):
    import sim.pipeline
    import sim.streaming
    from sim.errors import ConfigError
    from tests.conftest import compose_plain

    cfg = compose_plain(["ensemble=uncertain", "ensemble.n=1000", "run.end_year=2027"])
    monkeypatch.setattr(sim.streaming, "available_memory", lambda: 10**6)
    monkeypatch.setattr(sim.pipeline, "run_chunked", lambda *a, **k: pytest.fail("ran"))
    with pytest.raises(ConfigError, match=r"ensemble.n = '~0\.\d GB needed, 0.0 GB available'"):
        sim.pipeline.run_to_file(cfg, tmp_path)
    assert not list(tmp_path.iterdir())
