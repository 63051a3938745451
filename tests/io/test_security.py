"""Security (issue 16, item 18): nothing written outside the run folder, no file content or
environment value echoed or stored, no spreadsheet formula in a CSV written."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.errors import ConfigError
from sim.inputs.files import read_weekly_prices
from sim.io.files import write_csv, write_table
from tests.conftest import cli


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(tmp_path):
    table = pd.DataFrame(
        {"label": ["=HYPERLINK(1)", "+1+1", "@SUM(A1)", "-2", "plain"], "x": [-1.5, 1, 2, 3, 4]},
        index=["=a", "b", "c", "d", "e"],
    )
    text = write_table(table, tmp_path / "t.csv").read_text()
    assert "'=HYPERLINK(1)" in text and "'+1+1" in text and "'@SUM(A1)" in text
    assert "'=a" in text
    assert ",-2," in text and "-1.5" in text  # numbers stay numbers
    rows = [{"id": "=cmd|' /C calc'!A0", "v": -3.0}]
    text = write_csv(rows, ["id", "v"], tmp_path / "e.csv").read_text()
    assert text.splitlines()[1] == "'=cmd|' /C calc'!A0,-3.0"


def test_a_weekly_price_file_that_is_not_one_echoes_nothing(tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(ConfigError) as err:
        read_weekly_prices(str(secret))
    assert "root" not in str(err.value).replace(str(tmp_path), "")
    assert "line 1" in str(err.value)


def test_environment_variables_in_a_user_scenario_are_refused(tmp_path, monkeypatch):
    folder = tmp_path / "my" / "scenario"
    folder.mkdir(parents=True)
    (folder / "leak.yaml").write_text(
        "# @package _global_\nscenario:\n  name: leak\n  question: ${oc.env:SECRET_TOKEN}\n"
    )
    monkeypatch.setenv("SECRET_TOKEN", "hunter2")
    proc = cli(
        "--config-dir",
        str(tmp_path / "my"),
        "scenario=leak",
        "run.end_year=2027",
        f"hydra.run.dir={tmp_path / 'run'}",
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "scenario.question" in proc.stderr and "environment" in proc.stderr
    assert "hunter2" not in proc.stderr + proc.stdout
    assert not list(tmp_path.rglob("*.nc"))
