"""Wall time of the default scenario: CLI end to end, and the model alone.

python benchmarks/run_default.py [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hydra import compose, initialize_config_module
from omegaconf import OmegaConf

from sim.config import register_configs
from sim.inputs import build_inputs
from sim.model import compute_obligation


def main(repeats: int = 5) -> None:
    cli = Path(sys.executable).parent / "cbam-sim"
    walls = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [str(cli), f"hydra.run.dir={tmp}", "run.quiet=true"],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - t0)
    register_configs()
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        cfg = OmegaConf.to_container(compose(config_name="config"), resolve=True)
    t0 = time.perf_counter()
    n = 200
    for _ in range(n):
        compute_obligation(build_inputs(cfg))
    model_ms = (time.perf_counter() - t0) / n * 1e3
    print(
        f"default run, CLI end to end: median {statistics.median(walls):.2f} s "
        f"(min {min(walls):.2f}, max {max(walls):.2f}, {repeats} runs)"
    )
    print(f"inputs + obligation only:    {model_ms:.2f} ms per run ({n} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
