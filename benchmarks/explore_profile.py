"""cbam-explore: where a lever move's time goes in the page (issue 13), for one tab.

    python benchmarks/explore_profile.py [tab] [moves]     # default: costs 8

The moves of ``benchmarks/explore_redraw.py`` (one key press on the tab's slider each,
a lever set not yet run), in headless Chromium, measured twice through Playwright's CDP
session (each pass on its own moves, so one's overhead does not touch the other):

- a timeline (``Tracing``, no JS sampling): per move, from the key press to the headline's
  request, the headline's request (server and transfer), from its response to the
  view's request (Dash applying the headline and sending the next callback), the view's
  request, and the page's work on the view's response (Dash applying it, the figures
  redrawn, style and layout), medians over the moves;
- a CPU profile (``Profiler``, sampled every 0.1 ms: it slows JS by roughly a third, so
  read its figures as shares): the main thread's time per move split into Dash and React,
  Plotly by phase, the Markdown tables, garbage collection and native work (style,
  layout, paint, tasks).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.explore_redraw import MOVED, _one_move
from sim.explore.tabs import VIEWS

# Plotly's functions (as plotly.min.js names them) that start a phase of a redraw
PLOTLY_PHASES = {
    "ui.supplyDefaults": "defaults",
    "ui.doCalcdata": "calc",
    "Pu.doAutoRangeAndConstraints": "autorange",
    "Rr.draw": "axes",
    "Rr.drawOne": "axes",
    "Pu.drawMarginPushers": "legend and title",
    "Pu.drawData": "traces",
}
NATIVE = {"(program)": "native (style, layout, paint, tasks, polling)", "(garbage collector)": "gc"}


def category(frames: list[dict[str, Any]]) -> str | None:
    """The part of the page a sample's stack (innermost frame first) belongs to."""
    leaf = frames[0]["functionName"]
    if leaf == "(idle)":
        return None
    if leaf in NATIVE:
        return NATIVE[leaf]
    urls = " ".join(f["url"] for f in frames)
    if "plotly" in urls or "async-graph" in urls:
        phase = next(
            (
                PLOTLY_PHASES[f["functionName"]]
                for f in frames
                if f["functionName"] in PLOTLY_PHASES
            ),
            "other",
        )
        return f"plotly: {phase}"
    if "markdown" in urls:
        return "markdown tables"
    if "dash_renderer" in urls or "react-dom" in urls:
        return "dash and react"
    return "other"


def profile_split(profile: dict[str, Any], moves: int) -> dict[str, float]:
    """ms per move of each :func:`category` in a CPU profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    spent: collections.Counter = collections.Counter()
    for sample, dt in zip(profile["samples"], profile["timeDeltas"], strict=True):
        spent[sample] += dt
    out: collections.Counter = collections.Counter()
    for node, us in spent.items():
        frames, at = [], node
        while at is not None:
            frames.append(nodes[at]["callFrame"])
            at = parent.get(at)
        if (name := category(frames)) is not None:
            out[name] += us / 1e3 / moves
    return dict(out.most_common())


def phases(events: list[dict[str, Any]]) -> dict[str, float]:
    """Median ms of each step of a move, from a trace of the page's main thread."""
    calls = collections.Counter(
        (e["pid"], e["tid"]) for e in events if e.get("name") == "FunctionCall"
    )
    pid, tid = calls.most_common(1)[0][0]
    main = sorted((e for e in events if e.get("pid") == pid), key=lambda e: e["ts"])
    keys = [
        e["ts"]
        for e in main
        if e["name"] == "EventDispatch" and e["args"]["data"].get("type") == "keydown"
    ]
    steps = collections.defaultdict(list)
    for t0 in keys:
        window = [e for e in main if t0 <= e["ts"] < t0 + 400e3]
        sent = [
            e["ts"]
            for e in window
            if e["name"] == "ResourceSendRequest"
            and "_dash-update-component" in e["args"]["data"].get("url", "")
        ]
        done = [e["ts"] for e in window if e["name"] == "ResourceFinish"]
        if len(sent) < 2 or len(done) < 2:
            continue
        work = [
            e
            for e in window
            if e.get("tid") == tid
            and e["name"] == "RunTask"
            and e.get("ph") == "X"
            and e["ts"] >= done[1]
            and e["dur"] > 5e3
        ]
        end = max((e["ts"] + e["dur"] for e in work), default=done[1])
        for name, ms in (
            ("key press -> headline's request", sent[0] - t0),
            ("headline's request", done[0] - sent[0]),
            ("-> view's request (Dash)", sent[1] - done[0]),
            ("view's request", done[1] - sent[1]),
            ("page's work on the view", end - done[1]),
            ("key press -> view's work done", end - t0),
        ):
            steps[name].append(ms / 1e3)
    return {k: statistics.median(v) for k, v in steps.items()}


def measured(page: Any, lever: tuple[str, str], moves: int, kind: str) -> tuple[Any, list]:
    """``moves`` moves under the CDP ``kind`` ("Profiler" or "Tracing"): the profile or
    the trace events, and the moves' (headline, view) seconds."""
    cdp = page.context.new_cdp_session(page)
    if kind == "Profiler":
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        cdp.send("Profiler.start")
        times = [_one_move(page, lever) for _ in range(moves)]
        return cdp.send("Profiler.stop")["profile"], times
    events: list = []
    finished: list = []
    cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
    cdp.on("Tracing.tracingComplete", lambda p: finished.append(True))
    categories = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute"]
    cdp.send(
        "Tracing.start",
        {"traceConfig": {"includedCategories": categories}, "transferMode": "ReportEvents"},
    )
    times = [_one_move(page, lever) for _ in range(moves)]
    cdp.send("Tracing.end")
    while not finished:
        page.wait_for_timeout(100)
    return events, times


def main(tab: str = "costs", moves: int = 8) -> None:
    from tests.explore.browser import browser_page, chromium, explorer

    path = chromium()
    if path is None:
        print("no Chromium found (apt-get install chromium)")
        return
    lever = MOVED[list(VIEWS).index(tab)]
    with (
        tempfile.TemporaryDirectory() as tmp,
        explorer(Path(tmp)) as url,
        browser_page(path) as page,
    ):
        page.goto(url)
        page.wait_for_selector("#total-scenario")
        page.click(f"#tab-{tab}")
        page.wait_for_timeout(1500)
        for _ in range(2):  # the first moves after a tab change draw more
            _one_move(page, lever)
        events, times = measured(page, lever, moves, "Tracing")
        head, view = _ms(times, 0), _ms(times, 1)
        print(f"{tab} tab, {moves} moves traced: headline {head:.1f} ms, view {view:.1f} ms")
        for name, ms in phases(events).items():
            print(f"  {name:<34} {ms:6.1f} ms")
        profile, times = measured(page, lever, moves, "Profiler")
        print(f"{moves} moves profiled (JS slowed by the sampling): view {_ms(times, 1):.1f} ms")
        print("  main thread, ms a move:")
        for name, ms in profile_split(profile, moves).items():
            print(f"  {name:<38} {ms:6.1f}")


def _ms(times: list, i: int) -> float:
    return statistics.median(t[i] for t in times) * 1e3


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tab", nargs="?", default="costs", choices=list(VIEWS))
    parser.add_argument("moves", nargs="?", type=int, default=8)
    args = parser.parse_args()
    t0 = time.perf_counter()
    main(args.tab, args.moves)
    print(f"({time.perf_counter() - t0:.0f} s)")
