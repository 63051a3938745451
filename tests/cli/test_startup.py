"""Start-up (issue 14): the fast ``--help`` says what Hydra's says, a run composes the
config once and imports no heavy module it does not use. No timing here: the figures are
printed by ``benchmarks/cli_startup.py``."""

from __future__ import annotations

import json
import subprocess
import sys

from hydra._internal.hydra import Hydra

from sim.cli.startup import composed_once, fast_help
from tests.conftest import cli


def test_help_is_printed_at_once(tmp_path):
    # with or without overrides: the same text (tests/cli/test_help.py), nothing composed
    fast = cli("--help", cwd=tmp_path)
    also = cli("--help", "run.quiet=true", cwd=tmp_path)
    assert fast.returncode == also.returncode == 0, fast.stderr + also.stderr
    assert fast.stdout == also.stdout
    assert "scenario: baseline, " in fast.stdout and "prices: central, high" in fast.stdout
    assert not (tmp_path / "outputs").exists()


def test_fast_help_only_when_asked():
    assert fast_help(["--help"]) is not None and fast_help(["-h"]) is not None
    assert fast_help([]) is None
    assert fast_help(["prices=high"]) is None
    assert fast_help(["--hydra-help"]) is None


def test_mode_is_read_from_the_config_only_when_an_override_names_it():
    original = Hydra.get_mode
    with composed_once(["prices=high"]):
        assert Hydra.get_mode is not original
    assert Hydra.get_mode is original
    with composed_once(["hydra.mode=MULTIRUN"]):
        assert Hydra.get_mode is original


RUN = """
import json, sys
from hydra._internal.config_loader_impl import ConfigLoaderImpl
calls = []
real = ConfigLoaderImpl.load_configuration
def counted(self, *a, **k):
    calls.append(1)
    return real(self, *a, **k)
ConfigLoaderImpl.load_configuration = counted
from sim.cli.main import main
sys.argv = ["cbam-sim", "hydra.run.dir={out}", "run.quiet=true", *{extra}]
main()
heavy = ["scipy.stats", "matplotlib", "dask.array", "h5py", "h5netcdf"]
print(json.dumps({{"composed": len(calls), "imported": [m for m in heavy if m in sys.modules]}}))
"""


def _run(tmp_path, *extra: str) -> dict:
    code = RUN.format(out=tmp_path / "run", extra=list(extra))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_default_run_composes_once_and_imports_nothing_heavy(tmp_path):
    assert _run(tmp_path) == {"composed": 1, "imported": []}


def test_an_ensemble_imports_scipy_stats_where_it_samples(tmp_path):
    got = _run(tmp_path, "ensemble=uncertain", "ensemble.n=8")
    assert got == {"composed": 1, "imported": ["scipy.stats"]}
