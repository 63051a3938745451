"""Write ``tests/golden/results.json``: digests of the baseline, every named scenario and a
1,024-draw ensemble with every variable.

Run it only when a change is meant to change the numbers, and say so in the commit:

    python -m tests.golden.generate
"""

from __future__ import annotations

import json
import platform
from importlib import resources
from pathlib import Path

import numpy as np

from tests.golden.digest import dataset_digest, numpy_simd

HERE = Path(__file__).parent
BASELINE_FILE = HERE / "baseline.nc.gz"  # cbam-check's golden base (tests/cli/test_check.py)
ENSEMBLE = ["ensemble=uncertain", "ensemble.n=1024", "ensemble.workers=1"]


def cases() -> dict[str, list[str]]:
    """Name -> overrides of every golden case."""
    names = sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files("sim.scenarios").iterdir()
        if p.name.endswith(".yaml")
    )
    out = {f"scenario={n}": [f"scenario={n}"] for n in names}
    out["ensemble=uncertain n=1024"] = ENSEMBLE
    return out


def main() -> None:
    """Run every case and write the digests and the baseline summary."""
    from sim.analysis.summary import format_summary
    from sim.api import run

    result = {
        "made_by": "python -m tests.golden.generate (see the commit that changed this file)",
        "numpy": np.__version__,
        "machine": platform.machine(),
        "simd": numpy_simd(),
        "cases": {},
    }
    for name, overrides in cases().items():
        ds = run(overrides)
        result["cases"][name] = dataset_digest(ds)
        if name == "scenario=baseline":
            (HERE / "baseline_summary.txt").write_text(format_summary(ds), encoding="utf-8")
            write_baseline(ds, BASELINE_FILE)
        print(name, len(result["cases"][name]), "arrays")
    (HERE / "results.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def write_baseline(ds, path: Path) -> None:
    """The baseline's results without their provenance, as gzipped netCDF3 (40 kB instead
    of the 430 kB netCDF4 file: HDF5's overhead per variable; years stored as int32)."""
    import gzip

    bare = ds.copy()
    bare.attrs = {"title": ds.attrs.get("title", ""), "made_by": "python -m tests.golden.generate"}
    path.write_bytes(gzip.compress(bare.to_netcdf(engine="scipy"), mtime=0))


if __name__ == "__main__":
    main()
