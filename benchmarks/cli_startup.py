"""Start-up of the command line, as ratios to the import floor measured in the same run.

    python benchmarks/cli_startup.py [pairs]     # default 7 alternating rounds

Each round runs, one after the other, the floor ``python -c "import hydra, xarray"``,
``cbam-sim --help`` and a default ``cbam-sim`` run (into a temporary folder, quiet), so
that a busy neighbour slows all three alike. Printed: the median wall time of each and
its ratio to the median floor (issue 14: the run at most 2x, ``--help`` at most 1.5x),
and the same for CPU time (user + system of the child), which a busy machine moves less.

The default run reads its composition back from the cache folder (``sim.cli.kept_config``)
after the first round, as a user's second run does; ``CBAM_SIM_CACHE=off python
benchmarks/cli_startup.py`` measures it composed afresh every time.

Where Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``, set on the
project's shared machines), the ``sim`` package of an editable install would be compiled
from source on every command (about 170 ms a run, measured alternately), while the floor's
packages come compiled from their wheels; a user's Python writes ``sim``'s bytecode on its
first run. So that both sides are measured alike, the script compiles ``sim`` first (into
its ``__pycache__`` folders, git-ignored) and says so.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = str(Path(sys.executable).parent / "cbam-sim")


def wall(cmd: list[str]) -> tuple[float, float]:
    """Seconds of wall time and of CPU time of one command (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rounds(n: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) of the floor, ``--help`` and a default run, alternating, ``n`` rounds."""
    times: dict[str, list[tuple[float, float]]] = {"floor": [], "--help": [], "default run": []}
    for _ in range(n):
        with tempfile.TemporaryDirectory() as tmp:
            times["floor"].append(wall([sys.executable, "-c", "import hydra, xarray"]))
            times["--help"].append(wall([CLI, "--help"]))
            times["default run"].append(wall([CLI, f"hydra.run.dir={tmp}", "run.quiet=true"]))
    return times


def compile_sim() -> None:
    """``sim``'s bytecode written, as a user's Python writes it on the first run, when this
    interpreter is told not to write bytecode itself."""
    if sys.flags.dont_write_bytecode:
        import compileall

        import sim

        compileall.compile_dir(Path(sim.__file__).parent, quiet=1)
        print("(PYTHONDONTWRITEBYTECODE is set: sim's bytecode compiled first)")


def main(n: int = 7) -> None:
    compile_sim()
    times = rounds(n)
    floor = statistics.median(w for w, _ in times["floor"])
    floor_cpu = statistics.median(c for _, c in times["floor"])
    print(f"{'command':<42} {'median s':>9} {'x floor':>8} {'CPU s':>6} {'x floor':>8}  target")
    targets = {"floor": "", "--help": "<= 1.5x", "default run": "<= 2x"}
    labels = {
        "floor": 'python -c "import hydra, xarray"',
        "--help": "cbam-sim --help",
        "default run": "cbam-sim (default run, quiet)",
    }
    for key, pairs in times.items():
        med = statistics.median(w for w, _ in pairs)
        cpu = statistics.median(c for _, c in pairs)
        print(
            f"{labels[key]:<42} {med:>9.2f} {med / floor:>7.2f}x {cpu:>6.2f} "
            f"{cpu / floor_cpu:>7.2f}x  {targets[key]}"
        )
    print(f"({n} alternating rounds)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
