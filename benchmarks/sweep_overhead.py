"""Sweeps: the cost of a job of a basic-launcher sweep, ``cbam-collect`` of its 8 jobs and
the same grid run in one process (``sweep.over``), as ratios to the import floor
``python -c "import hydra, xarray"`` measured in the same rounds (issue 14, target 2).

    python benchmarks/sweep_overhead.py [rounds]     # default 3 alternating rounds

Each round runs, one after the other: the floor; a 1-job and an 8-job sweep of tiny runs
(one year, ``ensemble.seed=0..7``) with Hydra's basic launcher; ``cbam-collect`` of the
8 jobs; and the same 8 seeds as ``sweep.over`` in one ``cbam-sim`` run. Printed: the
median wall time of each, the cost of an extra job ((8 jobs - 1 job) / 7; target
<= 0.3 s), and ``cbam-collect`` against the floor (target <= 2x).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TINY = ["run.end_year=2026", "run.quiet=true"]
SEEDS = ",".join(str(i) for i in range(8))


def wall(cmd: list[str]) -> float:
    """Seconds of wall time of one command (which must succeed)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.strip()[-500:]}")
    return time.perf_counter() - t0


def one_round(tmp: Path) -> dict[str, float]:
    """The wall times of one round (see the module)."""
    sim = str(BIN / "cbam-sim")
    one = [sim, "-m", *TINY, "ensemble.seed=0", f"hydra.sweep.dir={tmp}/1"]
    eight = [sim, "-m", *TINY, f"ensemble.seed={SEEDS}", f"hydra.sweep.dir={tmp}/8"]
    over = [sim, *TINY, f"sweep.over={{ensemble.seed: [{SEEDS}]}}", f"hydra.run.dir={tmp}/over"]
    return {
        "floor": wall([sys.executable, "-c", "import hydra, xarray"]),
        "sweep, 1 job": wall(one),
        "sweep, 8 jobs": wall(eight),
        "cbam-collect, 8 jobs": wall([str(BIN / "cbam-collect"), f"{tmp}/8"]),
        "sweep.over, 8 runs": wall(over),
    }


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            for name, t in one_round(Path(tmp)).items():
                times.setdefault(name, []).append(t)
    med = {k: statistics.median(v) for k, v in times.items()}
    floor = med["floor"]
    print(f"{'command':<28}{'median s':>10}{'x floor':>9}")
    for name, t in med.items():
        print(f"{name:<28}{t:>10.2f}{t / floor:>8.2f}x")
    per_job = (med["sweep, 8 jobs"] - med["sweep, 1 job"]) / 7
    print(f"basic launcher: {per_job:.2f} s per extra job (target <= 0.3 s)")
    print(f"cbam-collect of 8 jobs: {med['cbam-collect, 8 jobs'] / floor:.2f}x floor (<= 2x)")
    print(f"sweep.over: {med['sweep.over, 8 runs'] / floor:.2f}x floor for all 8 runs")
    print(f"({rounds} alternating rounds)")


if __name__ == "__main__":
    main()
