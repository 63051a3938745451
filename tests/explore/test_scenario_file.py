"""Save scenario round trip: the file the explorer writes, run by ``cbam-sim --config-dir``,
gives the explorer's results bit for bit."""

from __future__ import annotations

import yaml

from sim.explore.app import save_scenario
from sim.explore.scenario_file import valid_name
from sim.io.results import open_results
from tests.conftest import cli
from tests.explore.test_session import assert_same_results

LEVERS = {
    "eu_price_2030": 150.0,
    "eu_price_slope": 7.0,
    "china_price_2030": 160.0,
    "cscf": 0.93,
    "park_c_plan_target": 2032,
    "park_b_line_from": 2029,
    "park_b_line_share": 0.7,
    "downstream": True,
}


def test_a_saved_scenario_reproduces_the_explorers_results_bit_for_bit(session, tmp_path):
    values = session.complete(LEVERS)
    path = save_scenario(session, values, "my_whatif", tmp_path / "cfg")
    assert path == tmp_path / "cfg" / "scenario" / "my_whatif.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# @package _global_\n")
    block = yaml.safe_load(text)["scenario"]
    assert block["name"] == "my_whatif" and block["status"] == "proposal"  # downstream
    run = cli(
        "--config-dir",
        str(tmp_path / "cfg"),
        "scenario=my_whatif",
        "run.quiet=true",
        f"hydra.run.dir={tmp_path / 'run'}",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    with open_results(tmp_path / "run" / "results.nc") as ds:
        assert_same_results(ds.load(), session.run(values).ds)


def test_a_scenario_at_the_baseline_changes_nothing(session):
    assert session.changes(session.defaults) == {}


def test_names_are_letters_digits_and_underscores():
    assert valid_name("park_c_2031")
    for bad in ("", None, "1abc", "a b", "../x", "a-b", "x" * 65):
        assert not valid_name(bad)
