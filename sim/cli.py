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


@hydra.main(version_base="1.3", config_path="pkg://sim.configs", config_name="config")
def _sobol(cfg: DictConfig) -> None:
    from sim.output import write_atomic
    from sim.plots import sobol_figure
    from sim.sensitivity import sobol_over_time

    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        plain = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
        ds = sobol_over_time(plain, int(cfg.sensitivity.n), int(cfg.sensitivity.seed))
        ds.attrs["config"] = OmegaConf.to_yaml(cfg)
        path = write_atomic(ds, out / "sobol.nc")
    except (ConfigError, FileExistsError) as err:
        print(f"cbam-sobol: error: {err}", file=sys.stderr)
        sys.exit(2)
    fig = sobol_figure(ds)
    for ext in ("png", "svg"):
        fig.savefig(out / f"sobol.{ext}", dpi=150)
    last = int(ds.year[-1])
    sel = {"output": "cbam_cost", "year": last}
    st = ds.total_order.sel(sel).to_series().sort_values(ascending=False)
    s1 = ds.first_order.sel(sel).to_series()
    runs = int(ds.attrs["model_evaluations"])
    print(f"Sobol indices of the {last} CBAM cost ({runs:,} model runs): total, first order")
    for name, value in st.items():
        print(f"  {name:<18} {value:6.3f} {s1[name]:6.3f}")
    print(f"Results: {path.resolve()} (figure: sobol.png, sobol.svg)")


def sobol_main() -> None:
    """Console script ``cbam-sobol``: Sobol indices over time for ``ensemble.uncertain``."""
    _sobol()


if __name__ == "__main__":
    main()
