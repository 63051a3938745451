"""Ensemble engine throughput per CPU-second, as a ratio to the reference kernel of
``../shared/bench/refkernel.py`` measured in the same run (issue 14: at least 1/12).

    python benchmarks/ensemble_engine.py [draws]      # default 20,000 draws
    python benchmarks/ensemble_engine.py --chunks     # the year step: fixed and per draw

Both are timed with ``time.process_time`` (user + system CPU of this process, so that a
busy neighbour does not count), median of 3: the simulator's ``ensemble=uncertain`` on the
baseline population and on a 60-entity synthetic population, one thread, chunks of
1,024 draws, every variable recorded (inputs and draws built outside the timing); the
kernel on its own 60 firms. "streamed": each chunk's results dropped once computed, as
the kernel does (a model streaming to disk); "joined": ``run_chunked`` holding every
draw's results in memory. Printed: draw-entity-years (the kernel's firm-years) per
CPU-second and the ratio to the kernel.

``--chunks``: the baseline streamed in chunks of 128 and of 1,024 draws (8,192 draws), and
the CPU time of a year step split, by the line through the two, into a fixed part and a
part per 1,024 draws: where the step's time goes (Python's overhead per numpy call, or
elementwise work on every draw-entity).
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

REF = Path(__file__).resolve().parents[2] / "shared" / "bench" / "refkernel.py"


def cpu_seconds(work, repeats: int = 3) -> float:
    """Median CPU seconds of ``work()``."""
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        work()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def reference_rate(n: int) -> float | None:
    """The reference kernel's firm-years per CPU-second (None when it is not there)."""
    if not REF.exists():
        return None
    spec = importlib.util.spec_from_file_location("refkernel", REF)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    return ref.throughput(n, repeats=3)


def engine_rates(n: int, entities: int | None) -> tuple[int, float, float]:
    """The number of entities and the draw-entity-years per CPU-second of the simulator's
    engine: streamed, joined."""
    from sim.api import compose
    from sim.dynamics import batch
    from sim.dynamics.batch import run_chunked, run_model
    from sim.experiments.synthetic import COLUMNS, synthetic_entities
    from sim.io.files import write_csv
    from sim.pipeline import model_inputs

    cfg = compose(["ensemble=uncertain", f"ensemble.n={n}"])
    with tempfile.TemporaryDirectory() as tmp:
        if entities:
            path = Path(tmp) / "entities.csv"
            write_csv(synthetic_entities(cfg, entities), COLUMNS, path)
            cfg["population"]["entities_file"] = str(path)
        inp, draws = model_inputs(cfg)
    getattr(batch, "tune_allocator", lambda: None)()  # as run_chunked does (not before it)

    def streamed() -> None:
        for a in range(0, n, 1024):
            run_model(inp, draws.slice(a, a + 1024))

    cells = n * inp.population.ids.size * inp.years.size
    joined = cpu_seconds(lambda: run_chunked(inp, draws, 1024, [], "float64", workers=1))
    return inp.population.ids.size, cells / cpu_seconds(streamed), cells / joined


def step_split(n: int = 8192, sizes: tuple[int, int] = (128, 1024)) -> None:
    """Print the streamed rate at two chunk sizes and the year step's fixed and per-draw
    CPU milliseconds (the line through the two)."""
    from sim.api import compose
    from sim.dynamics import batch
    from sim.dynamics.batch import run_model
    from sim.pipeline import model_inputs

    inp, draws = model_inputs(compose(["ensemble=uncertain", f"ensemble.n={n}"]))
    getattr(batch, "tune_allocator", lambda: None)()  # as run_chunked does
    steps_ms = []
    for size in sizes:
        spent = cpu_seconds(
            lambda s=size: [run_model(inp, draws.slice(a, a + s)) for a in range(0, n, s)]
        )
        cells = n * inp.population.ids.size * inp.years.size
        print(f"chunks of {size:>5,} draws: {cells / spent:>11,.0f} draw-entity-years/CPU-s")
        steps_ms.append(spent / (n / size * inp.years.size) * 1e3)
    per_draw = (steps_ms[1] - steps_ms[0]) / (sizes[1] - sizes[0])
    fixed = steps_ms[0] - per_draw * sizes[0]
    print(f"a year step: {fixed:.1f} ms fixed + {per_draw * 1024:.1f} ms per 1,024 draws")


def main(n: int = 20_000) -> None:
    ref = reference_rate(100_000)
    if ref is not None:
        print(f"reference kernel: {ref:,.0f} firm-years per CPU-second")
    for label, entities in (("baseline", None), ("synthetic", 60)):
        draws = n if entities is None else max(1, n // 6)
        size, *rates = engine_rates(draws, entities)
        label = f"{label}, {size} entities"
        for how, rate in zip(("streamed", "joined"), rates, strict=True):
            ratio = f"1/{ref / rate:.1f} of the kernel" if ref else "kernel not found"
            print(
                f"{label:<22} {draws:>7,} draws, {how:<8}: "
                f"{rate:>11,.0f} draw-entity-years/CPU-s ({ratio})"
            )


if __name__ == "__main__":
    if sys.argv[1:] == ["--chunks"]:
        step_split()
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
