"""Results streamed to disk chunk by chunk (issue 14 target 5): the same bits as the run
held in memory, written whole or not at all, and a memory estimate set by the chunk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

import sim.dynamics.batch
import sim.pipeline
from sim.analysis import summary
from sim.dynamics.batch import chunk_draws
from sim.errors import NonFiniteResultError
from sim.io.results import clean_stale_tmp, open_lazy, open_results
from sim.pipeline import results_memory, run_plan, run_to_file
from tests.conftest import compose_plain

SMALL = ["ensemble=uncertain", "ensemble.n=250", "run.end_year=2028", "ensemble.chunk_size=64"]


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory):
    out = tmp_path_factory.mktemp("memory")
    _, path, _ = run_to_file(compose_plain([*SMALL, "ensemble.stream=false"]), out)
    return open_results(path)


def _same(a, b) -> None:
    """Every variable, coordinate and attribute equal, floats bit for bit (the config
    stored differs by the stream settings, the creation time by the clock, the commit
    when one was made between the two runs)."""
    assert set(a.variables) == set(b.variables)
    for name in a.variables:
        assert a[name].dims == b[name].dims and a[name].dtype == b[name].dtype, name
        assert np.array_equal(a[name].values, b[name].values), name
        assert a[name].attrs == b[name].attrs, name
    skip = {"config", "created", "git_commit"}
    assert {k: v for k, v in a.attrs.items() if k not in skip} == {
        k: v for k, v in b.attrs.items() if k not in skip
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_streamed_results_equal_the_results_held_in_memory(in_memory, tmp_path, workers):
    cfg = compose_plain([*SMALL, "ensemble.stream=true", f"ensemble.workers={workers}"])
    assert run_plan(cfg).n_chunks == 4
    ds, path, status = run_to_file(cfg, tmp_path)
    assert status == "done" and sorted(p.name for p in tmp_path.iterdir()) == ["results.nc"]
    _same(in_memory, open_results(path))
    _same(in_memory, ds)
    _, _, status = run_to_file(cfg, tmp_path)  # resume: the same config was run here
    assert status == "skipped"


def test_compressed_results_hold_the_same_numbers_in_a_smaller_file(in_memory, tmp_path):
    cfg = compose_plain([*SMALL, "ensemble.stream=true", "run.compression=1"])
    _, path, _ = run_to_file(cfg, tmp_path / "gzip")
    _same(in_memory, open_results(path))
    assert open_lazy(path)["cbam_cost"].encoding["zlib"]
    plain = compose_plain([*SMALL, "ensemble.stream=true"])
    _, unzipped, _ = run_to_file(plain, tmp_path / "plain")
    assert path.stat().st_size < unzipped.stat().st_size / 2


def test_a_nan_in_a_later_chunk_leaves_no_results_and_no_temporary_file(tmp_path, monkeypatch):
    real = sim.dynamics.batch.run_model

    def broken(inp, draws, keep=()):
        out = real(inp, draws, keep)
        if float(draws.certificate_price_eur[0, -1]) == third_chunk_price:
            out["cbam_cost"] = out["cbam_cost"].copy()
            out["cbam_cost"][5, 1, 2] = np.nan
        return out

    cfg = compose_plain([*SMALL, "ensemble.stream=true"])
    third_chunk_price = float(run_plan(cfg).draws.certificate_price_eur[128, -1])
    monkeypatch.setattr(sim.dynamics.batch, "run_model", broken)
    with pytest.raises(NonFiniteResultError, match=r"cbam_cost is NaN at draw=133, "):
        run_to_file(cfg, tmp_path)
    assert not list(tmp_path.iterdir())  # no results.nc, no temporary file, no lock


def test_a_killed_streamed_run_leaves_no_results_and_its_temporary_file_is_cleaned(tmp_path):
    out = tmp_path / "run"
    args = ["ensemble=prices_capex", "ensemble.n=6000", "ensemble.chunk_size=100"]
    args += ["ensemble.stream=true", "run.end_year=2029", "run.quiet=true", f"hydra.run.dir={out}"]
    env = {**os.environ, "HYDRA_FULL_ERROR": "0"}
    exe = str(Path(sys.executable).parent / "cbam-sim")
    proc = subprocess.Popen([exe, *args], cwd=tmp_path, env=env)
    deadline, caught = time.monotonic() + 240, False
    while time.monotonic() < deadline and proc.poll() is None:
        if list(out.glob(".results.nc.*.tmp")):
            time.sleep(0.5)  # some chunks in, far from the last of 60
            proc.send_signal(signal.SIGKILL)
            caught = True
            break
        time.sleep(0.01)
    proc.wait(timeout=60)
    assert caught and proc.returncode == -signal.SIGKILL
    assert not (out / "results.nc").exists()
    stale = list(out.glob(".results.nc.*.tmp"))
    assert stale and clean_stale_tmp(out / "results.nc") == stale  # as a re-run does first
    assert not list(out.glob(".results.nc.*.tmp"))  # (the lock file stays, unlocked)


def test_the_memory_estimate_of_a_streamed_run_is_per_chunk():
    def plan(n: int, stream: bool):
        cfg = compose_plain(["ensemble=uncertain", f"ensemble.n={n}", "run.end_year=2028"])
        cfg["ensemble"]["stream"] = stream
        return run_plan(cfg)

    small, large = plan(2048, True), plan(65536, True)
    assert large.stream and results_memory(large, True) == results_memory(small, True)
    held = results_memory(plan(65536, False))
    assert held == pytest.approx(32 * results_memory(plan(2048, False)), rel=0.01)
    assert results_memory(large, True) < results_memory(large) / 10
    assert plan(65536, None).stream and not plan(2048, None).stream  # auto: above 1 GiB


def test_chunks_are_sized_in_draw_entities():
    assert chunk_draws(1024, 32768, 23) == 1024  # the baseline: the configured draws
    assert chunk_draws(1024, 32768, 10_000) == 3  # a large population: fewer draws
    assert chunk_draws(1024, 32768, 100_000) == 1
    assert chunk_draws(1024, 0, 10_000) == 1024  # no limit


def test_the_summary_of_a_lazily_read_file_read_in_blocks_is_the_same(
    in_memory, tmp_path, monkeypatch
):
    cfg = compose_plain([*SMALL, "ensemble.stream=true"])
    _, path, _ = run_to_file(cfg, tmp_path)
    expected = summary.format_summary(in_memory)
    monkeypatch.setattr(summary, "BLOCK_BYTES", 1 << 20)  # a few draws per block
    with open_lazy(path) as lazy:
        assert summary.format_summary(lazy) == expected


class _Bar:
    """A stand-in for tqdm that records what a run shows."""

    shown: ClassVar[list[_Bar]] = []

    def __init__(self, total=None, desc="", **kwargs):
        self.total, self.n, self.stages, self.disable = total, 0, [desc], kwargs.get("disable")
        _Bar.shown.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def reset(self, total=None):
        self.total, self.n = total, 0

    def set_description(self, desc):
        self.stages.append(desc)

    def update(self, k=1):
        self.n += k


@pytest.mark.parametrize("stream", ["true", "false"])
def test_one_bar_shows_the_whole_run(tmp_path, monkeypatch, stream):
    monkeypatch.setattr(sim.pipeline, "progress_bar", _Bar)
    _Bar.shown = []
    run_to_file(compose_plain([*SMALL, f"ensemble.stream={stream}"]), tmp_path)
    (bar,) = _Bar.shown
    assert bar.disable is None  # shown on a terminal
    to_disk = " (to disk)" if stream == "true" else ""
    assert bar.stages == ["inputs and draws", f"draw chunks{to_disk}", "writing results.nc"]
    assert bar.n == bar.total == 4 + 1  # the chunks and the writing


def test_a_streamed_run_without_the_room_on_disk_is_refused_before_it_starts(tmp_path, monkeypatch):
    import shutil

    import sim.io.stream

    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(sim.io.stream.shutil, "disk_usage", lambda p: usage._replace(free=1000))
    monkeypatch.setattr(sim.dynamics.batch, "run_model", lambda *a: pytest.fail("ran"))
    with pytest.raises(OSError, match="No space left"):
        run_to_file(compose_plain([*SMALL, "ensemble.stream=true"]), tmp_path)
    assert not list(tmp_path.glob("*.nc")) and not list(tmp_path.glob(".*.tmp"))
