"""A park's firm table of N rows (default 1,000): time to load and validate it.

Writes a declaration-style table (one row per installation and CN code, the goods of the
baseline) as CSV and as .xlsx and times ``build_population`` on each: reading, checking
every cell, looking every good up in the official tables. The floor is reading the same CSV
with the csv module alone, in the same run.

    python benchmarks/entity_tables.py            # 1,000 rows
    python benchmarks/entity_tables.py --n 10000
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl

from sim.api import compose
from sim.inputs.population import build_population

HEADER = [
    "installation",
    "cn_code",
    "net_mass_t",
    "route",
    "park",
    "price_eur_per_t",
    "direct_emissions_tco2e",
    "electricity_mwh",
]


def rows(cfg: dict, n: int) -> list[list]:
    base = list(cfg["population"]["entities"].values())
    out = []
    for i in range(n):
        e = base[i % len(base)]
        mass = 1000.0 + i
        out.append(
            [
                f"firm {i}",
                e["cn_code"],
                mass,
                e["route"],
                "my_park",
                e["price_eur_per_t"],
                e["direct_intensity"] * mass if i % 3 else "",
                0.5 * mass,
            ]
        )
    return out


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    cfg = compose(["population=own_firms"])
    table = rows(compose([]), args.n)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "firms.csv", Path(tmp) / "firms.xlsx"
        with csv_path.open("w", newline="") as fh:
            csv.writer(fh).writerows([HEADER, *table])
        book = openpyxl.Workbook()
        for row in [HEADER, *table]:
            book.active.append(row)
        book.save(xlsx_path)
        sectors = list(cfg["policy"]["sectors"])
        timings = {}
        for name, path in (("csv", csv_path), ("xlsx", xlsx_path)):
            pop = dict(cfg["population"], entities_file=str(path))
            timings[name] = best_of(lambda pop=pop: build_population(pop, sectors))
        floor = best_of(lambda: list(csv.DictReader(csv_path.open(newline=""))))
    print(
        f"{args.n:,}-row declaration table, best of 5 (floor: csv.DictReader {floor * 1e3:.1f} ms)"
    )
    for name, t in timings.items():
        print(
            f"  {name:5s} load + validate + look up: {t * 1e3:7.1f} ms  ({t / floor:,.0f}x floor)"
        )
    print(f"  median of the two: {statistics.median(timings.values()):.3f} s (target < 1 s)")


if __name__ == "__main__":
    main()
