"""The body of ``cbam-sobol``: Sobol indices (``sensitivity.method=sobol``) or Morris
screening (``morris``) over time, written with a figure and printed as a table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import checks
from sim.cli.guard import guard, report_warnings

if TYPE_CHECKING:
    from omegaconf import DictConfig

METHODS = ("sobol", "morris")


def run_sensitivity(cfg: DictConfig) -> None:
    """Compose, run the chosen method into the run folder, draw and print it."""
    from hydra.core.hydra_config import HydraConfig
    from omegaconf import OmegaConf

    from sim.io.files import save_figure
    from sim.io.results import write_atomic
    from sim.plots.style import use_file_backend
    from sim.progress import progress_bar

    use_file_backend()
    out = Path(HydraConfig.get().runtime.output_dir)
    with guard("cbam-sobol"):
        plain = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
        from sim.clusters import in_this_process

        in_this_process(plain)  # its model runs are held in memory here
        method = checks.choice("sensitivity.method", cfg.sensitivity.method, METHODS, "method")
        runs, compute = _planned(plain, method)
        # disable=None: the bar shows only on a terminal; its unit is the model run
        with progress_bar(
            total=runs, desc="cbam-sobol: model runs", unit="run", disable=None
        ) as bar:
            with report_warnings("cbam-sobol"):
                ds = compute(bar.update)
            bar.set_description(f"cbam-sobol: writing {method}.nc")
            ds.attrs["config"] = OmegaConf.to_yaml(cfg)
            path = write_atomic(ds, out / f"{method}.nc")
    figure, table = _shown(method)
    save_figure(figure(ds), out / method, dpi=150)
    print(table(ds))
    print(f"Results: {path.resolve()} (figure: {method}.png, {method}.svg)")


def _planned(plain: dict[str, Any], method: str) -> tuple[int, Any]:
    """The model runs of ``method`` (its keys checked first) and the call that runs it."""
    from sim.experiments.levers import no_levers

    no_levers(plain, "Sobol and Morris")
    seed = int(plain["sensitivity"]["seed"])
    if method == "morris":
        from sim.experiments.screening import morris_over_time, morris_runs

        return morris_runs(plain), lambda tick: morris_over_time(plain, seed, on_chunk=tick)
    from sim.experiments.sensitivity import check_base_samples, model_runs, sobol_over_time

    n = check_base_samples(int(plain["sensitivity"]["n"]))
    return model_runs(plain, n), lambda tick: sobol_over_time(plain, n, seed, on_chunk=tick)


def _shown(method: str) -> tuple[Any, Any]:
    """The figure and the printed table of ``method``."""
    from sim.analysis.sensitivity_table import format_morris, format_sobol
    from sim.plots.sensitivity import morris_figure, sobol_figure

    return (morris_figure, format_morris) if method == "morris" else (sobol_figure, format_sobol)
