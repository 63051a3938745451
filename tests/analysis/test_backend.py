"""Importing ``sim`` or its figures never chooses a matplotlib backend (issue 16, item 20):
a notebook keeps its inline backend, a script its own; only the commands choose Agg."""

from __future__ import annotations

import os
import subprocess
import sys

IMPORTS = "import sim, sim.plots, sim.plots.pathways, sim.plots.scorecard, sim.plots.waterfall"


def _backend_after(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip()


def test_import_keeps_the_users_backend():
    code = f"import matplotlib; matplotlib.use('pdf'); {IMPORTS}; print(matplotlib.get_backend())"
    assert _backend_after(code) == "pdf"


def test_import_chooses_no_backend():
    code = (
        f"import matplotlib; {IMPORTS}; "
        "print(matplotlib.rcParams._get_backend_or_none())"  # None: not chosen yet
    )
    assert _backend_after(code) == "None"


def test_the_file_backend_is_agg():
    code = (
        "import matplotlib; from sim.plots.style import use_file_backend; use_file_backend(); "
        "print(matplotlib.get_backend().lower())"
    )
    assert _backend_after(code) == "agg"
