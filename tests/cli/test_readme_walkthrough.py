"""Every command README.md shows works (issue 16, the walkthrough): each line of a code block
that starts with a command (``cbam-sim ...``, ``cbam-report ...``) is run, in the README's
order, in a temporary folder, and must exit 0 without a traceback and leave what it
promises: a results file where its summary says, the files its description names
(``pass_years.md``, ``sobol.nc``), the file or folder given to ``-o``/``--out``. The
README's Python block runs too.

What the test changes, only to keep it short (each noted where it is done):

- ``run.end_year=2028`` is added to a run that does not set its horizon, except for named
  scenarios and sweeps over them (their plans reach 2032-2034);
- an ensemble gets ``ensemble.n=8`` (replacing a larger ``ensemble.n``), ``cbam-sobol``
  ``sensitivity.n=8``;
- placeholders are filled from earlier commands: ``outputs/runs/<run>`` is the last run,
  ``<a>`` and ``<b>`` the last two, ``outputs/multirun/<sweep>`` the last sweep (the
  README's prices x CSCF sweep), ``...`` in the Python block the last single run (the
  block says an ensemble takes a median first);
- ``cbam-explore`` is started on a free port, its page fetched and the server stopped
  (the browser tests drive the page);
- marked slow (about 4 minutes on two shared cores; CI runs slow tests: pyproject's
  addopts deselects nothing);
- not run: ``python -m pip install`` (the suite runs installed; the ``cbam-sim`` after its
  ``&&`` is), the SLURM launcher (``hydra/launcher=cluster_slurm``) and the Dask clusters
  on SLURM or at a scheduler's address (``ensemble.cluster.kind=slurm``, ``address``): no
  cluster here.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from sim.io.results import open_results

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
COMMANDS = (
    "cbam-sim",
    "cbam-sobol",
    "cbam-collect",
    "cbam-report",
    "cbam-compare",
    "cbam-iamc",
    "cbam-rerun",
    "cbam-explore",
    "cbam-check",
    "cbam-discover",
)
MOVED = {"cbam-check": 1}  # the exit code of a command that found what it looks for
# no SLURM cluster and no Dask scheduler on a test machine
NOT_RUN = ("hydra/launcher=cluster_slurm", "cluster.kind=slurm", "cluster.kind=address")
SHORT = "run.end_year=2028"
PROMISED = re.compile(r"[\w./-]+\.(?:nc|md|png|svg|csv)\b")


def readme_lines() -> list[tuple[str, str]]:
    """(command, description) of every command line of a code block, in README order: a
    fenced block, or one indented by four spaces; the description follows two spaces."""
    found, fenced, lang = [], False, ""
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced, lang = not fenced, line[3:].strip()
            continue
        text = line if fenced else (line[4:] if line.startswith("    ") else "")
        text = text.split("&& ", 1)[-1]  # "python -m pip install ... && cbam-sim": the run
        if (fenced and lang == "python") or not text.split():
            continue
        if text.split()[0] in COMMANDS:
            parts = re.split(r" {2,}", text.strip(), maxsplit=1)
            found.append((parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return found


def python_block() -> str:
    """The README's Python code block."""
    text = README.read_text(encoding="utf-8")
    return text.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_shows_every_command():
    shown = {c.split()[0] for c, _ in readme_lines()}
    assert shown == set(COMMANDS)
    assert len(readme_lines()) > 30
    assert all(not c.endswith(":") for c, _ in readme_lines())  # outputs are not commands


class Walk:
    """The state of the walkthrough: the folder, the runs and sweeps made so far."""

    def __init__(self, cwd: Path) -> None:
        self.cwd, self.runs, self.sweeps = cwd, [], []

    def args(self, command: str) -> list[str]:
        """The command's arguments, its placeholders filled and its sizes made small."""
        for name, path in (("<a>", -2), ("<b>", -1), ("<run>", -1)):
            if name in command and self.runs:
                command = command.replace(f"outputs/runs/{name}", str(self.runs[path].parent))
        if "<sweep>" in command:
            command = command.replace("outputs/multirun/<sweep>", str(self.sweeps[-1]))
        args = shlex.split(command)
        if args[0] in ("cbam-sim", "cbam-sobol") and "--help" not in args:
            args = small(args)
        return args

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        args = self.args(command)
        if args[0] == "cbam-explore":
            return explore(args, self.cwd)
        exe = str(Path(sys.executable).parent / args[0])
        return subprocess.run(
            [exe, *args[1:]], cwd=self.cwd, capture_output=True, text=True, timeout=600
        )


