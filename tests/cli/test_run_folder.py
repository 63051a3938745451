"""What a run leaves in its folder (issue 16, items 17 and 20): a successful run no empty
``main.log`` (Hydra's job logging is off: the run's record is ``.hydra/`` and the results'
provenance); a failed run nothing at all, unless the folder was there before."""

from __future__ import annotations

import yaml

from tests.conftest import cli

SHORT = ["run.end_year=2027", "run.quiet=true"]
BAD = "policy.cscf=-1"  # rejected by the input gate, after Hydra made the run folder


def test_a_run_writes_no_empty_log(tmp_path):
    run = tmp_path / "run"
    proc = cli(f"hydra.run.dir={run}", *SHORT, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (run / "results.nc").is_file()
    assert not list(run.glob("*.log"))


def test_a_failed_run_leaves_nothing(tmp_path):
    proc = cli(BAD, *SHORT, cwd=tmp_path)
    assert proc.returncode == 2
    assert "policy.cscf" in proc.stderr
    assert not (tmp_path / "outputs").exists(), sorted(tmp_path.rglob("*"))


def test_a_failed_run_keeps_a_folder_that_was_there(tmp_path):
    run = tmp_path / "mine"
    run.mkdir()
    proc = cli(f"hydra.run.dir={run}", BAD, *SHORT, cwd=tmp_path)
    assert proc.returncode == 2
    assert run.is_dir()
    assert not (run / ".hydra").exists()  # the bookkeeping of the failed run is gone


def test_a_failed_run_keeps_the_files_of_an_earlier_run(tmp_path):
    run = tmp_path / "run"
    assert cli(f"hydra.run.dir={run}", *SHORT, cwd=tmp_path).returncode == 0
    proc = cli(f"hydra.run.dir={run}", BAD, *SHORT, cwd=tmp_path)
    assert proc.returncode == 2
    assert (run / "results.nc").is_file()
    record = yaml.safe_load((run / ".hydra" / "config.yaml").read_text())
    assert record["policy"]["cscf"] == 1.0  # the record says what made the results


def test_a_failed_sweep_job_keeps_its_status(tmp_path):
    proc = cli("-m", f"hydra.sweep.dir={tmp_path}/sweep", BAD, *SHORT, cwd=tmp_path)
    assert proc.returncode != 0
    assert list((tmp_path / "sweep").rglob("status.json"))  # a sweep records its failures
