"""``cbam-collect SWEEP_DIR [-o FILE]``: merge the jobs of a sweep into one dataset.

Thin: parse arguments, call :func:`sim.experiments.sweeps.collect`, write through
:mod:`sim.io.sweeps`, print what was collected. Errors go through :mod:`sim.cli.guard`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sim.cli.guard import guard
from sim.experiments.sweeps import collect
from sim.io.sweeps import write_collected


def main(argv: list[str] | None = None) -> None:
    """Console script ``cbam-collect``: merge a sweep into one dataset (netCDF or Zarr)."""
    args = _parser().parse_args(argv)
    target = args.output or args.sweep_dir / "collected.nc"
    with guard("cbam-collect", FileNotFoundError, ValueError):
        ds = collect(args.sweep_dir)
        write_collected(ds, target)
    dims = ", ".join(f"{k}={v}" for k, v in ds.sizes.items())
    print(f"collected {len(json.loads(ds.attrs['jobs']))} jobs ({dims}) into {target.resolve()}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cbam-collect",
        description="Merge the results.nc files of a sweep folder into one dataset whose new "
        "dimensions are the swept config keys. Failed jobs are listed in manifest.json.",
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
