"""No tqdm warning in a notebook (issue 16, item 20): ``tqdm.auto`` warned in every one."""

from __future__ import annotations

import subprocess
import sys

# a notebook as tqdm.auto recognises it: ipykernel's shell loaded, IPython's kernel running
NOTEBOOK = """
import sys, types, warnings
shell = types.ModuleType("ipykernel.zmqshell")
sys.modules["ipykernel"] = types.ModuleType("ipykernel")
sys.modules["ipykernel.zmqshell"] = shell
class ZMQInteractiveShell: pass
ipython = types.ModuleType("IPython")
ipython.get_ipython = lambda: ZMQInteractiveShell()
sys.modules["IPython"] = ipython
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import sim.api, sim.pipeline, sim.cli.main
    from sim.progress import progress_bar
    with progress_bar(total=2, disable=None) as bar:
        bar.update()
print([f"{w.category.__name__}: {w.message}" for w in caught if "tqdm" in str(w.category)])
"""


def test_no_tqdm_warning_in_a_notebook():
    proc = subprocess.run(
        [sys.executable, "-c", NOTEBOOK], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"
    assert "Tqdm" not in proc.stderr


def test_the_bar_counts_on_a_terminal():
    import io

    from sim.progress import progress_bar

    out = io.StringIO()
    with progress_bar(total=3, file=out) as bar:
        bar.update(2)
    assert bar.n == 2
    assert "2/3" in out.getvalue()
