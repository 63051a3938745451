"""Ensemble throughput and memory, the one-draw-at-a-time loop, and multirun overhead.

    python benchmarks/ensemble_scaling.py            # 1e3, 1e4, 1e5 draws + loop + multirun
    python benchmarks/ensemble_scaling.py --million  # also 1e6 draws, chunked

Each size runs in its own process so that the peak memory printed is that run's own.
The ensemble is `ensemble=uncertain` (nine sampled inputs) on the baseline population,
keeping the output-contract variables plus direct intensity and abatement capex
(`ensemble.variables`), chunks of 1,024 draws on two threads (`ensemble.workers`).
Figures: draw-entity-years per second (draws x 10 entities x 9 years / wall time of
inputs + model) and peak resident memory.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEEP = [
    "cbam_cost",
    "certificates",
    "embedded_emissions",
    "free_allocation_adjustment",
    "carbon_price_deduction",
    "export_volume",
    "exempt_volume",
    "specific_embedded_emissions",
    "cbam_benchmark",
    "direct_intensity",
    "abatement_capex",
    "certificate_price",
]


def _compose(overrides: list[str]) -> dict:
    from hydra import compose, initialize_config_module
    from omegaconf import OmegaConf

    from sim.config.store import register_configs

    register_configs()
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        return OmegaConf.to_container(
            compose(config_name="config", overrides=overrides), resolve=True
        )


def one_size(n: int, chunk: int, keep: list[str], dtype: str, workers: int = 2) -> dict:
    """Run in a child process: time and peak memory of one ensemble size."""
    from sim.dynamics.batch import run_chunked
    from sim.pipeline import model_inputs

    cfg = _compose(["ensemble=uncertain", f"ensemble.n={n}"])
    t0 = time.perf_counter()
    inp, draws = model_inputs(cfg)
    out = run_chunked(inp, draws, chunk, keep, dtype=dtype, workers=workers)
    secs = time.perf_counter() - t0
    cells = n * inp.population.ids.size * inp.years.size
    return {
        "n": n,
        "seconds": secs,
        "rate": cells / secs,
        "mean_cost": float(out["cbam_cost"].sum(axis=(1, 2)).mean()),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def loop_rate(n: int = 200) -> float:
    """The same model evaluated one draw at a time in a Python loop (draw-entity-years/s)."""

    from sim.dynamics.batch import run_model
    from sim.pipeline import model_inputs

    inp, draws = model_inputs(_compose(["ensemble=uncertain", f"ensemble.n={n}"]))
    t0 = time.perf_counter()
    for k in range(n):
        run_model(inp, draws.slice(k, k + 1))
    return n * inp.population.ids.size * inp.years.size / (time.perf_counter() - t0)


def multirun_overhead(jobs: int = 8) -> float:
    """Seconds per extra job of a basic-launcher sweep of tiny runs (one year each)."""
    cli = str(Path(sys.executable).parent / "cbam-sim")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [
                cli,
                "-m",
                "run.end_year=2026",
                "run.quiet=true",
                "ensemble.seed=0",
                f"hydra.sweep.dir={tmp}/one",
            ],
            check=True,
            capture_output=True,
        )
        one = time.perf_counter() - t0
        seeds = ",".join(str(i) for i in range(jobs))
        t0 = time.perf_counter()
        subprocess.run(
            [
                cli,
                "-m",
                "run.end_year=2026",
                "run.quiet=true",
                f"ensemble.seed={seeds}",
                f"hydra.sweep.dir={tmp}/many",
            ],
            check=True,
            capture_output=True,
        )
        many = time.perf_counter() - t0
    return (many - one) / (jobs - 1)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        n, chunk, dtype, keep = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
        print(json.dumps(one_size(n, chunk, keep.split(","), dtype)))
        return
    sizes = [(1_000, "float64", KEEP), (10_000, "float64", KEEP), (100_000, "float64", KEEP)]
    if "--million" in sys.argv:
        sizes.append((1_000_000, "float32", ["cbam_cost", "direct_intensity"]))
    print(f"{'draws':>10} {'seconds':>9} {'draw-entity-years/s':>21} {'peak MiB':>9}  kept")
    rates = {}
    for n, dtype, keep in sizes:
        res = subprocess.run(
            [sys.executable, __file__, "--child", str(n), "1024", dtype, ",".join(keep)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(res.stdout)
        rates[n] = r["rate"]
        print(
            f"{n:>10,} {r['seconds']:>9.2f} {r['rate']:>21,.0f} {r['peak_mib']:>9.0f}  "
            f"{len(keep)} variables, {dtype}"
        )
    loop = loop_rate()
    print(
        f"one draw at a time in a Python loop: {loop:,.0f} draw-entity-years/s; "
        f"vectorised 1e5 is {rates[100_000] / loop:,.0f}x faster"
    )
    print(f"multirun (basic launcher): {multirun_overhead():.2f} s per extra job")


if __name__ == "__main__":
    main()
