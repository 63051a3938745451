"""For notebooks and scripts: compose a config exactly as ``cbam-sim`` would and run it.

    from sim.api import run
    ds = run(["scenario=park_direct_line_2028", "run.end_year=2030"])

Nothing is written: the dataset is returned (with its provenance attributes), to be saved
with ``sim.io.results.write_atomic`` if wanted.

Hydra composes the config of each distinct set of group choices (``scenario=...``,
``prices=high``, ``ensemble=...``) once per process; value overrides
(``policy.cscf=0.95``) are applied to that composition (:mod:`sim.config.composer`), so
that repeated runs with changed levers cost the model, not the composition
(``benchmarks/api_repeat.py``). :func:`clear_cache` forgets the composed configs (after
editing a config file in a running notebook).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import xarray as xr
    from omegaconf import DictConfig

    from sim.config.composer import Composer


def compose(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The resolved config (plain dicts) for command-line style ``overrides``; what the
    commands refuse in one line raises :class:`sim.errors.InputError` with that line."""
    return _shipped().checked(overrides)


def clear_cache() -> None:
    """Forget the configs composed so far (the next :func:`compose` reads the files)."""
    _shipped().clear()


@functools.lru_cache(maxsize=1)
def _shipped() -> Composer:
    """The composer of the shipped configs (:mod:`sim.config.composer`)."""
    from sim.config.composer import Composer

    return Composer(_hydra, _groups)


def _hydra(overrides: list[str]) -> DictConfig:
    """Hydra's composition of ``overrides`` on the shipped configs."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_module

    from sim.config.store import register_configs
    from sim.config.yaml_parser import c_parser

    register_configs()
    with c_parser(), initialize_config_module(config_module="sim.configs", version_base="1.3"):
        return hydra_compose(config_name="config", overrides=list(overrides))


def _groups() -> frozenset[str]:
    from sim.config.store import config_groups

    return frozenset(config_groups())


def run(overrides: Sequence[str] = ()) -> xr.Dataset:
    """Simulate the config given by ``overrides``; returns the results dataset."""
    import json

    from sim.clusters import in_this_process
    from sim.pipeline import simulate

    cfg = compose(overrides)
    in_this_process(cfg)  # a cluster writes a Zarr store (cbam-sim), not a dataset here
    return simulate(cfg, {"overrides": json.dumps(list(overrides))})
