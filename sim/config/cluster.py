"""Where the chunks of an ensemble run: ``ensemble.cluster`` (checked and started by
:mod:`sim.clusters`, used by :mod:`sim.zarr_ensemble`).

How a run is carried out, not what it computes: the results are the same bit for bit on
any cluster, and the section is left out of the config digest (``sim.pipeline``). A
cluster writes a Zarr store (``run.output_file=results.zarr``), each chunk of draws a task
that writes its own region of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SlurmConfig:
    """``kind: slurm``: Dask workers in SLURM jobs submitted by dask-jobqueue's
    ``SLURMCluster``; each key goes to the job script (``#SBATCH`` lines) as named."""

    queue: str = ""  # partition (-p); empty: the site's default
    account: str = ""  # account charged (-A); empty: the user's default
    cores: int = 1  # cores per job (--cpus-per-task)
    memory: str = "4GB"  # memory per job (--mem), e.g. 16GB
    walltime: str = "01:00:00"  # per job (-t), [D-]HH:MM:SS
    jobs: int = 1  # jobs submitted at once
    processes: int = 1  # Dask worker processes per job (the cores shared among them)
    job_extra_directives: list[str] = field(default_factory=list)  # more #SBATCH options
    # shell lines run before the worker starts: `module load ...`, `source .venv/bin/activate`
    job_script_prologue: list[str] = field(default_factory=list)
    interface: str = ""  # network interface of the workers (e.g. ib0); empty: the default
    local_directory: str = ""  # the workers' scratch folder; empty: dask-jobqueue's default
    log_directory: str = ""  # the jobs' output files; empty: the folder sbatch runs in


@dataclass
class ClusterConfig:
    """``ensemble.cluster``: ``none`` (this process, its ``ensemble.workers`` threads),
    ``local`` (a Dask ``LocalCluster`` on this machine), ``address`` (a running Dask
    scheduler) or ``slurm`` (workers in SLURM jobs)."""

    kind: str = "none"
    n_workers: int = 0  # local: worker processes; 0: one per core
    threads_per_worker: int = 1  # local: threads of each worker (a chunk is one thread)
    processes: bool = True  # local: workers in their own processes (false: threads here)
    address: str = ""  # address: the scheduler, e.g. tcp://10.0.0.5:8786
    slurm: SlurmConfig = field(default_factory=SlurmConfig)
