"""Repeated in-process ``sim.api.run`` with a changed lever each call (issue 14: <= 50 ms).

    python benchmarks/api_repeat.py [calls]      # default 20

After one warm-up call (imports, the composition of the baseline), each call changes
``policy.cscf``. Printed: the median wall time of ``sim.api.compose`` and of
``sim.api.run``, and ``run`` as a ratio to the floor measured in the same run:
``sim.pipeline.simulate`` of an already composed config (inputs, model, dataset,
provenance; the composition excluded).
"""

from __future__ import annotations

import statistics
import sys
import time

from sim import api
from sim.pipeline import simulate


def median_ms(work, calls: int) -> float:
    """Median wall milliseconds of ``work(i)``."""
    times = []
    for i in range(calls):
        t0 = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main(calls: int = 20) -> None:
    api.run([])  # warm-up: imports and the composition of the baseline
    lever = [f"policy.cscf={0.90 + i / 1000:.3f}" for i in range(calls)]
    cfg = api.compose(lever[:1])
    floor = median_ms(lambda i: simulate(cfg), calls)
    composing = median_ms(lambda i: api.compose([lever[i]]), calls)
    running = median_ms(lambda i: api.run([lever[i]]), calls)
    print(f"floor: simulate of a composed config   {floor:6.1f} ms")
    print(f"sim.api.compose([policy.cscf=...])     {composing:6.1f} ms")
    print(f"sim.api.run([policy.cscf=...])         {running:6.1f} ms  {running / floor:.2f}x floor")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
