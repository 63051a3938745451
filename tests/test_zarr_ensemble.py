"""An ensemble on a Dask cluster (issue 15, item 4): one task per chunk of draws, each
writing its region of the Zarr store, equals the single-process run bit for bit; a failed
task or an interrupt leaves no results.zarr, closes the cluster, and the run folder is left
as any failed run leaves it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from distributed.deploy.spec import SpecCluster

import sim.dynamics.batch
import sim.io.zarr_store
from sim.errors import NonFiniteResultError
from sim.io.results import open_results
from sim.pipeline import run_plan, run_to_file
from tests.conftest import assert_same_results, cli, compose_plain

# five chunks, the last one short (300 = 4 x 64 + 44)
SMALL = ["ensemble=uncertain", "ensemble.n=300", "run.end_year=2028", "ensemble.chunk_size=64"]
ZARR = ["run.output_file=results.zarr", "run.quiet=true"]
LOCAL = ["ensemble.cluster.kind=local", "ensemble.cluster.n_workers=2"]
THREADS = [*LOCAL, "ensemble.cluster.processes=false"]  # workers here: patches reach them


@pytest.fixture(scope="module")
def single_process(tmp_path_factory):
    _, path, _ = run_to_file(compose_plain(SMALL), tmp_path_factory.mktemp("nc"))
    return open_results(path)


def _no_cluster_open() -> bool:
    return all(c.status.name == "closed" for c in list(SpecCluster._instances))


def test_a_local_cluster_run_equals_the_single_process_run(single_process, tmp_path):
    cfg = compose_plain([*SMALL, *ZARR, *LOCAL])  # worker processes: the work pickled
    assert run_plan(cfg).cluster.processes
    ds, path, status = run_to_file(cfg, tmp_path)
    assert status == "done" and sorted(p.name for p in tmp_path.iterdir()) == ["results.zarr"]
    assert_same_results(single_process, open_results(path))
    assert_same_results(single_process, ds)
    assert _no_cluster_open()
    # the digest is that of the same run in this process: where chunks ran is not in it
    _, _, status = run_to_file(compose_plain([*SMALL, *ZARR]), tmp_path)
    assert status == "skipped"


def test_cbam_sim_on_a_local_cluster_writes_the_single_process_results(single_process, tmp_path):
    run = tmp_path / "run"
    # workers as threads of the command (the test above runs worker processes)
    proc = cli(*SMALL, *ZARR, *THREADS, f"hydra.run.dir={run}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not proc.stderr  # no log line of the scheduler or its workers
    assert proc.stdout.strip() == str((run / "results.zarr").resolve())
    assert sorted(p.name for p in run.iterdir()) == [".hydra", "results.zarr"]
    assert_same_results(single_process, open_results(run / "results.zarr"))


def _nan_in_third_chunk(monkeypatch, cfg):
    real = sim.dynamics.batch.run_model
    third = float(run_plan(cfg).draws.certificate_price_eur[128, -1])

    def broken(inp, draws, keep=()):
        out = real(inp, draws, keep)
        if float(draws.certificate_price_eur[0, -1]) == third:
            out["cbam_cost"] = out["cbam_cost"].copy()
            out["cbam_cost"][5, 1, 2] = np.nan
        return out

    monkeypatch.setattr(sim.dynamics.batch, "run_model", broken)


def test_a_failed_task_leaves_no_store_and_closes_the_cluster(tmp_path, monkeypatch):
    cfg = compose_plain([*SMALL, *ZARR, *THREADS])
    _nan_in_third_chunk(monkeypatch, cfg)
    with pytest.raises(NonFiniteResultError, match=r"cbam_cost is NaN at draw=133, "):
        run_to_file(cfg, tmp_path)
    assert not list(tmp_path.iterdir())  # no results.zarr, no temporary store, no lock
    assert _no_cluster_open()


def test_an_interrupt_leaves_no_store_and_closes_the_cluster(tmp_path, monkeypatch):
    real = sim.io.zarr_store.ZarrResults.add

    def interrupted(self, n):
        real(self, n)
        if self.written > 64:  # Ctrl-C once the second task is in
            raise KeyboardInterrupt

    monkeypatch.setattr(sim.io.zarr_store.ZarrResults, "add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_to_file(compose_plain([*SMALL, *ZARR, *THREADS]), tmp_path)
    assert not list(tmp_path.iterdir())
    assert _no_cluster_open()


def test_a_failed_task_through_the_cli_is_one_line_and_leaves_no_run_folder(tmp_path):
    code = (
        "import sys, numpy as np, sim.dynamics.batch as b\n"
        "real = b.run_model\n"
        "def broken(inp, draws, keep=()):\n"
        "    out = real(inp, draws, keep)\n"
        "    if draws.certificate_price_eur.shape[0] == 44:  # the last chunk\n"
        "        out['cbam_cost'] = out['cbam_cost'].copy(); out['cbam_cost'][3, 0, 1] = np.nan\n"
        "    return out\n"
        "b.run_model = broken\n"
        "from sim.cli.main import main\n"
        f"sys.argv = ['cbam-sim', *{[*SMALL, *ZARR, *THREADS]!r}, 'hydra.run.dir=runs/one']\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 2, proc.stderr
    assert (
        proc.stderr.strip()
        .splitlines()[-1]
        .startswith("cbam-sim: error: results: cbam_cost is NaN at draw=259, ")
    )
    assert "Traceback" not in proc.stderr
    assert not list(tmp_path.iterdir())  # the run folder and its parents are gone
