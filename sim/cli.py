"""Command-line entry points (thin: compose the config, run, print)."""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from sim.config import register_configs
from sim.errors import ConfigError
from sim.runner import run_to_file
from sim.summary import format_summary

register_configs()


@hydra.main(version_base="1.3", config_path="pkg://sim.configs", config_name="config")
def _main(cfg: DictConfig) -> None:
    hc = HydraConfig.get()
    try:
        plain = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
        overrides = " ".join(hc.overrides.task)
        ds, path = run_to_file(plain, Path(hc.runtime.output_dir), {"overrides": overrides})
    except (ConfigError, FileExistsError) as err:
        print(f"cbam-sim: error: {err}", file=sys.stderr)
        sys.exit(2)
    if cfg.run.quiet:
        print(path.resolve())
    else:
        print(format_summary(ds, str(path.resolve())))


def main() -> None:
    """Console script ``cbam-sim``."""
    _main()


if __name__ == "__main__":
    main()
