"""Console scripts that analyse written results: cbam-report, cbam-compare, cbam-iamc.

Thin: parse arguments, open files, call ``sim.reports`` / ``sim.analysis``, print where the
files went. Bad input: one line on stderr and exit status 2 (:mod:`sim.cli.guard`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import xarray as xr

from sim.cli.guard import entry_point, guard

# besides the user errors of every command: a file that is missing, unreadable or lacks
# what the analysis needs
READ_ERRORS = (FileNotFoundError, ValueError, KeyError)
# where cbam-compare and cbam-iamc write without --out: the current folder
COMPARE_OUT = "comparison"
IAMC_OUT = "results_iamc.csv"


def open_results_file(path: Path) -> xr.Dataset:
    """A cbam-sim results file, opened; one line for a missing or foreign file."""
    from sim.io.results import open_results

    if not path.exists():
        raise FileNotFoundError(f"{path}: no such results file")
    try:
        ds = open_results(path)
    except Exception as err:  # not netCDF, truncated, ...
        raise ValueError(f"{path}: not a readable results file ({type(err).__name__})") from None
    lacking = [f"dimension {d}" for d in ("year", "entity") if d not in ds.dims]
    lacking += [f"variable {v}" for v in ("cbam_cost",) if v not in ds.data_vars]
    if lacking:
        raise ValueError(f"{path}: not a cbam-sim results file (it has no {', '.join(lacking)})")
    return ds


def report_main(argv: list[str] | None = None) -> None:
    """``cbam-report RESULTS.nc``: figures, decomposition and scorecard of one run."""
    entry_point("cbam-report", lambda: _report_main(argv))


def _report_main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(
        prog="cbam-report",
        description="Write the figures (PNG and SVG), the four-path decomposition of the cost "
        "change from the first to the last year, and the park scorecard of a results file, "
        "next to it (or into --out).",
    )
    parser.add_argument("results", type=Path, help="a results.nc written by cbam-sim")
    parser.add_argument("-o", "--out", type=Path, default=None, help="folder (default: beside)")
    parser.add_argument(
        "--html",
        action="store_true",
        help="also write report.html: one self-contained page (figures and tables) to mail",
    )
    args = parser.parse_args(argv)
    with guard("cbam-report", *READ_ERRORS):
        from sim.plots.style import use_file_backend

        use_file_backend()
        ds = open_results_file(args.results)
        out = args.out or args.results.parent
        skipped: list[str] = []
        written = _report_or_policies(ds, out, skipped, args.html)
        if args.html:
            from sim.report_html import write_html

            written.append(write_html(ds, out, []))
        _warn_skipped("cbam-report", skipped)
        print(f"wrote {len(written)} files into {out.resolve()}:")
        print("  " + ", ".join(sorted({p.name for p in written})))
        table = out / "decomposition.md"
        if table.exists():
            print()
            print(table.read_text())


def _report_or_policies(ds: xr.Dataset, out: Path, skipped: list[str], html: bool) -> list[Path]:
    """The report of one run, or for a run of policies (a ``lever`` dimension,
    ``ensemble.levers``) the comparison of its policies, as cbam-compare writes it."""
    from sim.reports import write_comparison, write_report

    if "lever" not in ds.dims:
        return write_report(ds, out, skipped)
    if html:
        n = ds.sizes["lever"]
        raise ValueError(f"--html: the file holds {n} policies (a lever dimension); drop --html")
    from sim.analysis.compare import split_sweep

    print(f"{ds.sizes['lever']} policies (ensemble.levers): their comparison", file=sys.stderr)
    return write_comparison(split_sweep(ds), out, skipped)


def compare_main(argv: list[str] | None = None) -> None:
    """``cbam-compare A.nc B.nc ...`` (or one collected sweep): table and figures."""
    entry_point("cbam-compare", lambda: _compare_main(argv))


def _compare_main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(
        prog="cbam-compare",
        description="Compare two or more runs: a table (comparison.md, comparison.csv) of "
        "cumulative and yearly cost, cost per tonne, abatement and park indicators, the cost "
        "pathways, and the four-path decomposition of the difference between the first two.",
    )
    parser.add_argument("results", type=Path, nargs="+", help="results files or one sweep")
    parser.add_argument(
        "-o", "--out", type=Path, default=None, help=f"folder (default: ./{COMPARE_OUT})"
    )
    parser.add_argument("--labels", default=None, help="comma-separated run labels")
    args = parser.parse_args(argv)
    with guard("cbam-compare", *READ_ERRORS):
        from sim.analysis.compare import comparison_table, to_markdown
        from sim.plots.style import use_file_backend
        from sim.reports import write_comparison

        use_file_backend()
        runs = _runs(args.results, args.labels)
        skipped: list[str] = []
        out = args.out or Path(COMPARE_OUT)
        written = write_comparison(runs, out, skipped)
        _warn_skipped("cbam-compare", skipped)
        print(to_markdown(comparison_table(runs)))
        print(f"wrote {len(written)} files into {out.resolve()}{_default_note(args.out, out)}")


def _default_note(given: Path | None, used: Path) -> str:
    """Said after the path written when ``--out`` was not given: the current folder's."""
    return "" if given is not None else f" (the default --out: ./{used})"


