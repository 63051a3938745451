"""Item 1 of issue 16: the content of every input file a config names is part of the
config digest and of the provenance, so an edited file is never mistaken for a finished run."""

from __future__ import annotations

import hashlib
import json

import pytest

from sim.experiments.synthetic import COLUMNS, synthetic_entities
from sim.io.files import write_csv
from sim.io.provenance import input_digests
from sim.pipeline import config_digest, run_to_file
from tests.conftest import compose_plain
from tests.inputs.test_bad_input import price, weekly_csv


def _entities(tmp_path, cfg, volume_scale: float = 1.0):
    rows = synthetic_entities(cfg, 40)  # the baseline entities first
    for row in rows:
        row["export_volume_t"] = float(row["export_volume_t"]) * volume_scale
    path = tmp_path / "entities.csv"
    write_csv(rows, COLUMNS, path)
    return path


def test_input_digests_hash_each_file(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("x\n1\n")
    b.write_text("x\n2\n")
    got = input_digests({"one": a, "two": b})
    assert got == {
        "one": {"path": str(a), "sha256": hashlib.sha256(b"x\n1\n").hexdigest()},
        "two": {"path": str(b), "sha256": hashlib.sha256(b"x\n2\n").hexdigest()},
    }
    # a plain list of paths is labelled by the paths themselves
    assert set(input_digests([a, b])) == {str(a), str(b)}


def test_edited_entities_file_is_not_taken_for_a_finished_run(tmp_path):
    cfg = compose_plain(["run.end_year=2027"])
    path = _entities(tmp_path, cfg)
    cfg["population"]["entities_file"] = str(path)
    ds, _, status = run_to_file(cfg, tmp_path / "run")
    assert status == "done"
    stored = json.loads(ds.attrs["input_files"])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert stored["population.entities_file"] == {"path": str(path), "sha256": sha}
    assert ds.attrs["config_sha256"] == config_digest(cfg)
    before = config_digest(cfg)
    _entities(tmp_path, cfg, volume_scale=2.0)  # same path, other numbers
    assert config_digest(cfg) != before
    changed = r"input file population.entities_file changed\); refusing"
    with pytest.raises(FileExistsError, match=changed):
        run_to_file(cfg, tmp_path / "run")
    # unchanged again: resumed as done
    _entities(tmp_path, cfg)
    assert run_to_file(cfg, tmp_path / "run")[2] == "skipped"


def test_edited_weekly_price_file_changes_the_digest(tmp_path):
    cfg = compose_plain(["run.end_year=2027"])
    f = tmp_path / "weekly.csv"
    f.write_text(weekly_csv())
    cfg["prices"]["weekly_price_file"] = str(f)
    before = config_digest(cfg)
    f.write_text(weekly_csv(price(0, "91.5")))
    assert config_digest(cfg) != before


def test_rerun_refuses_an_input_file_changed_since_the_run(tmp_path, capsys):
    from sim.cli.rerun import main as rerun_main

    cfg = compose_plain(["run.end_year=2027"])
    path = _entities(tmp_path, cfg)
    cfg["population"]["entities_file"] = str(path)
    out = run_to_file(cfg, tmp_path / "run")[1]
    rerun_main([str(out), "--out", str(tmp_path / "again")])  # unchanged: bit-identical
    _entities(tmp_path, cfg, volume_scale=2.0)
    with pytest.raises(SystemExit) as exit_:
        rerun_main([str(out), "--out", str(tmp_path / "third")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"cbam-rerun: error: population.entities_file = '{path}': changed since")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "third").exists()
