"""Readers of the official CBAM tables shipped in ``sim/data`` (read once, cached) and the
list of them (hashed with every run's input files). Rows are tuples of the cells as
printed; :mod:`sim.inputs.official` looks goods up in them."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
OFFICIAL = DATA / "official"
MARKED_YEARS = (2026, 2027, 2028)  # the printed marked-up columns of IR 2025/2621
SECTORS = {
    "Iron and steel": "iron_steel",
    "Aluminium": "aluminium",
    "Cement": "cement",
    "Fertilisers": "fertilisers",
    "Hydrogen": "hydrogen",
    "Electricity": "electricity",
}


def shipped_tables() -> dict[str, Path]:
    """Every shipped table by its label (``sim/data/...``), in a fixed order."""
    files = sorted(p for p in DATA.rglob("*") if p.suffix in (".csv", ".json"))
    return {f"sim/data/{p.relative_to(DATA)}": p for p in files}


def annex_countries() -> list[str]:
    """The country names of IR 2025/2621 Annex I (with the fall-back row's)."""
    return list(_default_lines())


def _read(name: str) -> list[dict[str, str]]:
    with (OFFICIAL / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def annex_goods() -> tuple[tuple[str, str, str, str, str], ...]:
    """(cn_code, sector, category, ghg, description) of every Annex I line."""
    return tuple(
        (r["cn_code"], r["sector"], r["category"], r["ghg"], r["description"])
        for r in _read("cbam_goods.csv")
    )


@functools.cache
def _default_lines() -> dict[str, list[str]]:
    """country -> its raw lines of ``default_values.csv`` (parsed only when asked for)."""
    by_country: dict[str, list[str]] = {}
    for line in _default_text().splitlines()[1:]:
        country = next(csv.reader([line]))[0] if line.startswith('"') else line.split(",", 1)[0]
        by_country.setdefault(country, []).append(line)
    return by_country


@functools.cache
def _default_text() -> str:
    return (OFFICIAL / "default_values.csv").read_text(encoding="utf-8")


def _first_cells(country: str) -> tuple[str, str]:
    """How a line of ``country`` starts in the table (its name quoted where it must be)."""
    return f"{country},", f'"{country}",'


def is_annex_country(name: str) -> bool:
    """Whether IR 2025/2621 Annex I lists ``name`` (a substring search of the table: no
    line is split, as :func:`annex_countries` must)."""
    text = _default_text()
    return any(f"\n{start}" in text for start in _first_cells(name))


@functools.cache
def default_rows(country: str) -> list[tuple[str, ...]]:
    """(sector, cn_code, description, route, direct, indirect, total, value_2026,
    value_2027, value_2028) of ``country``'s IR 2025/2621 Annex I rows: its lines, one
    block in the table (sorted by country), read from the first on."""
    text, lines = _default_text(), []
    for start in _first_cells(country):
        pos = text.find(f"\n{start}") + 1
        while pos and text.startswith(start, pos):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            lines.append(text[pos:end])
            pos = end + 1
    return [(SECTORS[r[1]], *r[2:]) for r in csv.reader(lines)]


@functools.cache
def benchmarks() -> list[tuple[str, ...]]:
    """(cn_code, column, route, period, value) of every IR 2025/2620 benchmark."""
    cols = ("cn_code", "column", "route", "year", "value")
    return [tuple(r[c] for c in cols) for r in _read("benchmarks.csv")]


@functools.cache
def precursors() -> list[tuple[str, ...]]:
    """Annex IV rows shaped like default-value rows: one value (direct and total alike)."""
    return [
        (
            *(SECTORS[r["sector"]], r["cn_code"], r["description"], r["route"], r["value"], ""),
            *(r["value"], r["value_2026"], r["value_2027"], r["value_2028"]),
        )
        for r in _read("precursor_default_values.csv")
    ]


@functools.cache
def downstream() -> list[tuple[str, str, str, str]]:
    """(code, sector, ghg, description) of the downstream proposal's entries; [U] a combined
    metal product counts as aluminium in chapter 76 and as iron and steel elsewhere."""
    data = json.loads((OFFICIAL / "downstream_2028_proposal.json").read_text(encoding="utf-8"))
    entries = data["iron_steel_additions"] + data["combined_metal_products"]
    return [
        (
            d["cn"],
            "aluminium" if d["cn"].startswith("76") else "iron_steel",
            d["ghg"],
            d["description"],
        )
        for d in entries
    ]
