"""Batch execution: a run over all draws, or over chunks of draws joined in place.

Draws are independent, so results do not depend on the chunk size or the number of
threads. Progress is reported through a callback (the caller draws the bar).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from sim.dynamics.simulation import Simulation
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws
from sim.variables import VARIABLES

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
_TUNED: bool | None = None
COST_PARTS = ("cbam_cost", "abatement_capex", "abatement_opex", "mrv_cost")
COST_PARTS += ("park_capex_share", "park_opex_share")


def run_model(inp: Inputs, draws: Draws, keep: Iterable[str] = ()) -> dict[str, np.ndarray]:
    """Run the model; arrays carry a leading draw axis and a trailing year (or quarter) axis.

    ``keep`` limits the yearly variables recorded (all when empty)."""
    keep = list(keep)
    if keep and "cumulative_cost" in keep:
        keep = [*keep, *COST_PARTS]
    out = Simulation(inp, draws, keep).run()
    if all(p in out for p in COST_PARTS):
        out["cumulative_cost"] = np.cumsum(sum(out[p] for p in COST_PARTS), axis=-1)
    out["cbam_factor"] = inp.policy.cbam_factor
    out["cscf"] = inp.policy.cscf
    out["domestic_carbon_price"] = draws.domestic_price_eur
    out["effectively_paid_share"] = inp.prices.effectively_paid_share
    out["carbon_price_coverage"] = inp.prices.domestic_coverage
    return out


def run_chunked(
    inp: Inputs,
    draws: Draws,
    chunk_size: int,
    keep: Iterable[str] = (),
    dtype: str = "float64",
    workers: int = 1,
    on_chunk: Callable[[], None] | None = None,
) -> dict[str, np.ndarray]:
    """Run the draws in chunks of ``chunk_size`` (memory stays bounded) and join them into
    preallocated arrays of ``dtype``. ``keep`` limits the variables kept (all when empty);
    ``on_chunk`` is called after each chunk but the first, always on the calling thread."""
    tune_allocator()
    keep = list(keep)
    n, size = len(draws), max(1, int(chunk_size))
    first = _kept(run_model(inp, draws.slice(0, size), keep), keep)
    fixed = {k: v for k, v in first.items() if VARIABLES[k].dims[0] != "draw"}
    with small_pages():
        joined = {k: np.empty((n, *v.shape[1:]), dtype) for k, v in first.items() if k not in fixed}
    for k in joined:
        joined[k][: first[k].shape[0]] = first[k]

    def chunk(a: int) -> None:
        out = run_model(inp, draws.slice(a, a + size), keep)
        for k in joined:
            joined[k][a : a + out[k].shape[0]] = out[k]

    done = on_chunk or (lambda: None)
    starts = list(range(size, n, size))
    if workers > 1:  # numpy releases the GIL in its loops; chunks write disjoint slices
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for _ in pool.map(chunk, starts):
                done()
    else:
        for a in starts:
            chunk(a)
            done()
    return {**fixed, **joined}


def run_streamed(
    inp: Inputs,
    draws: Draws,
    chunk_size: int,
    sink: Callable[[int, dict[str, np.ndarray]], None],
    keep: Iterable[str] = (),
    workers: int = 1,
) -> None:
    """Run the draws in chunks of ``chunk_size`` and hand each chunk's kept arrays to
    ``sink(start, arrays)`` (``start``: the chunk's first draw), in draw order and on the
    calling thread, then drop them: memory is set by the chunk (at most ``workers`` + 1
    chunks alive), not by the number of draws."""
    tune_allocator()
    for start, out in _chunks(inp, draws, max(1, int(chunk_size)), list(keep), workers):
        sink(start, out)


def _chunks(
    inp: Inputs, draws: Draws, size: int, keep: list[str], workers: int
) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    """(start, kept arrays) of each chunk in draw order; with ``workers`` > 1 at most
    ``workers`` chunks are computed ahead of the one handed on."""

    def one(a: int) -> dict[str, np.ndarray]:
        return run_chunk(inp, draws, a, size, keep)

    starts = list(range(0, len(draws), size))
    if workers <= 1:
        yield from ((a, one(a)) for a in starts)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        ahead: deque[tuple[int, Future]] = deque()
        for a in starts:
            ahead.append((a, pool.submit(one, a)))
            if len(ahead) > workers:
                start, future = ahead.popleft()
                yield start, future.result()
        while ahead:
            start, future = ahead.popleft()
            yield start, future.result()


def run_chunk(
    inp: Inputs, draws: Draws, start: int, size: int, keep: list[str]
) -> dict[str, np.ndarray]:
    """The kept arrays of draws ``start`` to ``start + size`` (all variables when ``keep``
    is empty): one chunk of :func:`run_streamed`, or one task on a cluster."""
    return _kept(run_model(inp, draws.slice(start, start + size), keep), keep)


def chunk_draws(chunk_size: int, chunk_draw_entities: int, n_entities: int) -> int:
    """Draws per chunk: ``chunk_size``, fewer when a chunk would hold more than
    ``chunk_draw_entities`` draw-entities (0: no such limit); at least one."""
    size = max(1, int(chunk_size))
    if chunk_draw_entities > 0:
        size = min(size, max(1, int(chunk_draw_entities) // max(1, int(n_entities))))
    return size


def tune_allocator() -> bool:
    """glibc only: arrays up to 32 MiB come from the heap and up to 256 MiB of freed heap is
    kept, so that each chunk reuses the pages of the one before instead of mapping fresh
    zeroed pages (the kernel's page faults were 10-20 % of an ensemble's CPU time).
    Once per process; False where there is no glibc."""
    global _TUNED
    if _TUNED is None:
        try:
            libc = ctypes.CDLL(None)  # the symbols of the process, libc among them
            _TUNED = bool(libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)) and bool(
                libc.mallopt(M_TRIM_THRESHOLD, 256 << 20)
            )
        except (OSError, AttributeError):
            _TUNED = False
    return _TUNED


@contextlib.contextmanager
def small_pages() -> Iterator[None]:
    """numpy without its transparent-huge-page advice for arrays of 4 MiB or more: the
    joined results are fresh memory written once, and on this kernel (defrag on madvise)
    the huge-page faults compact memory at each fault: 1.1 s against 0.6 s of CPU to fill
    1.2 GB (benchmarks/README.md). Process-wide numpy state, restored on exit; a no-op
    where numpy has no such switch."""
    switch = getattr(np._core.multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        yield
        return
    before = switch(False)
    try:
        yield
    finally:
        switch(before)


def n_chunks(n_draws: int, chunk_size: int) -> int:
    """How many chunks ``n_draws`` make."""
    size = max(1, int(chunk_size))
    return -(-n_draws // size)


def _kept(out: dict[str, np.ndarray], keep: list[str]) -> dict[str, np.ndarray]:
    return {k: v for k, v in out.items() if not keep or k in keep}
