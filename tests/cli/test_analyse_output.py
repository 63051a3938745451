"""Where cbam-compare and cbam-iamc write, and with which permissions (issue 16, item 17):
by default into the current folder, which they say in one line; their files are as
readable as results.nc (the umask decides)."""

from __future__ import annotations

import os
import stat

import pytest

from tests.cli.test_analyse import SHORT, command
from tests.conftest import cli


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    for name, cscf in (("a", 1.0), ("b", 0.9)):
        proc = cli(f"hydra.run.dir={out / name}", f"policy.cscf={cscf}", *SHORT, cwd=out)
        assert proc.returncode == 0, proc.stderr
    return out / "a" / "results.nc", out / "b" / "results.nc"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_compare_says_it_wrote_into_the_current_folder(two_runs, tmp_path):
    proc = command("cbam-compare", *two_runs, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    where = tmp_path / "comparison"
    assert f"into {where} (the default --out: ./comparison)" in proc.stdout
    files = sorted(where.iterdir())
    assert files and {_mode(f) for f in files} == {_mode(two_runs[0])}


def test_iamc_says_it_wrote_into_the_current_folder(two_runs, tmp_path):
    proc = command("cbam-iamc", *two_runs, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "results_iamc.csv"
    assert f"into {path} (the default --out: ./results_iamc.csv)" in proc.stdout
    assert _mode(path) == _mode(two_runs[0])


def test_an_out_given_is_not_called_the_default(two_runs, tmp_path):
    proc = command("cbam-iamc", *two_runs, "-o", tmp_path / "x.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "default" not in proc.stdout
