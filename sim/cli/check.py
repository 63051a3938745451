"""``cbam-check BASE.nc NEW.nc``: what moved between two results files (issue 15, item 5).

Prints each variable that moved beyond its tolerance (cells, largest change, where) and
what was added, removed or relabelled (:mod:`sim.analysis.regression`); exit code 0 when
nothing did, 1 when something did, 2 for bad input. Tolerances: the shipped
``sim/data/check_tolerances.yaml``, or ``--tolerances FILE`` of the same form, and
``--rtol`` / ``--atol`` for the default.
"""

from __future__ import annotations

import argparse
import math
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from sim.analysis.regression import DEFAULT
from sim.cli.guard import entry_point, guard

KEYS = {"default", "variables", "ignore"}
TOLERANCE_KEYS = {"rtol", "atol"}


def main(argv: list[str] | None = None) -> None:
    """Console script ``cbam-check``."""
    entry_point("cbam-check", lambda: _main(argv))


def _main(argv: list[str] | None) -> None:
    args = _parser().parse_args(argv)
    from sim.cli.analyse import READ_ERRORS, open_results_file

    with guard("cbam-check", *READ_ERRORS):
        tolerances = read_tolerances(args.tolerances)
        for key in ("rtol", "atol"):
            if getattr(args, key) is not None:
                tolerances["default"][key] = _number(f"--{key}", getattr(args, key))
        base, new = open_results_file(args.base), open_results_file(args.new)
        _known_variables(tolerances, args.tolerances, {*base.data_vars, *new.data_vars})
        from sim.analysis.regression import check, format_check

        result = check(base, new, tolerances)
    print(format_check(result, str(args.base), str(args.new), top=args.top))
    sys.exit(0 if result.passed else 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cbam-check",
        description="Compare two results files variable by variable: print what moved "
        "beyond tolerance, by how much and where (entity, year, ...); exit 1 if anything "
        "did, 0 if not.",
    )
    parser.add_argument("base", type=Path, help="the results file to compare against")
    parser.add_argument("new", type=Path, help="the results file to check")
    parser.add_argument("--tolerances", type=Path, default=None,
                        help="a YAML file of tolerances (default: the shipped one)")  # fmt: skip
    parser.add_argument("--rtol", default=None, help="default relative tolerance")
    parser.add_argument("--atol", default=None, help="default absolute tolerance")
    parser.add_argument("--top", type=int, default=30, help="moved variables listed (30)")
    return parser


def read_tolerances(path: Path | None) -> dict[str, Any]:
    """The tolerances of ``path`` (or the shipped ones), checked: one line naming the file
    and key for anything that is not a non-negative number where one is expected."""
    import yaml

    name = str(path) if path else "check_tolerances.yaml"
    if path is None:
        text = (resources.files("sim") / "data" / "check_tolerances.yaml").read_text("utf-8")
    elif not path.is_file():
        raise FileNotFoundError(f"--tolerances {path}: no such file")
    else:
        text = path.read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ValueError(f"{name}:{where} not valid YAML") from None
    return _checked(raw, name)


def _checked(raw: Any, name: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) - KEYS:
        extra = sorted(set(raw) - KEYS) if isinstance(raw, dict) else raw
        raise ValueError(f"{name}: unknown key {extra!r} (expected {sorted(KEYS)})")
    default = _pair(raw.get("default") or {}, f"{name}: default")
    variables = raw.get("variables") or {}
    if not isinstance(variables, dict):
        raise ValueError(f"{name}: variables: expected a mapping, got {variables!r}")
    ignore = raw.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(v, str) for v in ignore):
        raise ValueError(f"{name}: ignore: expected a list of variable names, got {ignore!r}")
    return {
        "default": {**DEFAULT, **default},
        "variables": {str(k): _pair(v, f"{name}: variables.{k}") for k, v in variables.items()},
        "ignore": ignore,
    }


def _pair(value: Any, where: str) -> dict[str, float]:
    if not isinstance(value, dict) or set(value) - TOLERANCE_KEYS:
        raise ValueError(f"{where}: expected a mapping of rtol and atol, got {value!r}")
    return {k: _number(f"{where}.{k}", v) for k, v in value.items()}


def _number(where: str, value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    if isinstance(value, bool) or not math.isfinite(x) or x < 0:
        raise ValueError(f"{where}: {value!r} is not a non-negative number")
    return x


def _known_variables(tolerances: dict[str, Any], path: Path | None, names: set) -> None:
    """A tolerance or an ignore naming a variable neither file has is a typo: refused."""
    named = [*tolerances["variables"], *tolerances["ignore"]]
    unknown = sorted(set(named) - {str(n) for n in names})
    if unknown:
        raise ValueError(f"{path or 'check_tolerances.yaml'}: no variable {unknown[0]!r} "
                         "in either results file")  # fmt: skip
