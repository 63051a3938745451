"""Entity tables as a park keeps them: rows of CSV or Excel cells, and declaration-style
tables (one row per supplier installation and CN code, the way a CBAM declaration lists
goods).

A table is *declaration-style* when its header has ``installation`` and ``net_mass_t``;
each row then becomes one entity (``<installation>_<cn_code>``): an installation with
several goods is several entities, one per CN code, in the same park. Its direct intensity
is ``direct_emissions_tco2e / net_mass_t`` where the row gives actual emissions (the entity
declares actual values), else unknown (the entity declares default values; see
:mod:`sim.inputs.population`). Cells are read as text and checked by the callers, so a bad
cell is named by file, row and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sim.config.schema import EntityConfig
from sim.errors import ConfigError

DECLARATION_REQUIRED = ("installation", "cn_code", "net_mass_t", "route", "park", "price_eur_per_t")
DECLARATION_OPTIONAL = (
    "name",
    "origin",
    "direct_emissions_tco2e",
    "electricity_mwh",
    "production_t",
    "power_emission_factor",
    "source",
)
Rows = list[tuple[str, dict[str, str]]]  # (where, column -> cell text)


def xlsx_rows(path_str: str, path: Path) -> tuple[list[str], Rows]:
    """The header and rows of the first sheet of an .xlsx file, each cell as text."""
    import openpyxl  # only where an Excel file is read

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several kinds for a file that is not xlsx
        raise ConfigError(
            "population.entities_file", path_str, f"not a readable .xlsx file ({err})"
        ) from None
    sheet = book.worksheets[0]
    cells = [[_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not cells:
        raise ConfigError("population.entities_file", path_str, "the first sheet is empty")
    header = [h.strip() for h in cells[0]]
    rows = []
    for n, row in enumerate(cells[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        rows.append((f"{path_str} row {n}", dict(zip(header, row, strict=False))))
    return header, rows


def _text(value: Any) -> str:
    """A cell as text: whole numbers without '.0' (CN codes typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_declaration(header: list[str]) -> bool:
    """Whether a table is declaration-style (see the module)."""
    return "installation" in header and "net_mass_t" in header


def declaration_entities(
    path_str: str, header: list[str], rows: Rows
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(id, where, entity fields) of each row of a declaration-style table."""
    unknown = [c for c in header if c and c not in DECLARATION_REQUIRED + DECLARATION_OPTIONAL]
    missing = [c for c in DECLARATION_REQUIRED if c not in header]
    if unknown or missing:
        raise ConfigError(
            "population.entities_file",
            path_str,
            f"bad columns of a declaration table: unknown {unknown}, missing {missing}; "
            f"expected {', '.join(DECLARATION_REQUIRED + DECLARATION_OPTIONAL)}",
        )
    for at, row in rows:
        for col in DECLARATION_REQUIRED:
            if not (row.get(col) or "").strip():
                raise ConfigError(f"{at} column {col}", row.get(col), "a value is required")
        yield _entity_id(row), at, _entity(path_str, at, row)


def _entity_id(row: dict[str, str]) -> str:
    slug = re.sub(r"[^0-9A-Za-z]+", "_", row["installation"].strip()).strip("_").lower()
    return f"{slug}_{row['cn_code'].strip().replace(' ', '')}"


def _entity(path_str: str, at: str, row: dict[str, str]) -> dict[str, Any]:
    mass = _number(at, "net_mass_t", row["net_mass_t"], positive=True)
    emissions = (row.get("direct_emissions_tco2e") or "").strip()
    electricity = (row.get("electricity_mwh") or "").strip()
    production = (row.get("production_t") or "").strip()
    factor = (row.get("power_emission_factor") or "").strip()
    return {
        "name": (row.get("name") or "").strip() or row["installation"].strip(),
        "cn_code": row["cn_code"].strip(),
        "origin": (row.get("origin") or "").strip() or None,
        "good": "",
        "route": row["route"].strip(),
        "park": row["park"].strip(),
        "export_volume_t": mass,
        "production_t": _number(at, "production_t", production) if production else mass,
        "value_basis": "actual" if emissions else "default",
        "direct_intensity": _number(at, "direct_emissions_tco2e", emissions) / mass
        if emissions
        else None,
        "electricity_intensity_mwh_per_t": _number(at, "electricity_mwh", electricity) / mass
        if electricity
        else 0.0,
        "power_emission_factor": _number(at, "power_emission_factor", factor) if factor else None,
        "price_eur_per_t": _number(at, "price_eur_per_t", row["price_eur_per_t"]),
        "price_source": path_str,
        "overrides": {},
        "overrides_source": "",
        "source": (row.get("source") or "").strip() or f"{at} (declaration table)",
    }


def _number(at: str, col: str, text: str, positive: bool = False) -> float:
    try:
        x = float(text)
    except ValueError:
        raise ConfigError(f"{at} column {col}", text, "expected a number") from None
    if positive and not x > 0:
        raise ConfigError(f"{at} column {col}", x, "expected a value > 0")
    return x


ENTITY_COLUMNS = tuple(f.name for f in fields(EntityConfig))
REQUIRED_COLUMNS = (
    "name",
    "cn_code",
    "route",
    "park",
    "export_volume_t",
    "production_t",
    "direct_intensity",
    "price_eur_per_t",
)
_NUMERIC = {
    "export_volume_t",
    "direct_intensity",
    "production_t",
    "electricity_intensity_mwh_per_t",
    "power_emission_factor",
    "price_eur_per_t",
}


@dataclass(frozen=True)
class EntityRecords:
    """Entities read from a file, with where each one stands (for error messages)."""

    entities: dict[str, dict[str, Any]]
    where: dict[str, str]  # id -> "<file> line <n>" (CSV) or "<file> entity <id>" (YAML)


def csv_rows(path_str: str, fh) -> tuple[list[str], Rows]:
    """The header and rows of an open CSV file, comment lines skipped."""
    numbered = ((n, row) for n, row in enumerate(fh, start=1) if not row.lstrip().startswith("#"))
    lines: list[int] = []

    def rows():
        for n, row in numbered:
            lines.append(n)
            yield row

    reader = csv.DictReader(rows())
    header = list(reader.fieldnames or [])
    out = []
    for row in reader:
        at = f"{path_str} line {lines[-1]}"
        if None in row:  # more cells than columns
            raise ConfigError(
                f"{at}", ",".join(row[None]), f"more cells than the {len(header)} columns"
            )
        out.append((at, row))
    return header, out


def entity_records(path_str: str, header: list[str], rows: Rows) -> EntityRecords:
    """Entities from the rows of a table: one row per entity, or declaration-style."""
    if is_declaration(header):
        found = declaration_entities(path_str, header, rows)
        column = "installation"
    else:
        check_entity_columns(path_str, header)
        found = (((r["id"] or "").strip(), at, r) for at, r in rows)
        column = "id"
    entities: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    for eid, at, row in found:
        if not eid:
            raise ConfigError(f"{at} column id", row["id"], "every entity needs an id")
        if eid in entities:
            raise ConfigError(
                f"{at} column {column}", eid, f"duplicate entity id (first on {where[eid]})"
            )
        entities[eid] = row if column == "installation" else _entity_record(path_str, at, row)
        where[eid] = at
    return EntityRecords(entities, where)


def check_entity_columns(path_str: str, header: list[str]) -> None:
    """The header of an entities CSV: ``id`` and the fields of an entity (the required ones
    among them), none unknown, none twice."""
    unknown = [c for c in header if c not in ENTITY_COLUMNS and c != "id"]
    missing = [c for c in ("id", *REQUIRED_COLUMNS) if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        raise ConfigError(
            "population.entities_file",
            path_str,
            f"bad columns: unknown {unknown}, missing {missing}"
            + (f", repeated {twice}" if twice else "")
            + f"; expected id and {', '.join(ENTITY_COLUMNS)}",
        )


def _entity_record(path_str: str, at: str, row: Mapping[str | None, Any]) -> dict[str, Any]:
    """The fields of the entity on a CSV row: required cells filled, numeric cells numbers,
    empty optional cells left at their defaults."""
    record: dict[str, Any] = {
        "value_basis": "actual",
        "electricity_intensity_mwh_per_t": 0.0,
        "power_emission_factor": None,
        "origin": None,
        "good": "",
        "price_source": "",
        "overrides": {},
        "overrides_source": "",
        "source": path_str,
    }
    for col, raw in row.items():
        if col == "id" or raw is None or raw.strip() == "":
            if col in REQUIRED_COLUMNS:
                raise ConfigError(f"{at} column {col}", raw, "a value is required")
            continue
        if col in _NUMERIC:
            try:
                record[col] = float(raw)
            except ValueError:
                raise ConfigError(f"{at} column {col}", raw, "expected a number") from None
        elif col == "precursors":
            record[col] = precursor_cell(f"{at} column {col}", raw, str(record["source"]))
        else:
            record[col] = raw.strip()
    return record


def precursor_cell(at: str, text: str, source: str) -> list[dict[str, Any]]:
    """The ``precursors`` cell of a row: ``<supplier id or CN code>=<t per t>`` items
    separated by ``;`` (``alu_smelter_f1=1.0; 7601 10 00=0.1``), with the row's source."""
    links = []
    for item in (i.strip() for i in text.split(";")):
        name, sep, amount = item.partition("=")
        try:
            t_per_t = float(amount)
        except ValueError:
            t_per_t = None
        if not sep or not name.strip() or t_per_t is None:
            raise ConfigError(at, item, "items '<supplier id or CN code>=<t per t>' split by ';'")
        code = re.fullmatch(r"[0-9 ]+", name.strip()) is not None
        links.append(
            {
                "supplier": None if code else name.strip(),
                "cn_code": name.strip() if code else None,
                "t_per_t": t_per_t,
                "source": source,
            }
        )
    return links
