"""``cbam-discover ENSEMBLE.nc``: scenario discovery by PRIM (issue 15, item 3).

The question comes from the command line (``--variable``, ``--years``, ``--park``,
``--above`` / ``--below``) or from ``--question FILE.yaml`` with the same keys; the
answer is printed and written into ``--out`` (default ``./discovery``): ``discovery.md``,
``prim_trajectory.csv``, ``prim_box.csv`` and ``prim_trajectory.png``/``.svg`` (with
``--method cart``: ``cart_leaves.csv``, ``cart_box.csv``, ``cart_leaves.png``/``.svg``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli.guard import entry_point, guard

OUT = "discovery"
KEYS = {"variable", "years", "park", "above", "below", "min_coverage", "method"}


def main(argv: list[str] | None = None) -> None:
    """Console script ``cbam-discover``."""
    entry_point("cbam-discover", lambda: _main(argv))


def _main(argv: list[str] | None) -> None:
    args = _parser().parse_args(argv)
    from sim.cli.analyse import READ_ERRORS, open_results_file

    with guard("cbam-discover", *READ_ERRORS):
        spec = _spec(args)
        from sim.analysis.discovery import Question, discover, format_discovery

        question = Question(
            **{k: v for k, v in spec.items() if k not in ("min_coverage", "method")}
        )
        ds = open_results_file(args.results)
        found = discover(ds, question, spec["min_coverage"], method=spec["method"])
        text = format_discovery(found)
        written = _write(found, text, args.out or Path(OUT))
    print(text)
    print(f"wrote {', '.join(p.name for p in written)} into {written[0].parent.resolve()}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cbam-discover",
        description="Scenario discovery: the combinations of sampled inputs under which an "
        "outcome happens (PRIM, EMA Workbench), e.g. the cumulative CBAM cost above its "
        "90th percentile.",
    )
    p.add_argument("results", type=Path, help="an ensemble results.nc (ensemble=...)")
    p.add_argument("--question", type=Path, default=None, help="a YAML file of the keys below")
    p.add_argument("--variable", default=None, help="a (draw, entity, year) variable (cbam_cost)")
    p.add_argument("--years", default=None, help="a year or a span, 2030 or 2026-2034 (all)")
    p.add_argument("--park", default=None, help="one park's entities only (all)")
    p.add_argument("--above", default=None, help="a threshold or a percentile, p90 (default)")
    p.add_argument("--below", default=None, help="a threshold or a percentile")
    p.add_argument("--min-coverage", type=float, default=None, help="of the chosen box (0.5)")
    p.add_argument("--method", default=None, help="prim (default) or cart")
    p.add_argument("-o", "--out", type=Path, default=None, help=f"folder (default ./{OUT})")
    return p


def _spec(args: argparse.Namespace) -> dict[str, Any]:
    """The question's keys: the file's, then the command line's, checked."""
    spec: dict[str, Any] = {"variable": "cbam_cost", "years": None, "park": None,
                            "above": None, "below": None, "min_coverage": 0.5,
                            "method": "prim"}  # fmt: skip
    if args.question is not None:
        spec |= _read(args.question)
    given = {k: getattr(args, k) for k in KEYS}
    spec |= {k: v for k, v in given.items() if v is not None}
    if spec["above"] is None and spec["below"] is None:
        spec["above"] = "p90"
    spec["years"] = _years(spec["years"])
    for side in ("above", "below"):
        spec[side] = None if spec[side] is None else str(spec[side])
    if spec["method"] not in ("prim", "cart"):
        raise ValueError(f"--method {spec['method']}: expected prim or cart")
    if not 0 < float(spec["min_coverage"]) <= 1:
        raise ValueError(f"--min-coverage {spec['min_coverage']}: expected a share in (0, 1]")
    return spec


def _read(path: Path) -> dict[str, Any]:
    import yaml

    if not path.is_file():
        raise FileNotFoundError(f"--question {path}: no such file")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        raise ValueError(f"{path}: not valid YAML") from None
    if not isinstance(raw, dict) or set(raw) - KEYS:
        extra = sorted(set(raw) - KEYS) if isinstance(raw, dict) else raw
        raise ValueError(f"{path}: unknown key {extra!r} (expected {sorted(KEYS)})")
    return raw


def _years(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    text = str(value).strip()
    try:
        first, _, last = text.partition("-")
        return int(first), int(last or first)
    except ValueError:
        raise ValueError(f"--years {text}: expected a year or a span such as 2026-2034") from None


def _write(found: Any, text: str, out: Path) -> list[Path]:
    from sim.io.files import save_figure, write_table, write_text
    from sim.plots.discovery import trajectory_figure
    from sim.plots.style import use_file_backend

    use_file_backend()
    steps = "trajectory" if found.method == "prim" else "leaves"
    written = [
        write_text(text + "\n", out / "discovery.md"),
        write_table(found.trajectory, out / f"{found.method}_{steps}.csv", index=True),
        write_table(found.limits, out / f"{found.method}_box.csv", index=True),
    ]
    fig = trajectory_figure(found.trajectory, found.chosen, found.text, found.method)
    return written + save_figure(fig, out / f"{found.method}_{steps}", dpi=150)
