"""cbam-explore: from a slider change to redrawn numbers (issue 13: <= 150 ms for the
baseline population on this 2-core machine).

    python benchmarks/explore_redraw.py [moves]     # default 15
    python benchmarks/explore_redraw.py [moves] --against DIR

``--against DIR``: the same moves alternated, one by one, between this tree's explorer and
one whose ``sim`` is imported from DIR (another commit's tree, e.g. ``git archive main |
tar -x -C DIR``), each on its own page of one browser: on a shared machine whose load
moves by the minute, a before/after pair measured in the same seconds.

Printed, each as the median over ``moves`` changes of the CSCF lever (each a new value,
so nothing comes from the cache):

- in the server: the model run of the new lever set plus the view of each tab
  (:data:`sim.explore.app.VIEWS`), as the page's callback does it;
- in the browser (Debian's Chromium, when installed), on each tab (and on the costs tab
  again with its figure by park, "costs/park"): from the key press
  that moves the slider to the redrawn total (the headline numbers) and to the redrawn
  view of the tab: its note changed and none of its figures still being drawn (dcc.Graph
  marks a graph ``dash-graph--pending`` from the start of its redraw until Plotly.react
  has finished), each checked in the first animation frame after it holds;
- the floor measured in the same run: ``sim.pipeline.simulate`` of an already composed
  config (the model alone), and each figure as a ratio to it.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sim.explore.session import Session
from sim.explore.tabs import VIEWS, headline
from sim.pipeline import simulate


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1e3


def server(session: Session, moves: int) -> dict[str, float]:
    """Median ms of the callback's work per tab, each move a new CSCF value."""
    out = {}
    for k, tab in enumerate(VIEWS):
        times = []
        for i in range(moves):
            t0 = time.perf_counter()
            res = session.run({"cscf": 0.80 + (k * moves + i) / 1000})
            VIEWS[tab](session, res, "en", "png", [])
            headline(session, res, "en", 0.0)
            times.append(time.perf_counter() - t0)
        out[tab] = _median_ms(times)
    return out


def browser(moves: int, against: Path | None = None) -> list[dict] | None:
    """Median ms from the key press to the redrawn total and view, per tab, in headless
    Chromium: of this tree's explorer, and of ``against``'s, moves alternated."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.explore.browser import browser_page, chromium, explorer

    path = chromium()
    if path is None:
        return None
    sources = [None] if against is None else [None, against]
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        urls = [
            stack.enter_context(explorer(tmp / str(i), source=s)) for i, s in enumerate(sources)
        ]
        first = stack.enter_context(browser_page(path))
        pages = [first] + [first.context.browser.new_page() for _ in urls[1:]]
        for page, url in zip(pages, urls, strict=True):
            page.set_viewport_size({"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_selector("#total-scenario")
        return _moves(pages, moves)


def _moves(pages: list, moves: int) -> list[dict[str, tuple[float, float]]]:
    out: list[dict] = [{} for _ in pages]
    for tab, lever in zip(VIEWS, MOVED, strict=True):
        for page in pages:
            page.click(f"#tab-{tab}")
            page.wait_for_timeout(1500)
        moved: list[list] = [[] for _ in pages]
        for m in range(moves):  # alternated, each page first every other move
            for i in range(len(pages))[:: 1 if m % 2 == 0 else -1]:
                pages[i].bring_to_front()
                moved[i].append(_one_move(pages[i], lever))
        for i, ms in enumerate(moved):
            out[i][tab] = (_median_ms([m[0] for m in ms]), _median_ms([m[1] for m in ms]))
    out = [by | parks for by, parks in zip(out, _by_park(pages, moves), strict=True)]
    return out


def _by_park(pages: list, moves: int) -> list[dict[str, tuple[float, float]]]:
    """The costs tab's moves with its figure drawn by park (where the page has the choice:
    a tree from before it has none)."""
    out: list[dict] = [{} for _ in pages]
    chosen = []
    for page in pages:
        page.click("#tab-costs")
        page.wait_for_timeout(1500)
        chosen.append(page.locator("#costs-by-choice").count() > 0)
        if chosen[-1]:
            page.get_by_label("by park").check()
            page.wait_for_timeout(1500)
    moved: list[list] = [[] for _ in pages]
    for m in range(moves):
        for i in [i for i in range(len(pages)) if chosen[i]][:: 1 if m % 2 == 0 else -1]:
            pages[i].bring_to_front()
            moved[i].append(_one_move(pages[i], ("cscf", "ArrowRight")))
    for i, ms in enumerate(moved):
        if ms:
            out[i]["costs/park"] = (_median_ms([m[0] for m in ms]), _median_ms([m[1] for m in ms]))
    return out


# the slider each tab's moves step (one key press each, in the direction with room for
# more than 15 steps), so that every move is a lever set not yet run
MOVED = [
    ("cscf", "ArrowLeft"),
    ("eu_price_2030", "ArrowRight"),
    ("china_price_2030", "ArrowRight"),
    ("eu_price_slope", "ArrowRight"),
    ("paid_share_2030", "ArrowRight"),
]


def _one_move(page, lever: tuple[str, str]) -> tuple[float, float]:
    """Seconds from the key press to the redrawn total, and to the redrawn view."""
    total, view = page.inner_text("#total-scenario"), page.inner_text("#view-of")
    page.locator(f"#lever-{lever[0]} [role=slider]").focus()
    t0 = time.perf_counter()
    page.keyboard.press(lever[1])
    page.wait_for_function(
        f"() => document.querySelector('#total-scenario').innerText != {total!r}",
        polling="raf",
    )
    t1 = time.perf_counter()
    page.wait_for_function(
        f"() => document.querySelector('#view-of').innerText != {view!r}"
        " && !document.querySelector('#view .dash-graph--pending')",
        polling="raf",
    )
    t2 = time.perf_counter()
    page.wait_for_timeout(300)  # let the figures finish drawing before the next move
    return t1 - t0, t2 - t0


def main(moves: int = 15, against: Path | None = None) -> None:
    session = Session()
    cfg = session.config({})
    floor = _median_ms([_timed(lambda: simulate(cfg)) for _ in range(moves)])
    print(f"floor: simulate of a composed config            {floor:6.1f} ms")
    for tab, ms in server(session, moves).items():
        print(
            f"server: run + {tab:<11} view                    {ms:6.1f} ms  {ms / floor:.2f}x floor"
        )
    shown = browser(moves, against)
    if shown is None:
        print("browser: no Chromium found (apt-get install chromium)")
        return
    for name, figures in zip(["", f" ({against})"], shown, strict=False):
        for tab, (total, view) in figures.items():
            print(
                f"browser, {tab:<10} tab{name}: key press -> redrawn total {total:6.1f} ms "
                f"({total / floor:.2f}x floor), -> redrawn view {view:6.1f} ms "
                f"({view / floor:.2f}x)"
            )


def _timed(work) -> float:
    t0 = time.perf_counter()
    work()
    return time.perf_counter() - t0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("moves", nargs="?", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another source tree, moves alternated")
    args = parser.parse_args()
    main(args.moves, args.against)
