"""Overrides that used to be ignored or coerced silently (issue 16, item 11)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from sim.errors import ConfigError
from sim.inputs.files import read_entities_file
from sim.pipeline import config_digest
from tests.conftest import cli, compose_plain

SHORT = ["run.end_year=2027", "run.quiet=true"]


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cbam-sim: error: "), proc.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args, message",
    [
        (["policy.cbam_factor={}"], "policy.cbam_factor={}: an empty mapping changes nothing"),
        (["policy.sectors={}"], "policy.sectors={}: an empty mapping"),
        (["population.entities={}"], "population.entities={}: an empty mapping"),
        (["technology.options={}"], "technology.options={}: an empty mapping"),
        (["population.importers={}"], "population.importers={}: an empty mapping"),
        (["prices=high", "prices=low"], "prices: given twice (prices=high, prices=low)"),
        (["policy.cbam_enabled=2"], "policy.cbam_enabled = '2': expected true or false"),
    ],
)
def test_overrides_that_would_be_ignored_or_coerced_are_refused(tmp_path, args, message):
    line = one_line(cli(f"hydra.run.dir={tmp_path / 'run'}", *args, *SHORT, cwd=tmp_path))
    assert message in line
    assert not (tmp_path / "run").exists() or not list((tmp_path / "run").glob("*.nc"))


def test_a_glob_matching_no_scenario_fails_the_sweep(tmp_path):
    proc = cli("-m", "scenario=glob(zzz*)", f"hydra.sweep.dir={tmp_path / 's'}", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cbam-sim: error: the sweep has no job" in proc.stderr
    assert "scenario=glob(zzz*)" in proc.stderr


def test_duplicate_ids_in_a_yaml_entities_file_are_refused(tmp_path):
    f = tmp_path / "e.yaml"
    f.write_text("a:\n  sector: cement\nb:\n  sector: cement\na:\n  sector: cement\n")
    with pytest.raises(ConfigError, match=r"e.yaml line 5 = 'a': given twice \(first on line 1\)"):
        read_entities_file(str(f))


def test_a_weekly_price_file_with_no_run_year_is_refused(base_cfg, tmp_path):
    from sim.inputs.gate import build_inputs

    f = tmp_path / "weekly.csv"
    start = dt.date(2040, 1, 2)
    rows = [f"{start + dt.timedelta(7 * i)},90.5" for i in range(52)]
    f.write_text("date,price_eur\n" + "\n".join(rows) + "\n")
    base_cfg["prices"]["weekly_price_file"] = str(f)
    with pytest.raises(ConfigError, match=r"prices.weekly_price_file = .*covers no run year"):
        build_inputs(base_cfg)


def test_the_number_of_workers_and_the_chunk_size_are_not_part_of_the_config():
    a = config_digest(compose_plain(["ensemble.workers=1", "ensemble.chunk_size=8"]))
    assert a == config_digest(compose_plain(["ensemble.workers=2"]))
    assert json.dumps(a)
    # nor how the results are chunked, streamed or compressed (the same numbers)
    same = ["ensemble.chunk_draw_entities=64", "ensemble.stream=true", "run.compression=4"]
    assert a == config_digest(compose_plain(same))
    assert a != config_digest(compose_plain(["ensemble.float32=true"]))


def test_changing_only_workers_resumes(tmp_path):
    run = tmp_path / "run"
    assert cli(f"hydra.run.dir={run}", "ensemble.workers=1", *SHORT, cwd=tmp_path).returncode == 0
    again = cli(f"hydra.run.dir={run}", "ensemble.workers=2", *SHORT, cwd=tmp_path)
    assert again.returncode == 0 and "already done (same config)" in again.stderr
    assert Path(run / "results.nc").exists()
