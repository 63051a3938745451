"""Peak memory, wall time and file size of large ensembles written to ``results.nc``, and of
``cbam-sobol`` (issue 14 target 5, issue 16 item 10).

    python benchmarks/ensemble_memory.py draws 10000 50000 200000 [-- overrides]
    python benchmarks/ensemble_memory.py entities 10000 [--draws 1024] [-- overrides]
    python benchmarks/ensemble_memory.py sobol 4096 16384 32768 [-- overrides]
    python benchmarks/ensemble_memory.py levers 1024 [-- overrides]

Each case runs in its own process (``--child``), so that the peak resident memory printed
(``ru_maxrss`` of that process) is the run's own. ``draws``: ``ensemble=uncertain`` on the
baseline population with every variable kept, through ``run_to_file`` (inputs, model,
dataset, NaN check, atomic write). ``entities``: a synthetic population of N entities
(:mod:`sim.experiments.synthetic`), ``--draws`` draws of ``ensemble=uncertain``, every
variable (with fewer than the configured units, the importer groups keep only the units
present: ``entities 10 --draws 1000000`` is the issue's 1e6 draws x 10 entities).
``sobol``: ``sobol_over_time`` at base sample n on ``ensemble=uncertain``.
``levers``: ``ensemble=levers_uncertain``, its eight policies on N draws each (issue 15).
Overrides after ``--`` go to every case (``ensemble.stream=false``, ``ensemble.float32=true``,
``run.compression=1``, ...).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def child(kind: str, size: int, draws: int, overrides: list[str]) -> dict:
    """One case in this process: wall seconds, peak MiB and the file's MB."""
    from sim.api import compose

    with tempfile.TemporaryDirectory() as tmp:
        if kind == "sobol":
            from sim.experiments.sensitivity import sobol_over_time

            cfg = compose(["ensemble=uncertain", *overrides])
            t0 = time.perf_counter()
            ds = sobol_over_time(cfg, size, 0)
            wall, mb = time.perf_counter() - t0, 0.0
            check = float(ds.total_order.sel(output="cbam_cost").isel(year=-1).max())
        else:
            from sim.pipeline import run_to_file

            n = draws if kind == "entities" else size
            group = "levers_uncertain" if kind == "levers" else "uncertain"
            cfg = compose([f"ensemble={group}", f"ensemble.n={n}", *overrides])
            if kind == "entities":
                from sim.experiments.synthetic import COLUMNS, importers_of, synthetic_entities
                from sim.io.files import write_csv

                path = Path(tmp) / "entities.csv"
                rows = synthetic_entities(cfg, size)
                write_csv(rows, COLUMNS, path)
                cfg["population"]["entities_file"] = str(path)
                importers_of(cfg, rows)
            t0 = time.perf_counter()
            ds, out, _ = run_to_file(cfg, Path(tmp) / "run")
            wall, mb = time.perf_counter() - t0, out.stat().st_size / 1e6
            check = float(ds["cbam_cost"].isel(year=-1).sum("entity").mean())  # (and policies)
            ds.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": wall, "peak_mib": peak, "file_mb": mb, "check": check}


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        kind, size, draws = args[1], int(args[2]), int(args[3])
        print(json.dumps(child(kind, size, draws, args[4:])))
        return
    overrides = args[args.index("--") + 1 :] if "--" in args else []
    args = args[: args.index("--")] if "--" in args else args
    kind, draws = args[0], 1024
    if "--draws" in args:
        draws = int(args[args.index("--draws") + 1])
        args = args[: args.index("--draws")] + args[args.index("--draws") + 2 :]
    print(f"{kind}: {' '.join(overrides) or 'defaults'}")
    print(f"{'size':>10} {'seconds':>9} {'peak MiB':>9} {'file MB':>9} {'check':>14}")
    for size in (int(a) for a in args[1:]):
        cmd = [sys.executable, __file__, "--child", kind, str(size), str(draws), *overrides]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode:
            print(f"{size:>10,} failed: {res.stderr.strip().splitlines()[-1]}")
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(
            f"{size:>10,} {r['seconds']:>9.1f} {r['peak_mib']:>9,.0f} {r['file_mb']:>9,.1f} "
            f"{r['check']:>14.6g}"
        )


if __name__ == "__main__":
    main()
