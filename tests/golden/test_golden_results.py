"""The results of main before the re-layering (issue 10), reproduced exactly.

``results.json`` was written by ``python -m tests.golden.generate`` on the commit before
any module moved. On a machine whose numpy dispatches the same SIMD kernels every array
must be bit-identical (SHA-256 of its bytes); on another one, transcendental functions may
round differently in the last place, so there the sums (plain, absolute and
position-weighted) must agree to 1e-9 relative.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.golden.digest import dataset_digest, numpy_simd
from tests.golden.generate import cases

GOLDEN = json.loads((Path(__file__).parent / "results.json").read_text(encoding="utf-8"))
SAME_KERNELS = GOLDEN["simd"] == numpy_simd()


def _compare(name: str, got: dict, want: dict) -> list[str]:
    problems = []
    if sorted(got) != sorted(want):
        problems.append(f"arrays differ: {sorted(set(got) ^ set(want))}")
    for key in sorted(set(got) & set(want)):
        g, w = got[key], want[key]
        if g.get("attrs") != w.get("attrs"):
            problems.append(f"{key} attrs {g.get('attrs')} != {w.get('attrs')}")
        if g["sha256"] == w["sha256"]:
            continue
        if SAME_KERNELS or "sum" not in w:
            problems.append(f"{key}: bytes differ (sum {g.get('sum')!r} vs {w.get('sum')!r})")
            continue
        for stat in ("sum", "abs_sum", "weighted_sum"):
            if not math.isclose(g[stat], w[stat], rel_tol=1e-9, abs_tol=1e-9):
                problems.append(f"{key}: {stat} {g[stat]!r} != {w[stat]!r}")
    return [f"{name}: {p}" for p in problems]


@pytest.mark.parametrize("name", list(cases()))
def test_results_equal_the_golden_ones(name):
    from sim.api import run

    overrides = cases()[name]
    assert name in GOLDEN["cases"], f"no golden digest for {name}"
    problems = _compare(name, dataset_digest(run(overrides)), GOLDEN["cases"][name])
    assert not problems, "\n".join(problems[:20])


def test_chunks_and_threads_reproduce_the_golden_ensemble():
    """The golden ensemble ran as one chunk on one thread; 100-draw chunks on three threads
    must give the same bits (chunks are independent and written to disjoint slices)."""
    from sim.api import run

    name = "ensemble=uncertain n=1024"
    changed = {"ensemble.chunk_size": "100", "ensemble.workers": "3"}  # each key once
    kept = [o for o in cases()[name] if o.split("=", 1)[0] not in changed]
    overrides = [*kept, *(f"{k}={v}" for k, v in changed.items())]
    problems = _compare(name, dataset_digest(run(overrides)), GOLDEN["cases"][name])
    assert not problems, "\n".join(problems[:20])


def test_the_golden_ensemble_streamed_to_disk_reads_back_the_same(tmp_path):
    """Streamed chunk by chunk into results.nc (100-draw chunks on three threads), the
    golden ensemble reads back with the same bits (string labels compared at the width
    the run held them: a file gives them back at their own)."""
    from sim.api import compose, run
    from sim.io.results import open_results
    from sim.pipeline import run_to_file

    name = "ensemble=uncertain n=1024"
    changed = {"ensemble.chunk_size": "100", "ensemble.workers": "3"}  # each key once
    given = [o for o in cases()[name] if o.split("=", 1)[0] not in changed]
    overrides = [*given, *(f"{k}={v}" for k, v in changed.items())]
    _, path, _ = run_to_file(compose([*overrides, "ensemble.stream=true"]), tmp_path)
    held, back = run(overrides), open_results(path)
    for k, c in held.coords.items():
        if c.dtype.kind == "U":
            assert back[k].values.tolist() == c.values.tolist(), k
            back = back.assign_coords({k: back[k].astype(c.dtype)})
    problems = _compare(name, dataset_digest(back), GOLDEN["cases"][name])
    assert not problems, "\n".join(problems[:20])


def test_default_summary_is_unchanged():
    from sim.analysis.summary import format_summary
    from sim.api import run

    want = (Path(__file__).parent / "baseline_summary.txt").read_text(encoding="utf-8")
    assert format_summary(run([])) == want


def test_a_changed_number_is_caught():
    """The comparison itself can fail: one changed cell is reported."""
    from sim.api import run

    ds = run(["scenario=baseline"])
    cost = ds["cbam_cost"].values
    cost.flat[0] *= 1 + 1e-6  # one cell: caught by the bytes and, elsewhere, by the sums
    problems = _compare("baseline", dataset_digest(ds), GOLDEN["cases"]["scenario=baseline"])
    assert any("var:cbam_cost" in p for p in problems)
    moved = run(["scenario=baseline"])
    moved["cbam_cost"].values[:] = moved["cbam_cost"].values[::-1]  # entities swapped
    got = dataset_digest(moved)["var:cbam_cost"]
    want = GOLDEN["cases"]["scenario=baseline"]["var:cbam_cost"]
    assert got["sum"] == pytest.approx(want["sum"], rel=1e-12)  # sums alone miss it ...
    assert got["weighted_sum"] != pytest.approx(want["weighted_sum"], rel=1e-9)  # ... not this
