"""An ensemble on a Dask ``LocalCluster`` against the same ensemble streamed in one process
(issue 15, item 4): wall time, CPU time and the client's peak memory as ratios to the
single-process run measured in the same invocation, and whether the results are the same
bits.

    python benchmarks/dask_ensemble.py [N_DRAWS] [--workers W] [-- overrides]

Cases, each in its own process (``--child``) so that the peak resident memory printed
(``ru_maxrss``) is that run's client alone:

- ``netcdf``: ``ensemble=uncertain ensemble.n=N ensemble.stream=true``, the floor: the
  chunks on this process's threads (``ensemble.workers``), appended to ``results.nc``;
- ``zarr``: the same into ``results.zarr``, region by region, in this process;
- ``cluster``: the same on a ``LocalCluster`` of W worker processes of one thread,
  each chunk a task writing its region of ``results.zarr``.

Wall time includes starting and closing the cluster; CPU time is the client's and its
children's (the cluster's worker processes, reaped when it closes). Overrides after
``--`` go to every case (``ensemble.chunk_size=512``, ``run.end_year=2030``, ...).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CASES = {
    "netcdf": ["run.output_file=results.nc"],
    "zarr": ["run.output_file=results.zarr"],
    "cluster": ["run.output_file=results.zarr", "ensemble.cluster.kind=local"],
}


def _cpu() -> float:
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child(case: str, n: int, workers: int, overrides: list[str], keep: str) -> dict:
    """One case in this process: wall and CPU seconds, the client's peak MiB, the MB on
    disk, and the SHA-256 of the results' bytes (to compare the cases)."""
    import hashlib

    from sim.api import compose
    from sim.io.results import open_lazy
    from sim.pipeline import run_to_file

    args = ["ensemble=uncertain", f"ensemble.n={n}", "ensemble.stream=true", *CASES[case]]
    args += [f"ensemble.cluster.n_workers={workers}", *overrides]
    cfg = compose(args)
    out = Path(keep) / case
    cpu0, t0 = _cpu(), time.perf_counter()
    run_to_file(cfg, out)
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    digest = hashlib.sha256()
    path = out / CASES[case][0].split("=")[1]
    files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
    mb = sum(f.stat().st_size for f in files) / 1e6
    with open_lazy(path) as ds:  # variable by variable: never all in memory
        for name in sorted(ds.data_vars):
            digest.update(name.encode() + ds[name].values.tobytes())
    return {"wall": wall, "cpu": cpu, "peak_mib": peak, "mb": mb, "sha": digest.hexdigest()[:12]}


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        case, n, workers, keep = args[1], int(args[2]), int(args[3]), args[4]
        print(json.dumps(child(case, n, workers, args[5:], keep)))
        return
    overrides = args[args.index("--") + 1 :] if "--" in args else []
    args = args[: args.index("--")] if "--" in args else args
    workers = 2
    if "--workers" in args:
        workers = int(args[args.index("--workers") + 1])
        args = args[: args.index("--workers")] + args[args.index("--workers") + 2 :]
    n = int(args[0]) if args else 16384
    print(f"{n:,} draws of ensemble=uncertain, {workers} Dask workers; {' '.join(overrides)}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    rows = {}
    with tempfile.TemporaryDirectory() as keep:
        for case in CASES:
            cmd = [sys.executable, __file__, "--child", case, str(n), str(workers), keep]
            res = subprocess.run([*cmd, *overrides], capture_output=True, text=True)
            if res.returncode:
                print(f"{case}: failed: {res.stderr.strip().splitlines()[-1]}")
                return
            rows[case] = json.loads(res.stdout.strip().splitlines()[-1])
    floor = rows["netcdf"]
    head = f"{'case':>8} {'wall s':>8} {'x':>6} {'CPU s':>8} {'x':>6} {'peak MiB':>9} {'x':>6}"
    print(f"{head} {'disk MB':>8} bits")
    for case, r in rows.items():
        print(
            f"{case:>8} {r['wall']:>8.1f} {r['wall'] / floor['wall']:>6.2f} {r['cpu']:>8.1f} "
            f"{r['cpu'] / floor['cpu']:>6.2f} {r['peak_mib']:>9,.0f} "
            f"{r['peak_mib'] / floor['peak_mib']:>6.2f} {r['mb']:>8,.0f} "
            f"{'same' if r['sha'] == floor['sha'] else 'DIFFERENT'}"
        )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()
