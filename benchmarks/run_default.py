"""Wall time of the default scenario and of a 1,000-draw ensemble.

    python benchmarks/run_default.py [repeats]

Prints the CLI end-to-end time (imports, config, model, netCDF write, summary) and the
model alone (inputs + simulation), with throughput in draw-entity-years per second.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hydra import compose, initialize_config_module
from omegaconf import OmegaConf

from sim.config.store import register_configs
from sim.dynamics.batch import run_model
from sim.pipeline import model_inputs


def cli_seconds(args: list[str], repeats: int) -> list[float]:
    cli = Path(sys.executable).parent / "cbam-sim"
    walls = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [str(cli), f"hydra.run.dir={tmp}", "run.quiet=true", *args],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - t0)
    return walls


def model_seconds(overrides: list[str], repeats: int) -> tuple[float, int]:
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        cfg = OmegaConf.to_container(
            compose(config_name="config", overrides=overrides), resolve=True
        )
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        inp, draws = model_inputs(cfg)
        run_model(inp, draws)
        times.append(time.perf_counter() - t0)
    return min(times), len(draws) * inp.population.ids.size * inp.years.size


def main(repeats: int = 5) -> None:
    register_configs()
    for label, args in (("default run", []), ("1,000-draw ensemble", ["ensemble=prices_capex"])):
        walls = cli_seconds(args, repeats)
        secs, cells = model_seconds(args, repeats)
        print(
            f"{label:<20} CLI end to end: median {statistics.median(walls):.2f} s "
            f"(min {min(walls):.2f}, max {max(walls):.2f}, {repeats} runs); "
            f"model alone: {secs * 1e3:.0f} ms, {cells / secs:,.0f} draw-entity-years/s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
