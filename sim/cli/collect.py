"""``cbam-collect SWEEP_DIR [-o FILE]``: merge the jobs of a sweep into one dataset.

Thin: parse arguments, call :func:`sim.experiments.collection.collect`, write through
:mod:`sim.io.sweeps`, print what was collected. Errors go through :mod:`sim.cli.guard`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.cli.guard import entry_point, guard
from sim.experiments.collection import collect
from sim.io.sweeps import write_collected


def main(argv: list[str] | None = None) -> None:
    """Console script ``cbam-collect``: merge a sweep into one dataset (netCDF or Zarr)."""
    entry_point("cbam-collect", lambda: _main(argv))


def _main(argv: list[str] | None) -> None:
    args = _parser().parse_args(argv)
    target = args.output or args.sweep_dir / "collected.nc"
    with guard("cbam-collect"):
        ds = collect(args.sweep_dir, allow_missing=args.allow_missing)
        write_collected(ds, target)
    dims = ", ".join(f"{k}={v}" for k, v in ds.sizes.items())
    print(f"collected {len(json.loads(ds.attrs['jobs']))} jobs ({dims}) into {target.resolve()}")
    for job in json.loads(ds.attrs["missing_jobs"]):
        note = f"missing {job['job']} ({job['reason']}): its cells are NaN"
        print(f"cbam-collect: warning: {note}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cbam-collect",
        description="Merge the results of the jobs of a sweep (those its manifest.json lists) "
        "into one dataset whose new dimensions are the swept config keys (policy.cscf -> "
        "policy_cscf), in the order typed. Jobs with different populations are merged on the "
        "union of their entities (NaN fill; the variable present says which cells are real). "
        "A job without results is refused unless --allow-missing.",
    )
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="collect the jobs that have results; the others are NaN and listed in the "
        "attribute missing_jobs",
    )
    parser.add_argument("sweep_dir", type=Path, help="the sweep folder (hydra.sweep.dir)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="output file: .nc (netCDF4, default collected.nc) or .zarr",
    )
    return parser
