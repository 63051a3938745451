"""What a compiled kernel would give the ensemble engine (issue 14, target 4): the year
step's most expensive function measured as it is, its numpy body compiled by numba, and
the same arithmetic written as loops over draws and pairs compiled by numba, each checked
to give the same bits; then its share of a run, and the share of the year step that
would have to be compiled at that gain to reach 1/12 of the reference kernel.

    python benchmarks/compiled_loops.py [draws]     # default 1,024 (one chunk)

needs numba (``pip install numba``: not a dependency of the project). The function is
:func:`sim.dynamics.valuation._option_change` (the in-scope emissions and benchmark of each
option on each pair before and after, (D, P)), on ``ensemble=uncertain`` in the baseline
population, called with the stocks of the year step ``YEAR``. All times are CPU seconds of
this process (median of 5 rounds of 50 calls).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

YEAR = 4  # the year step whose stocks the function is called with (2030)


def numpy_body(
    route, d_base, el_base, d_to, el_to, in_scope, eff_e, ef_e, see_e, dir_e, bench_e, pre_e,
    pe, reduction, added, bm_base, bm_to,
) -> tuple:  # fmt: skip
    """``_option_change``'s arithmetic on plain arrays (what numba can compile as is)."""
    eff, ef = eff_e[:, pe], ef_e[:, pe]
    see_now, direct_now, bench_now, pre = see_e[:, pe], dir_e[:, pe], bench_e[:, pe], pre_e[:, pe]
    see_before = np.where(route, d_base * eff + pre + in_scope * el_base * ef, see_now)
    see_after = np.where(
        route,
        d_to * eff + in_scope * el_to * ef,
        see_now - reduction * direct_now + in_scope * added * ef,
    )
    bm_before = np.where(route, bm_base, bench_now)
    bm_after = np.where(route, bm_to, bench_now)
    direct_cut = np.where(route, (d_base - d_to) * eff, reduction * direct_now)
    return see_before, see_after, bm_before, bm_after, direct_cut


def loop_body(
    route, d_base, el_base, d_to, el_to, in_scope, eff_e, ef_e, see_e, dir_e, bench_e, pre_e,
    pe, reduction, added, bm_base, bm_to,
) -> tuple:  # fmt: skip
    """The same arithmetic, in the same order, one draw and pair at a time."""
    n_d, n_p = eff_e.shape[0], pe.size
    out = [np.empty((n_d, n_p)) for _ in range(5)]
    sb, sa, bb, ba, dc = out
    for d in range(n_d):
        for p in range(n_p):
            e = pe[p]
            eff, ef = eff_e[d, e], ef_e[d, e]
            if route[p]:
                sb[d, p] = d_base[p] * eff + pre_e[d, e] + in_scope[p] * el_base[p] * ef
                sa[d, p] = d_to[p] * eff + in_scope[p] * el_to[p] * ef
                bb[d, p], ba[d, p] = bm_base[p], bm_to[p]
                dc[d, p] = (d_base[p] - d_to[p]) * eff
            else:
                sb[d, p] = see_e[d, e]
                sa[d, p] = see_e[d, e] - reduction[p] * dir_e[d, e] + in_scope[p] * added[p] * ef
                bb[d, p] = ba[d, p] = bench_e[d, e]
                dc[d, p] = reduction[p] * dir_e[d, e]
    return sb, sa, bb, ba, dc


def captured_call(draws: int) -> tuple[Any, tuple, float, float]:
    """``(inputs, now, pairs)`` of the function at ``YEAR`` in a run of ``draws`` draws,
    the CPU seconds of that run and of the function's calls in it."""
    from sim.api import compose
    from sim.dynamics import valuation
    from sim.dynamics.batch import run_model
    from sim.pipeline import model_inputs

    inp, d = model_inputs(compose(["ensemble=uncertain", f"ensemble.n={draws}"]))
    original, calls, spent = valuation._option_change, [], [0.0]

    def timed(*args: Any) -> tuple:
        t0 = time.process_time()
        calls.append(args)
        out = original(*args)
        spent[0] += time.process_time() - t0
        return out

    run_model(inp, d)  # warm
    valuation._option_change = timed
    try:
        t0 = time.process_time()
        run_model(inp, d)
        run = time.process_time() - t0
    finally:
        valuation._option_change = original
    return original, calls[YEAR], run, spent[0]


def plain_arrays(inp: Any, now: Any, pairs: Any) -> tuple:
    """The function's inputs as the plain arrays the compiled versions take."""
    tech, t = inp.technology, now.t
    pe, pk, base, to = pairs.entity, pairs.option, pairs.base, pairs.to
    table = tech.benchmarks(bool(inp.policy.late_benchmarks[t]))
    added = np.zeros(pk.size) if tech.electricity_added is None else tech.electricity_added[pk]
    return (
        pairs.is_route,
        tech.direct_er0[pe, base],
        tech.electricity_er0[pe, base],
        tech.direct_er0[pe, to],
        tech.electricity_er0[pe, to],
        inp.policy.indirect_in_scope[pe, t].astype(float),
        now.eff,
        now.ef_cbam,
        now.see_actual,
        now.own_direct,
        now.bench_actual,
        now.chain.precursor,
        pe,
        tech.reduction[pk],
        added,
        table[pe, base],
        table[pe, to],
    )


def cpu_ms(work: Callable[[], Any], calls: int = 50, rounds: int = 5) -> float:
    """Median CPU milliseconds of one ``work()``."""
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in range(calls):
            work()
        times.append((time.process_time() - t0) / calls * 1e3)
    return statistics.median(times)


def main(draws: int = 1024) -> None:
    try:
        import numba
    except ImportError:
        sys.exit("compiled_loops: numba is not installed (pip install numba)")
    original, args, run, spent = captured_call(draws)
    arrays = plain_arrays(*args)
    compiled_numpy, compiled_loops = numba.njit(numpy_body), numba.njit(loop_body)
    expected = [np.broadcast_to(a, (draws, args[2].size)) for a in original(*args)]
    for name, fn in (("numpy body, compiled", compiled_numpy), ("loops, compiled", compiled_loops)):
        same = all(np.array_equal(a, b) for a, b in zip(expected, fn(*arrays), strict=True))
        print(f"{name:<22} gives the same bits as the model's function: {same}")
    ms = {
        "the model's function": cpu_ms(lambda: original(*args)),
        "numpy body, compiled": cpu_ms(lambda: compiled_numpy(*arrays)),
        "loops, compiled": cpu_ms(lambda: compiled_loops(*arrays)),
    }
    floor = ms["the model's function"]
    for name, value in ms.items():
        print(f"{name:<22} {value:7.3f} ms a call  ({floor / value:4.1f}x the model's)")
    gain = floor / ms["loops, compiled"]
    print(f"its share of the CPU time of a {draws:,}-draw run: {spent / run:.1%}")
    # Amdahl: the step's speed-up when a share f of it runs `gain` times faster; target 4
    # needs 40/12 = 3.3x on today's 1/40 (benchmarks/README.md)
    need = (1 - 1 / 3.3) / (1 - 1 / gain)
    print(f"share of the step to compile at {gain:.1f}x for 3.3x overall: {need:.0%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1024)
