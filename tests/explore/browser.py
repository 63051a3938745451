"""Helpers for the browser tests and the redraw benchmark: ``cbam-explore`` started on a
free port, and Debian's Chromium driven by Playwright (no browser is downloaded)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Chromium as the machines' probe starts it: no sandbox as root, and no background
# connections (the machines' network is closed)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium() -> str | None:
    """The path of a Chromium to drive, or None."""
    return (
        os.environ.get("CBAM_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def explorer(config_dir: Path, *overrides: str, source: Path | None = None) -> Iterator[str]:
    """``cbam-explore`` running in a subprocess (its ``sim`` imported from ``source``, a
    source tree of another commit, when given); yields its URL."""
    port = free_port()
    exe = Path(sys.executable).parent / "cbam-explore"
    cmd = [str(exe), "--port", str(port), "--config-dir", str(config_dir), *overrides]
    env = None
    if source is not None:
        env = dict(os.environ, PYTHONPATH=str(source), PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"cbam-explore exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"cbam-explore did not answer at {url}")


@contextmanager
def browser_page(path: str) -> Iterator[object]:
    """A Playwright page in headless Chromium at ``path``, collecting console errors in
    ``page.errors``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.errors = []
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            yield page
        finally:
            browser.close()


def total_shown(page) -> float:
    """The what-if's total cost as the page prints it (million EUR)."""
    return float(page.inner_text("#total-scenario").replace(",", ""))


def plotted(page, graph: str, trace: int = 0) -> list[float]:
    """The y values of a trace as Plotly holds them in the page."""
    page.wait_for_selector(f"#{graph} .js-plotly-plot .main-svg")
    return page.evaluate(
        f"() => document.querySelector('#{graph} .js-plotly-plot').data[{trace}].y"
    )
