"""A synthetic population of N entities (default 10,000): wall time and peak memory.

The ten baseline entities are replicated (:mod:`sim.experiments.synthetic`), written to a
CSV entities file and run through the same path as ``cbam-sim population.entities_file=...``
(build_inputs -> model -> dataset -> NaN check -> atomic write).

    python benchmarks/large_population.py            # 10,000 entities, 2026-2034
    python benchmarks/large_population.py --n 2000 --end-year 2028
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.api import compose
from sim.experiments.synthetic import COLUMNS, synthetic_entities
from sim.io.dataset import check_finite
from sim.io.files import write_csv
from sim.io.results import open_results
from sim.pipeline import run_to_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--end-year", type=int, default=2034)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        entities = Path(tmp) / "entities.csv"
        cfg = compose([f"run.end_year={args.end_year}"])
        write_csv(synthetic_entities(cfg, args.n), COLUMNS, entities)
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