def _warn_skipped(prog: str, skipped: list[str]) -> None:
    for part in skipped:
        print(f"{prog}: warning: skipped {part}", file=sys.stderr)


def _runs(paths: list[Path], labels: str | None) -> dict[str, xr.Dataset]:
    """The runs to compare, by label: the files given (each policy of a run of policies,
    each job of a collected sweep), or the jobs of one collected sweep; ``labels``
    (comma-separated) renames them."""
    from sim.analysis.compare import labels_for, split_sweep

    twice = [p for i, p in enumerate(paths) if p.resolve() in {q.resolve() for q in paths[:i]}]
    if twice:
        raise ValueError(f"{twice[0]}: given twice; compare two or more different runs")
    datasets = [open_results_file(p) for p in paths]
    if len(datasets) == 1:
        runs = split_sweep(datasets[0])
    else:  # a run of policies or a collected sweep among them: each of its runs
        names = labels_for([str(p) for p in paths], datasets)
        runs = {}
        for name, ds in zip(names, datasets, strict=True):
            parts = split_sweep(ds, name)
            runs |= parts if len(parts) == 1 else {f"{name}: {k}": v for k, v in parts.items()}
    if labels:
        names = [s.strip() for s in labels.split(",")]
        if len(names) != len(runs):
            raise ValueError(f"--labels {labels!r}: expected {len(runs)} labels")
        runs = dict(zip(names, runs.values(), strict=True))
    if len(runs) < 2:
        raise ValueError(
            f"{paths[0]}: one run (not a sweep collected by cbam-collect); "
            "compare two or more results files, or one collected sweep"
        )
    return runs


def iamc_main(argv: list[str] | None = None) -> None:
    """``cbam-iamc RESULTS.nc ... -o results_iamc.csv``: IAMC-format table for pyam."""
    entry_point("cbam-iamc", lambda: _iamc_main(argv))


def _iamc_main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(
        prog="cbam-iamc",
        description="Export results as an IAMC-format table (Model, Scenario, Region, "
        "Variable, Unit, years) that pyam and the IIASA Scenario Explorer read.",
    )
    parser.add_argument("results", type=Path, nargs="+", help="results files")
    parser.add_argument(
        "-o", "--out", type=Path, default=None, help=f"a .csv file (default: ./{IAMC_OUT})"
    )
    args = parser.parse_args(argv)
    with guard("cbam-iamc", *READ_ERRORS):
        out = args.out or Path(IAMC_OUT)
        if out.suffix != ".csv" or out.is_dir():
            raise ValueError(f"--out {out}: expected the path of a .csv file")
        from sim.analysis.compare import split_sweep
        from sim.analysis.iamc import combine, to_iamc
        from sim.io.files import write_table

        tables = []
        for path in args.results:
            for label, ds in split_sweep(open_results_file(path)).items():
                tables.append(to_iamc(ds, scenario=label))
        table = combine(tables)
        write_table(table, out, index=False)
        print(f"wrote {len(table)} rows into {out.resolve()}{_default_note(args.out, out)}")