def explore(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``cbam-explore`` (a server: it does not end by itself) started on a free port, its
    page fetched, then stopped; the browser tests (tests/explore) drive the page."""
    from tests.explore.browser import explorer

    with explorer(cwd / "explorer_configs", *args[1:]) as url:
        with urllib.request.urlopen(url, timeout=30) as page:
            body = page.read().decode("utf-8")
    ok = "<title>cbam-explore</title>" in body
    return subprocess.CompletedProcess(args, 0 if ok else 1, "", "" if ok else body[:400])


def small(args: list[str]) -> list[str]:
    """Small sizes (the module docstring): each key given once."""
    keys = {a.split("=", 1)[0]: i for i, a in enumerate(args) if "=" in a}
    out = list(args)
    ensemble = any(a.startswith("ensemble=") and a != "ensemble=none" for a in args)
    if "ensemble.n" in keys:
        out[keys["ensemble.n"]] = "ensemble.n=8"
    elif ensemble:
        out.append("ensemble.n=8")
    if args[0] == "cbam-sobol":
        out = [a for a in out if not a.startswith("sensitivity.n=")] + ["sensitivity.n=8"]
    named = any(a.startswith("scenario=") for a in args)
    if "run.end_year" not in keys and not named and "--cfg" not in args:
        out.append(SHORT)
    return out


def _check(walk: Walk, command: str, description: str) -> list[str]:
    """Run one command; what went wrong (nothing when it did what it promises)."""
    before = set(walk.cwd.glob("outputs/multirun/*"))
    proc = walk.run(command)
    if proc.returncode not in (0, MOVED.get(command.split()[0], 0)):
        return [f"{command}: exit {proc.returncode}: {proc.stderr.strip()[-400:]}"]
    problems = []
    if "Traceback" in proc.stderr:
        problems.append(f"{command}: {proc.stderr[-400:]}")
    where = _outputs(walk, command, proc.stdout, before)
    for name in PROMISED.findall(description):
        if (ROOT / name).exists():  # a file of the repository it refers to, not an output
            continue
        if not any(list(folder.glob(Path(name).name)) for folder in where):
            problems.append(f"{command}: promised {name}, not in {[str(w) for w in where]}")
    return problems


def _outputs(walk: Walk, command: str, stdout: str, before: set[Path]) -> list[Path]:
    """The folders a command wrote into, recording its runs and sweeps; a results file or
    ``--out`` it says it wrote and did not fails the test."""
    args = walk.args(command)
    found = re.findall(r"^Results: (\S+)", stdout, re.M)
    if args[0] == "cbam-sim" and "-m" in args:
        new = sorted(set(walk.cwd.glob("outputs/multirun/*")) - before)
        assert len(new) == 1 and (new[0] / "manifest.json").is_file(), command
        walk.sweeps.append(new[0])
        return new
    if found:
        path = Path(found[-1])
        assert path.exists(), f"{command}: {path} not written"  # a file or a Zarr store
        if path.name == "results.nc":
            walk.runs.append(path.parent / "results.nc")
        return [path.parent]
    if "-o" in args or "--out" in args:
        i = args.index("-o") if "-o" in args else args.index("--out")
        out = walk.cwd / args[i + 1]
        assert out.exists(), f"{command}: {out} not written"
        return [out if out.is_dir() else out.parent]
    return [walk.runs[-1].parent] if walk.runs else [walk.cwd]


@pytest.mark.slow
def test_every_readme_command_works(tmp_path):
    shutil.copytree(ROOT / "scenarios" / "examples", tmp_path / "scenarios" / "examples")
    walk = Walk(tmp_path)
    problems: list[str] = []
    for command, description in readme_lines():
        if any(part in command for part in NOT_RUN):
            continue
        if "<sweep>" in command and not walk.sweeps:
            problems.append(f"{command}: no sweep before it in the README")
            continue
        problems += _check(walk, command, description)
    single = [r for r in walk.runs if "draw" not in open_results(r).dims]  # as the block says
    code = python_block().replace("outputs/runs/.../results.nc", str(single[-1]))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        problems.append(f"the Python block: {proc.stderr.strip()[-400:]}")
    assert not problems, "\n".join(problems)
