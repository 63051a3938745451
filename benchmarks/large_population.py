"""A synthetic population of N entities (default 10,000): wall time and peak memory.

The ten baseline entities are replicated with jittered volumes (x0.5-1.5) and direct
intensities (x0.9-1.1, kept above the suspicious-input floor of their route), written to a
CSV entities file and run through the same path as ``cbam-sim population.entities_file=...``
(build_inputs -> model -> dataset -> NaN check -> atomic write).

    python benchmarks/large_population.py            # 10,000 entities, 2026-2034
    python benchmarks/large_population.py --n 2000 --end-year 2028
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.inputs.population import intensity_floor
from sim.io.results import check_finite, open_results
from sim.pipeline import run_to_file
from tests.conftest import compose_plain

COLUMNS = [
    "id",
    "name",
    "good",
    "route",
    "park",
    "export_volume_t",
    "production_t",
    "value_basis",
    "direct_intensity",
    "electricity_intensity_mwh_per_t",
]


def write_population(cfg: dict, n: int, path: Path, seed: int = 0) -> None:
    """N entities: the baseline ids first (importer groups refer to them), then copies."""
    rng = np.random.default_rng(seed)
    pop = cfg["population"]
    base = list(pop["entities"].items())
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for i in range(n):
            eid, e = base[i % len(base)]
            good = pop["goods"][e["good"]]
            floor, _ = intensity_floor(
                good, e["route"], good["sector"], cfg["technology"]["options"]
            )
            first = i < len(base)
            scale = 1.0 if first else rng.uniform(0.5, 1.5)
            intensity = e["direct_intensity"] * (1.0 if first else rng.uniform(0.9, 1.1))
            out.writerow(
                [
                    eid if first else f"{eid}_{i}",
                    e["name"],
                    e["good"],
                    e["route"],
                    e["park"],
                    e["export_volume_t"] * scale,
                    e["production_t"] * scale,
                    e["value_basis"],
                    max(intensity, floor),
                    e["electricity_intensity_mwh_per_t"],
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--end-year", type=int, default=2034)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        entities = Path(tmp) / "entities.csv"
        cfg = compose_plain([f"run.end_year={args.end_year}"])
        write_population(cfg, args.n, entities)
        cfg["population"]["entities_file"] = str(entities)
        start = time.perf_counter()
        ds, path, _ = run_to_file(cfg, Path(tmp) / "run")
        wall = time.perf_counter() - start
        check_finite(open_results(path))
        size = path.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{args.n:,} entities, {ds.sizes['year']} years: {wall:.1f} s wall "
        f"(build, model, NaN check, write), peak memory {peak_mb:,.0f} MB, file {size:,.1f} MB, "
        f"CBAM cost {float(ds.cbam_cost.sum()) / 1e9:,.2f} bn EUR"
    )


if __name__ == "__main__":
    main()
