"""The suite's forked commands (tests/forked.py) behave as fresh processes of them: the
same exit status, output, error line and results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import forked
from tests.conftest import assert_same_results

EXE = Path(sys.executable).parent


def _run(how, args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess[str]:
    cmd = [str(EXE / args[0]), *args[1:]]
    return how(cmd, cwd=cwd, capture_output=True, text=True, timeout=300, **kw)


def _both(args: list[str], cwd: Path, **kw) -> tuple:
    return _run(forked.routed, args, cwd, **kw), _run(forked.real_run, args, cwd, **kw)


def test_a_run_gives_what_a_fresh_process_gives(tmp_path):
    from sim.io.results import open_results

    procs = {}
    for name, how in (("forked", forked.routed), ("fresh", forked.real_run)):
        (tmp_path / name).mkdir()
        procs[name] = _run(how, ["cbam-sim", "run.end_year=2027", "hydra.run.dir=out"],
                           tmp_path / name)  # fmt: skip
    a, b = procs["forked"], procs["fresh"]
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    # the same summary, the results' path aside (each run in its own folder)
    assert a.stdout.replace("/forked/", "/x/") == b.stdout.replace("/fresh/", "/x/")
    assert a.stderr == b.stderr == "" and "CBAM cost of exports to the EU" in a.stdout
    ran = [open_results(tmp_path / n / "out" / "results.nc") for n in ("forked", "fresh")]
    assert_same_results(*ran)
    records = [(tmp_path / n / "out" / ".hydra" / "config.yaml").read_text() for n in procs]
    assert records[0] == records[1]


def test_errors_exit_codes_and_a_changed_environment_match(tmp_path):
    for args in (
        ["cbam-sim", "policy.cscf=abc", "hydra.run.dir=out"],  # bad input: one line, 2
        ["cbam-report", str(tmp_path / "missing.nc")],
        ["cbam-sim", "--help"],
    ):
        a, b = _both(args, tmp_path)
        assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr), args
    a, b = _both(["cbam-sim", "policy.cscf=abc"], tmp_path, env={"PATH": "/usr/bin"})
    assert (a.returncode, a.stderr) == (b.returncode, b.stderr)  # not forked: fresh both


def test_only_the_package_commands_with_captured_output_are_forked(tmp_path):
    script = [str(EXE / "cbam-sim"), "--help"]
    assert forked._forkable(script, {"capture_output": True, "text": True})
    assert not forked._forkable(script, {"capture_output": True, "text": True, "input": "x"})
    assert not forked._forkable([sys.executable, "-c", "pass"], {"capture_output": True})
    assert not forked._forkable(script, {"stdout": subprocess.PIPE})
    changed = {"capture_output": True, "text": True, "env": {"OMP_NUM_THREADS": "1"}}
    assert not forked._forkable(script, changed)  # read when numpy is imported


def test_a_command_past_its_timeout_is_killed(tmp_path, monkeypatch):
    with pytest.raises(subprocess.TimeoutExpired):
        forked.routed([str(EXE / "cbam-sim"), "ensemble=uncertain", "ensemble.n=4096",
                       "hydra.run.dir=out"], cwd=tmp_path, capture_output=True, text=True,
                      timeout=0.5)  # fmt: skip
    ok = forked.routed([str(EXE / "cbam-sim"), "--help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "cbam-sim" in ok.stdout  # the server still serves
