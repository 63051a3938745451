"""``cbam-sim sweep.over='{prices: [low, high], policy.cscf: [0.9, 1.0]}'``: a grid run in
this process (issue 14, target 2).

Each combination is composed as ``cbam-sim -m`` would compose its job, on the configs of
this command (``--config-dir`` included), but each distinct set of group choices once
and value overrides applied to that composition (:mod:`sim.config.composer`); each is
simulated in memory and all are written as one collected dataset
(``sweep.output_file``, by default ``collected.nc`` in the run folder): what ``cbam-sim -m``
and ``cbam-collect`` give, without a job folder, a Hydra job or a composition per run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import xarray as xr
    from omegaconf import DictConfig


def run_grid(cfg: DictConfig, out: Path, overrides: list[str]) -> tuple[xr.Dataset, Path]:
    """Run every combination of ``sweep.over`` and write the collected dataset."""
    from omegaconf import OmegaConf

    from sim.clusters import in_this_process
    from sim.config.composer import Composer
    from sim.experiments.collection import merge_runs
    from sim.experiments.grid import checked_grid, grid_runs
    from sim.io.dataset import check_finite
    from sim.io.sweeps import write_collected
    from sim.pipeline import check_memory, output_name, simulate

    in_this_process(cfg)  # the grid is held in memory in this process
    over = cfg.sweep.over
    over = OmegaConf.to_container(over, resolve=True) if OmegaConf.is_config(over) else over
    grid = checked_grid(over, overrides)
    target = out / output_name(cfg.sweep.output_file)
    if target.exists():
        raise FileExistsError(f"{target} exists; refusing to overwrite another sweep's results")
    runs = {str(i): job for i, job in enumerate(grid_runs(grid, overrides))}
    composer = Composer(_running_compose(str(cfg_name())), _running_groups)
    done: dict[str, Any] = {}
    for name, job in runs.items():
        done[name] = simulate(_composed(composer, job), {"overrides": json.dumps(job)})
        check_finite(done[name])  # nothing written from a run with NaN or infinity
        if len(done) == 1:  # the others are alike: all of them held, then merged (x2)
            check_memory(2 * len(runs) * done[name].nbytes)
    merged = merge_runs(done, runs)
    return merged, write_collected(merged, target)


def _composed(composer: Any, job: list[str]) -> dict[str, Any]:
    """The plain config of one combination; what the commands refuse, in one line naming
    the combination."""
    from sim.errors import InputError

    try:
        return composer.checked(job)
    except InputError as err:
        raise InputError(f"{err} (sweep.over run {' '.join(job)})") from None


def cfg_name() -> str:
    """The primary config's name of the running command."""
    from hydra.core.hydra_config import HydraConfig

    return str(HydraConfig.get().job.config_name)


def _running_compose(config_name: str) -> Any:
    """A full composition on the config search path of the running command."""

    def compose(overrides: list[str]) -> DictConfig:
        from hydra import compose as hydra_compose

        from sim.config.yaml_parser import c_parser

        with c_parser():
            return hydra_compose(config_name=config_name, overrides=overrides)

    return compose


def _running_groups() -> frozenset[str]:
    """Every config group (``hydra/...`` too) on the running command's search path."""
    from hydra.core.global_hydra import GlobalHydra

    loader = GlobalHydra.instance().config_loader()
    found: set[str] = set()
    todo = [""]
    while todo:
        parent = todo.pop()
        for group in loader.list_groups(parent):
            name = f"{parent}/{group}" if parent else group
            found.add(name)
            todo.append(name)
    return frozenset(found)
