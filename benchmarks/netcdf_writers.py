"""The netCDF writers available to xarray, timed on the default results and a 1,000-draw ensemble.

    python benchmarks/netcdf_writers.py [repeats]     # default 5

For each engine (netcdf4, h5netcdf, and scipy, which writes netCDF3 only and narrows int64):
the median wall time of ``to_netcdf`` of the same dataset, as a ratio to the floor
``np.save`` of its data variables into one file in the same run. The engine
:data:`sim.io.results.ENGINE` was chosen by this measurement.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from sim.api import run
from sim.io.results import ENGINE

ENGINES = ("netcdf4", "h5netcdf", "scipy")


def median_seconds(write, repeats: int) -> float:
    """Median wall time of ``write(i)`` over ``repeats`` calls."""
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        write(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def compare(label: str, ds, repeats: int) -> None:
    """Print each engine's write time of ``ds`` and its ratio to the np.save floor."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def floor(i: int) -> None:
            with open(out / f"floor{i}.npy", "wb") as fh:
                for var in ds.data_vars.values():
                    np.save(fh, var.values)

        base = median_seconds(floor, repeats)
        print(f"{label}: floor np.save {base * 1e3:.1f} ms ({ds.nbytes / 1e6:.1f} MB of arrays)")
        for engine in ENGINES:
            try:
                secs = median_seconds(
                    lambda i, e=engine: ds.to_netcdf(out / f"{e}{i}.nc", engine=e), repeats
                )
            except (ValueError, ImportError) as err:
                print(f"  {engine:<9} unavailable: {err}")
                continue
            mark = "  <- sim.io.results.ENGINE" if engine == ENGINE else ""
            print(f"  {engine:<9} {secs * 1e3:8.1f} ms {secs / base:8.1f}x floor{mark}")


def main(repeats: int = 5) -> None:
    compare("default results", run([]), repeats)
    compare("1,000-draw ensemble", run(["ensemble=prices_capex"]), max(2, repeats // 2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
