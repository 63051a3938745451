"""For notebooks and scripts: compose a config exactly as ``cbam-sim`` would and run it.

    from sim.api import run
    ds = run(["scenario=park_direct_line_2028", "run.end_year=2030"])

Nothing is written: the dataset is returned (with its provenance attributes), to be saved
with ``sim.io.results.write_atomic`` if wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xarray as xr


def compose(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The resolved config (plain dicts) for command-line style ``overrides``."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_module
    from omegaconf import OmegaConf

    from sim.config.store import register_configs

    register_configs()
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        cfg = hydra_compose(config_name="config", overrides=list(overrides))
    return OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)


def run(overrides: Sequence[str] = ()) -> xr.Dataset:
    """Simulate the config given by ``overrides``; returns the results dataset."""
    from sim.pipeline import simulate

    return simulate(compose(overrides), {"overrides": repr(list(overrides))})
