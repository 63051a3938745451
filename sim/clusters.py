"""Dask clusters for an ensemble (``ensemble.cluster``, :mod:`sim.config.cluster`): the
settings checked before anything runs (one line naming the key), the cluster started or
connected to, and closed when the run ends, failed or not.

``distributed`` (Dask's own scheduler) and ``dask-jobqueue`` (its SLURM cluster) are
imported here only, and only when a cluster is configured: the default run never imports
them (start-up time).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim import checks
from sim.errors import ConfigError

if TYPE_CHECKING:
    from distributed import Client
    from distributed.deploy import Cluster

KINDS = ("none", "local", "address", "slurm")
# SLURM's time formats (sbatch -t): M, M:S, H:M:S, D-H, D-H:M, D-H:M:S
WALLTIME = re.compile(r"^(\d+-\d{1,2}(:\d{2}){0,2}|\d+(:\d{2}){0,2})$")
# a Dask scheduler: [protocol://]host:port
ADDRESS = re.compile(r"^([a-z][a-z0-9+]*://)?[^\s/:]+:\d{1,5}$")
# [U] seconds a cluster is given to answer or to start its first worker: a scheduler
# on the same network answers in well under a second; 60 s covers a busy login node
CONNECT_SECONDS = 60
KEY = "ensemble.cluster"


@dataclass(frozen=True)
class ClusterSettings:
    """``ensemble.cluster``, checked: the kind, a local cluster's workers, the address of
    a running scheduler, or the keyword arguments of dask-jobqueue's ``SLURMCluster`` and
    the number of jobs."""

    kind: str
    n_workers: int = 1
    threads_per_worker: int = 1
    processes: bool = True
    address: str = ""
    slurm: dict[str, Any] = field(default_factory=dict)
    jobs: int = 1


def cluster_settings(cfg: Mapping[str, Any]) -> ClusterSettings | None:
    """The checked ``ensemble.cluster`` of a resolved config; None for ``kind: none`` (the
    run stays in this process). A cluster writes a Zarr store: ``run.output_file`` must
    end in ``.zarr``."""
    ens = cfg.get("ensemble") or {}
    raw = ens.get("cluster") or {}
    kind = checks.choice(f"{KEY}.kind", raw.get("kind", "none"), KINDS, "cluster kind")
    output = str((cfg.get("run") or {}).get("output_file", ""))
    if ens.get("levers") or ens.get("lever_design"):
        _no_policies(kind, output)
    if kind == "none":
        return None
    if not output.endswith(".zarr"):
        raise ConfigError(
            "run.output_file",
            output,
            f"{KEY}.kind={kind} writes a Zarr store: set run.output_file=results.zarr",
        )
    if kind == "local":
        workers = checks.integer(f"{KEY}.n_workers", raw.get("n_workers", 0), low=0)
        threads = checks.integer(
            f"{KEY}.threads_per_worker", raw.get("threads_per_worker", 1), low=1
        )
        processes = raw.get("processes", True)
        if not isinstance(processes, bool):
            raise ConfigError(f"{KEY}.processes", processes, "expected true or false")
        return ClusterSettings(kind, workers or (os.cpu_count() or 1), threads, processes)
    if kind == "address":
        address = str(raw.get("address") or "")
        if not ADDRESS.match(address):
            raise ConfigError(
                f"{KEY}.address",
                address,
                "expected a Dask scheduler's address, e.g. tcp://host:8786",
            )
        return ClusterSettings(kind, address=address)
    return _slurm_settings(raw.get("slurm") or {})


def _no_policies(kind: str, output: str) -> None:
    """A run of policies (``ensemble.levers``) runs in this process into netCDF."""
    if output.endswith(".zarr") or kind != "none":
        raise ConfigError(
            "run.output_file" if kind == "none" else f"{KEY}.kind",
            output if kind == "none" else kind,
            "a run of policies (ensemble.levers) runs in this process into netCDF "
            "(run.output_file=results.nc, ensemble.cluster.kind=none)",
        )


def in_this_process(cfg: Mapping[str, Any]) -> None:
    """Refuse a cluster where the results are held in memory in this process
    (``sim.api.run``, a ``sweep.over`` grid): a cluster writes a Zarr store."""
    kind = ((cfg.get("ensemble") or {}).get("cluster") or {}).get("kind", "none")
    if kind != "none":
        raise ConfigError(
            f"{KEY}.kind",
            kind,
            "results held in memory run in this process: run cbam-sim with "
            "run.output_file=results.zarr for a cluster, or set ensemble.cluster.kind=none",
        )


def _slurm_settings(raw: Mapping[str, Any]) -> ClusterSettings:
    """``kind: slurm``: the keyword arguments of ``SLURMCluster``, checked."""
    key = f"{KEY}.slurm"
    cores = checks.integer(f"{key}.cores", raw.get("cores", 1), low=1)
    processes = checks.integer(f"{key}.processes", raw.get("processes", 1), low=1, high=cores)
    jobs = checks.integer(f"{key}.jobs", raw.get("jobs", 1), low=1)
    walltime = str(raw.get("walltime", ""))
    if not WALLTIME.match(walltime):
        raise ConfigError(f"{key}.walltime", walltime, "expected SLURM's time, e.g. 02:00:00")
    memory = str(raw.get("memory", ""))
    from dask.utils import parse_bytes

    try:
        parse_bytes(memory)
    except (ValueError, TypeError):
        raise ConfigError(f"{key}.memory", memory, "expected memory per job, e.g. 16GB") from None
    kwargs: dict[str, Any] = {
        "cores": cores, "processes": processes, "memory": memory, "walltime": walltime,
    }  # fmt: skip
    for name in ("queue", "account", "interface", "local_directory", "log_directory"):
        if raw.get(name):
            kwargs[name] = str(raw[name])
    for name in ("job_extra_directives", "job_script_prologue"):
        lines = list(raw.get(name) or [])
        if not all(isinstance(line, str) for line in lines):
            raise ConfigError(f"{key}.{name}", lines, "expected a list of text lines")
        kwargs[name] = lines
    return ClusterSettings("slurm", slurm=kwargs, jobs=jobs)


def slurm_cluster(settings: ClusterSettings) -> Cluster:
    """dask-jobqueue's ``SLURMCluster`` of ``settings`` (its scheduler started here, no
    job submitted yet: ``.job_script()`` shows what ``sbatch`` would be given)."""
    from dask_jobqueue import SLURMCluster

    return SLURMCluster(**settings.slurm)


@contextmanager
def dask_client(settings: ClusterSettings) -> Iterator[Client]:
    """A Dask client on the cluster of ``settings``: a ``LocalCluster`` or a SLURM cluster
    started here (and closed on exit, its workers stopped and its jobs cancelled), or the
    running scheduler at ``address`` (disconnected on exit; its workers are not ours).
    A scheduler that does not answer is a :class:`ConfigError` naming the address."""
    from distributed import Client

    with _quiet("distributed", "dask_jobqueue"), _closing(settings) as cluster:
        client = _connect(Client, cluster or settings.address)
        with client:
            yield client


@contextmanager
def _closing(settings: ClusterSettings) -> Iterator[Any]:
    """The cluster of ``settings`` started here (None for a running scheduler), closed on
    exit: its workers stopped, its jobs cancelled."""
    from distributed import LocalCluster

    cluster: Any = None
    if settings.kind == "local":
        cluster = LocalCluster(
            n_workers=settings.n_workers,
            threads_per_worker=settings.threads_per_worker,
            processes=settings.processes,
            dashboard_address=None,  # no dashboard (bokeh not needed)
            # its HTTP server (health, metrics) on a free port: two runs on a machine,
            # or another Dask cluster, do not compete for the default 8787
            scheduler_kwargs={"dashboard_address": ":0"},
            # a failed task is raised here, in one line: not logged again by its worker
            silence_logs=logging.CRITICAL,
        )
    elif settings.kind == "slurm":
        cluster = slurm_cluster(settings)
        cluster.scale(jobs=settings.jobs)
    try:
        yield cluster
    finally:
        if cluster is not None:
            cluster.close()


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """The loggers ``names`` (and theirs below) silent while the cluster runs: a failed
    task is raised here as one line, and Hydra's handler would print every INFO line of
    the scheduler to standard output."""
    loggers = [logging.getLogger(n) for n in names]
    loggers += [
        logging.getLogger(n)
        for n in list(logging.root.manager.loggerDict)
        if n.split(".")[0] in names
    ]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _connect(client_type: type, target: Any) -> Client:
    """A client of ``target`` (a cluster or an address)."""
    if not isinstance(target, str):
        return client_type(target)
    try:
        return client_type(target, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise ConfigError(
            f"{KEY}.address", target, f"no Dask scheduler answered ({type(err).__name__})"
        ) from None
