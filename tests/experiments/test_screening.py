"""Morris screening over time (issue 15, item 2): the statistics and their invariants on
the model, the ranking it gives against Sobol's, bad keys named, and the command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.errors import ConfigError
from sim.experiments.screening import morris_over_time, morris_runs
from sim.experiments.sensitivity import OUTPUTS
from tests.conftest import compose_plain


@pytest.fixture(scope="module")
def screened():
    cfg = compose_plain(["ensemble=uncertain", "run.end_year=2030"])
    cfg["sensitivity"]["morris_trajectories"] = 10
    return morris_over_time(cfg, seed=3)


def test_morris_statistics_over_time(screened):
    ds = screened
    assert ds.mu_star.dims == ("output", "year", "parameter")
    assert list(ds.output.values) == list(OUTPUTS) and ds.sizes["parameter"] == 9
    assert ds.attrs["model_evaluations"] == 10 * 10 and ds.attrs["levels"] == 4
    # mu* is the mean of |effects|: at least |mu|, and inside its interval
    assert (ds.mu_star >= np.abs(ds.mu) - 1e-9 * np.abs(ds.mu).max()).all()
    assert (ds.mu_star_low <= ds.mu_star + 1e-9).all() and (
        ds.mu_star <= ds.mu_star_high + 1e-9
    ).all()
    assert (ds.sigma >= 0).all()
    # the 2026 cost is set by published prices: the EU price level has no effect on it
    cost = ds.mu_star.sel(output="cbam_cost")
    assert float(cost.sel(year=2026, parameter="eua_level")) == pytest.approx(0.0, abs=1.0)
    # by 2030 the EU price level moves the cost most (as Sobol's total order says)
    top = cost.sel(year=2030).to_series().sort_values(ascending=False)
    assert top.index[0] == "eua_level" and top.iloc[0] > 1e8


def test_morris_runs_are_trajectories_times_inputs_plus_one():
    cfg = compose_plain(["ensemble=uncertain"])
    assert morris_runs(cfg) == 20 * 10
    cfg["sensitivity"]["morris_trajectories"] = 4
    assert morris_runs(cfg) == 40


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [("morris_levels", 3, "even number"), ("morris_levels", 1, ">= 2"),
     ("morris_trajectories", 1, ">= 2"), ("morris_trajectories", 2.5, "whole number")],
)  # fmt: skip
def test_bad_morris_settings_name_the_key(key, value, match):
    cfg = compose_plain(["ensemble=uncertain", "run.end_year=2027"])
    cfg["sensitivity"][key] = value
    with pytest.raises(ConfigError, match=rf"sensitivity\.{key}.*{match}"):
        morris_over_time(cfg)


def test_the_command_screens_with_morris(tmp_path):
    exe = str(Path(sys.executable).parent / "cbam-sobol")
    args = ["ensemble=uncertain", "sensitivity.method=morris", "sensitivity.morris_trajectories=4",
            "run.end_year=2028", f"hydra.run.dir={tmp_path}"]  # fmt: skip
    proc = subprocess.run([exe, *args], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Morris screening of the 2028 CBAM cost (40 model runs" in proc.stdout
    assert (tmp_path / "morris.nc").is_file() and (tmp_path / "morris.png").stat().st_size > 10_000
    bad = subprocess.run([exe, *[a.replace("=morris", "=fast") for a in args]], capture_output=True,
                         text=True, cwd=tmp_path, timeout=300)  # fmt: skip
    assert bad.returncode == 2 and "sensitivity.method = 'fast'" in bad.stderr
