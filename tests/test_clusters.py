"""``ensemble.cluster`` checked before anything runs (one line naming the key), the SLURM
job script dask-jobqueue builds from it, and a scheduler that does not answer."""

from __future__ import annotations

import copy
import functools
import socket

import pytest
import yaml

import sim.clusters
from sim.clusters import cluster_settings, dask_client, in_this_process, slurm_cluster
from sim.errors import ConfigError
from sim.pipeline import config_digest
from tests.conftest import compose_plain

ZARR = "run.output_file=results.zarr"


@functools.cache
def base() -> dict:
    """The config, composed once (the checks take plain dicts)."""
    return compose_plain(["ensemble=uncertain", ZARR])


def settings(*overrides: str):
    """cluster_settings of BASE with ``key=value`` overrides of ensemble.cluster (YAML
    values) or of run.output_file."""
    cfg = copy.deepcopy(base())
    for override in overrides:
        key, value = override.split("=", 1)
        *parents, name = key.split(".")
        node = cfg
        for part in parents:
            node = node[part]
        node[name] = yaml.safe_load(value)
    return cluster_settings(cfg)


def test_no_cluster_by_default_and_a_local_one_with_one_worker_per_core():
    assert settings() is None and settings("run.output_file=results.nc") is None
    local = settings("ensemble.cluster.kind=local", "ensemble.cluster.threads_per_worker=2")
    assert (local.kind, local.threads_per_worker, local.processes) == ("local", 2, True)
    assert local.n_workers >= 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["ensemble.cluster.kind=cloud"], r"^ensemble.cluster.kind = 'cloud': no such"),
        (
            ["ensemble.cluster.kind=local", "run.output_file=results.nc"],
            r"^run.output_file = 'results.nc': ensemble.cluster.kind=local writes a Zarr",
        ),
        (
            ["ensemble.cluster.kind=local", "ensemble.cluster.threads_per_worker=0"],
            r"^ensemble.cluster.threads_per_worker = 0: expected a whole number >= 1",
        ),
        (
            ["ensemble.cluster.kind=address", "ensemble.cluster.address=my laptop"],
            r"^ensemble.cluster.address = 'my laptop': expected a Dask scheduler's address",
        ),
        (
            ["ensemble.cluster.kind=slurm", "ensemble.cluster.slurm.walltime=2h"],
            r"^ensemble.cluster.slurm.walltime = '2h': expected SLURM's time",
        ),
        (
            ["ensemble.cluster.kind=slurm", "ensemble.cluster.slurm.memory=plenty"],
            r"^ensemble.cluster.slurm.memory = 'plenty': expected memory per job",
        ),
        (
            ["ensemble.cluster.kind=slurm", "ensemble.cluster.slurm.processes=3"],
            r"^ensemble.cluster.slurm.processes = 3: expected a whole number <= 1",
        ),
    ],
)
def test_bad_cluster_settings_are_one_line_naming_the_key(overrides, message):
    with pytest.raises(ConfigError, match=message):
        settings(*overrides)


def test_the_slurm_job_script_carries_the_configured_settings():
    slurm = settings(
        "ensemble.cluster.kind=slurm",
        "ensemble.cluster.slurm.queue=compute",
        "ensemble.cluster.slurm.account=proj42",
        "ensemble.cluster.slurm.walltime=1-06:00:00",
        "ensemble.cluster.slurm.cores=8",
        "ensemble.cluster.slurm.processes=2",
        "ensemble.cluster.slurm.memory=16GB",
        "ensemble.cluster.slurm.jobs=5",
        "ensemble.cluster.slurm.interface=lo",  # the scheduler on this machine's loopback
        "ensemble.cluster.slurm.job_extra_directives=['--constraint=skylake']",
        "ensemble.cluster.slurm.job_script_prologue=['source ~/cbam/.venv/bin/activate']",
    )
    assert slurm.jobs == 5
    cluster = slurm_cluster(slurm)  # no job submitted: job_script() needs no sbatch
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    lines = script.splitlines()
    for directive in ("-p compute", "-A proj42", "-t 1-06:00:00", "--cpus-per-task=8"):
        assert f"#SBATCH {directive}" in lines
    assert "#SBATCH --constraint=skylake" in lines and "#SBATCH --mem=15G" in lines
    assert "source ~/cbam/.venv/bin/activate" in lines
    assert "--nworkers 2" in lines[-1] and "--interface lo" in lines[-1]


def test_a_scheduler_that_does_not_answer_is_one_line(monkeypatch):
    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    spec = settings("ensemble.cluster.kind=address", f"ensemble.cluster.address={address}")
    monkeypatch.setattr(sim.clusters, "CONNECT_SECONDS", 1)
    with pytest.raises(ConfigError, match=r"^ensemble.cluster.address = .*no Dask scheduler"):
        with dask_client(spec):
            pytest.fail("connected")


def test_results_held_in_memory_refuse_a_cluster():
    cfg = copy.deepcopy(base())
    cfg["ensemble"]["cluster"]["kind"] = "local"
    with pytest.raises(ConfigError, match=r"^ensemble.cluster.kind = 'local': results held"):
        in_this_process(cfg)
    in_this_process(base())  # no cluster: fine


def test_where_the_chunks_run_is_not_part_of_the_config_digest():
    there = copy.deepcopy(base())
    there["ensemble"]["cluster"].update(kind="slurm", n_workers=9)
    there["ensemble"]["cluster"]["slurm"]["jobs"] = 9
    assert config_digest(base()) == config_digest(there)
    netcdf = copy.deepcopy(base())
    netcdf["run"]["output_file"] = "results.nc"
    assert config_digest(base()) != config_digest(netcdf)  # the file's name is part of it
