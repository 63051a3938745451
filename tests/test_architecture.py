"""The layout holds: import contracts (import-linter), module and function sizes, no
private name imported across modules. docs/architecture.md explains the rules."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sim"
MODULE_LINES = 300
FUNCTION_LINES = 40

# Justified exceptions, each with its reason (kept short on purpose; see docs/architecture.md).
LONG_MODULES: dict[str, str] = {}
LONG_FUNCTIONS: dict[str, str] = {}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_modules_stay_small():
    long = {
        _name(p): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    unexplained = {k: v for k, v in long.items() if k not in LONG_MODULES}
    assert not unexplained, f"modules over {MODULE_LINES} lines: {unexplained}"
    stale = set(LONG_MODULES) - set(long)
    assert not stale, f"no longer long, remove from LONG_MODULES: {stale}"


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def test_functions_stay_short():
    long = {
        f"{_name(p)}::{name}": n
        for p in _modules()
        for name, _, n in _functions(p)
        if n > FUNCTION_LINES
    }
    unexplained = {k: v for k, v in long.items() if k not in LONG_FUNCTIONS}
    assert not unexplained, f"functions over {FUNCTION_LINES} lines: {unexplained}"
    stale = set(LONG_FUNCTIONS) - set(long)
    assert not stale, f"no longer long, remove from LONG_FUNCTIONS: {stale}"


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sim"):
            found += [
                f"{_name(path)}: from {node.module} import {a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
    return found


@pytest.mark.parametrize("folder", ["sim", "tests", "benchmarks"])
def test_no_private_name_is_imported_across_modules(folder):
    found = [hit for p in sorted((ROOT / folder).rglob("*.py")) for hit in _private_imports(p)]
    assert not found, found


def test_tests_never_import_benchmarks():
    hits = [
        _name(p)
        for p in (ROOT / "tests").rglob("*.py")
        if any(
            isinstance(n, ast.Import | ast.ImportFrom)
            and any(
                (getattr(n, "module", None) or "").startswith("benchmarks")
                or a.name.startswith("benchmarks")
                for a in n.names
            )
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    ]
    assert not hits, hits


def test_tests_mirror_the_layout():
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    tested = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()}
    missing = layers - tested - {"config", "plots"}  # configs: tests/inputs; plots: analysis
    assert not missing, f"no tests/<layer>/ for {sorted(missing)}"
