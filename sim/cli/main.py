"""The Hydra commands: ``cbam-sim`` (one run, or one job of a sweep) and ``cbam-sobol``.

Thin: compose the config, run, print. Both live in this module because Hydra names the job
after the module of its task function (``hydra.job.name: main``). Hydra's job logging is off
(``hydra/job_logging: none``: no empty ``main.log``); a failed run removes the folder it
made (:mod:`sim.cli.run_folder`). Errors go through :mod:`sim.cli.guard`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sim import checks
from sim.cli.argv import check_command_line
from sim.cli.guard import (
    entry_point,
    failure_message,
    guard,
    report_warnings,
    run_hydra,
)
from sim.cli.kept_config import compositions_kept, schemas_registered
from sim.cli.startup import composed_once, fast_help, quick_copies
from sim.config.yaml_parser import c_dumper, c_parser

# the run folder named on the command line and its parents that did not exist when the
# command started: a failed run removes them again if they are empty (issue 16, item 17)
ABSENT_BEFORE: set[Path] = set()

if TYPE_CHECKING:  # the heavy imports are made where they are used (issue 14: start-up)
    import xarray as xr
    from omegaconf import DictConfig


def _hydra_task(task: Callable[[DictConfig], None]) -> Callable[[], None]:
    """``task`` as a Hydra entry point on the shipped configs (the schemas registered)."""
    import hydra

    schemas_registered()
    return hydra.main(version_base="1.3", config_path="pkg://sim.configs", config_name="config")(
        task
    )


def _main(cfg: DictConfig) -> None:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    overrides = list(hc.overrides.task)
    if hc.mode == RunMode.MULTIRUN:
        from sim.experiments.grid import not_with_multirun
        from sim.io.sweeps import sweep_id

        with guard("cbam-sim"):
            not_with_multirun(cfg.sweep.over)
        _sweep_job(cfg, out, overrides, sweep_id(Path(hc.sweep.dir)))
        return
    with guard("cbam-sim"):
        try:
            ds, path, status = _run_or_grid(cfg, out, overrides)
        except BaseException:  # bad input, another config's results there, Ctrl-C
            _undo_failed_run(out, hc.output_subdir, overrides)
            _restore_record(out / str(cfg.run.output_file), hc.output_subdir)
            raise
        if hc.output_subdir is not None:
            from omegaconf import OmegaConf

            from sim.io.files import write_run_record

            write_run_record(out / hc.output_subdir, OmegaConf.to_yaml(cfg), overrides)
    _print_run(cfg, ds, path, status)


def _undo_failed_run(out: Path, subdir: str | None, overrides: list[str]) -> None:
    """Remove the folders and bookkeeping a failed run made (:mod:`sim.cli.run_folder`)."""
    from sim.cli.run_folder import DEFAULT_RUN_ROOT, RUN_DIR_KEY, remove_failed_run

    named = any(o.startswith(RUN_DIR_KEY) for o in sys.argv[1:])
    fresh = not named and out.resolve().parent == DEFAULT_RUN_ROOT.resolve()
    remove_failed_run(out, subdir, ABSENT_BEFORE, fresh)


def _restore_record(path: Path, subdir: str | None) -> None:
    """Make Hydra's record in the folder say what produced the results already there."""
    from sim.io.files import write_run_record
    from sim.io.results import open_results

    if subdir is None or not path.exists():  # a results file or Zarr store
        return  # a run still running rewrites the record when it ends
    try:
        ds = open_results(path)
        overrides = json.loads(ds.attrs.get("overrides", "[]"))
    except Exception:  # unreadable: a rerun redoes it
        return
    write_run_record(path.parent / subdir, str(ds.attrs.get("config", "")), overrides)


def main() -> None:
    """Console script ``cbam-sim``."""
    entry_point("cbam-sim", lambda: _hydra_command("cbam-sim", _main))


def _hydra_command(prog: str, task: Callable[[DictConfig], None]) -> None:
    """A Hydra command: its help at once, the command line checked, then composed and run."""
    text = fast_help(sys.argv[1:], prog)
    if text is not None:
        print(text)
        return
    check_command_line(prog, sys.argv[1:])
    from sim.cli.run_folder import folders_absent_before

    ABSENT_BEFORE.update(folders_absent_before(sys.argv[1:]))
    with composed_once(sys.argv[1:]), compositions_kept(), quick_copies():
        with c_parser(), c_dumper():
            run_hydra(prog, _hydra_task(task))


def _run_or_grid(cfg: DictConfig, out: Path, overrides: list[str]) -> tuple[xr.Dataset, Path, str]:
    """One run, or with ``sweep.over`` the grid in this process (status "grid")."""
    if cfg.sweep.over is None:
        return _run(cfg, out, overrides)
    from sim.cli.sweep_over import run_grid

    with report_warnings("cbam-sim"):
        ds, path = run_grid(cfg, out, overrides)
    return ds, path, "grid"


def _run(cfg: DictConfig, out: Path, overrides: list[str]) -> tuple[xr.Dataset, Path, str]:
    """Resolve the config and run it into ``out``: the dataset, the results file and the
    status ("done" or "skipped": the same config was already run there)."""
    from omegaconf import OmegaConf

    from sim.config.containers import resolved
    from sim.pipeline import run_to_file

    unresolved = OmegaConf.to_container(cfg, resolve=False)
    checks.no_environment(unresolved)
    plain = resolved(unresolved, cfg)  # type: ignore[arg-type]
    with report_warnings("cbam-sim"):
        return run_to_file(plain, out, {"overrides": json.dumps(overrides)})


def _sweep_job(cfg: DictConfig, out: Path, overrides: list[str], sweep: str | None) -> None:
    """One job of a multirun: its status is recorded with the sweep's id; a failed job does
    not stop the others (the manifest callback fails the sweep once every job has run)."""
    from sim.io.sweeps import write_status

    try:
        ds, path, status = _run(cfg, out, overrides)
    except Exception as err:
        message = failure_message(err)
        write_status(out, overrides, "failed", error=message, sweep_id=sweep)
        print(f"cbam-sim: job failed: {message}", file=sys.stderr)
        return
    digest = ds.attrs.get("config_sha256")
    write_status(out, overrides, status, results=str(path), sweep_id=sweep, config_sha256=digest)
    _print_run(cfg, ds, path, status)


def _print_run(cfg: DictConfig, ds: xr.Dataset, path: Path, status: str) -> None:
    """The summary of a run (or only the path of its results, with ``run.quiet``)."""
    if status == "skipped":
        print(f"already done (same config): {path.resolve()}", file=sys.stderr)
    if cfg.run.quiet:
        print(path.resolve())
    elif status == "grid" or "lever" in ds.dims:  # a sweep, or a run of policies
        from sim.analysis.grid_summary import format_grid

        print(format_grid(ds, str(path.resolve())))
    else:
        from sim.analysis.summary import format_summary

        print(format_summary(ds, str(path.resolve())))


def _sobol(cfg: DictConfig) -> None:
    from sim.cli.sensitivity_run import run_sensitivity

    run_sensitivity(cfg)


def sobol_main() -> None:
    """Console script ``cbam-sobol``: Sobol indices over time for ``ensemble.uncertain``."""
    entry_point("cbam-sobol", lambda: _hydra_command("cbam-sobol", _sobol))


if __name__ == "__main__":
    main()
