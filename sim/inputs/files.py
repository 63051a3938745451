"""Readers of the files a config may name: an entities file (CSV or YAML) and a weekly
certificate price file (CSV). Each bad cell gives a :class:`ConfigError` naming the file,
line and column."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from omegaconf import MISSING

from sim import checks
from sim.config.schema import EntityConfig
from sim.errors import ConfigError
from sim.inputs import entity_tables
from sim.inputs.entity_tables import ENTITY_COLUMNS, REQUIRED_COLUMNS, EntityRecords


def read_weekly_prices(path_str: str) -> dict[int, float]:
    """Annual means of a weekly certificate price file (CSV: date, price_eur).

    Dates must increase, each year's prices must be weekly without gaps (consecutive dates
    at most ``MAX_WEEKLY_GAP_DAYS`` apart within a year) and a year given must be complete
    (at least 52 weekly prices), because its mean would not otherwise be the year's mean.
    Whole years may be left out (the annual path applies to them).
    """
    key = "prices.weekly_price_file"
    path = existing_file(key, path_str, "expected the path of a CSV file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(key, path_str, f"not a UTF-8 text file ({err.reason})") from None
    lines = [(n, row) for n, row in enumerate(text.splitlines(), start=1)]
    # comments and blank lines dropped here (the reader would skip blank ones and shift the
    # line numbers)
    lines = [(n, row) for n, row in lines if row.strip() and not row.lstrip().startswith("#")]
    reader = csv.DictReader(row for _, row in lines)
    if reader.fieldnames is None or not {"date", "price_eur"} <= set(reader.fieldnames):
        first = lines[0][0] if lines else 1
        got = len(reader.fieldnames or [])
        raise ConfigError(  # the file's content is not echoed: it may not be a price file
            f"{key} line {first}",
            path_str,
            f"expected a header with the columns date, price_eur (got {got} columns)",
        )
    by_year: dict[int, list[float]] = {}
    previous: tuple[dt.date, int] | None = None
    for (line, _), row in zip(lines[1:], reader, strict=False):
        where = f"{path_str} line {line}"
        day, price = _weekly_row(where, row)
        if previous is not None:
            _check_weekly_step(where, row["date"], day, previous)
        previous = (day, line)
        by_year.setdefault(day.year, []).append(
            checks.number(f"{where} column price_eur", price, low=0, low_open=True)
        )
    _check_whole_years(key, path_str, by_year)
    return {y: float(np.mean(v)) for y, v in by_year.items()}


def existing_file(key: str, path_str: Any, expected: str) -> Path:
    """The file a config names: a path (else ``expected`` is the message) to a file."""
    if not isinstance(path_str, str):
        raise ConfigError(key, path_str, expected)
    path = Path(path_str).expanduser()
    if not path.is_file():
        raise ConfigError(key, path_str, f"file not found (looked in {path.resolve()})")
    return path


def _weekly_row(where: str, row: Mapping[str, Any]) -> tuple[dt.date, float]:
    """The date (YYYY-MM-DD) and the price (a number) of a row of a weekly price file."""
    try:
        day = dt.date.fromisoformat((row["date"] or "").strip())
    except (TypeError, ValueError):
        raise ConfigError(f"{where} column date", row["date"], "expected YYYY-MM-DD") from None
    try:
        price = float(row["price_eur"])
    except (TypeError, ValueError):
        raise ConfigError(
            f"{where} column price_eur", row["price_eur"], "expected a number"
        ) from None
    return day, price


def _check_weekly_step(where: str, raw: Any, day: dt.date, previous: tuple[dt.date, int]) -> None:
    """A date of a weekly price file comes after the previous one, at most
    ``MAX_WEEKLY_GAP_DAYS`` later within a year."""
    before, before_line = previous
    if day <= before:
        raise ConfigError(
            f"{where} column date",
            raw,
            f"dates must increase (line {before_line} has {before.isoformat()})",
        )
    gap = (day - before).days
    if day.year == before.year and gap > MAX_WEEKLY_GAP_DAYS:
        raise ConfigError(
            f"{where} column date",
            raw,
            f"a gap of {gap} days after {before.isoformat()} (line {before_line}); "
            "weekly prices expected, at most 7 days apart within a year",
        )


def _check_whole_years(key: str, path_str: str, by_year: Mapping[int, list[float]]) -> None:
    """Every year a weekly price file covers has at least 52 weekly prices."""
    for year, values in by_year.items():
        if len(values) < 52:
            raise ConfigError(
                key,
                path_str,
                f"covers only {len(values)} weeks of {year}; "
                "give at least 52 weekly prices per year or leave the year out",
            )


# weekly auction/settlement prices: one a week (IR (EU) 2025/2548 averages the weekly
# closing prices); a longer gap inside a year means missing weeks
MAX_WEEKLY_GAP_DAYS = 7


def read_entities_file(path_str: str) -> EntityRecords:
    """Entities from a CSV or Excel (.xlsx) table (a column ``id`` and the fields of an
    entity, one row per entity, or a declaration-style table: :mod:`.entity_tables`) or a
    YAML file (a mapping id -> fields, like ``population.entities``)."""
    key = "population.entities_file"
    path = existing_file(key, path_str, "expected the path of a CSV, Excel or YAML file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_entities_yaml(path_str, path)
    if suffix == ".xlsx":
        return entity_tables.entity_records(path_str, *entity_tables.xlsx_rows(path_str, path))
    if suffix != ".csv":
        raise ConfigError(key, path_str, "expected a .csv, .xlsx, .yaml or .yml file")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            return entity_tables.entity_records(path_str, *entity_tables.csv_rows(path_str, fh))
    except UnicodeDecodeError as err:
        raise ConfigError(key, path_str, f"not a UTF-8 text file ({err.reason})") from None


def _load_yaml(key: str, path_str: str, path: Path) -> Any:
    """A YAML file's content; a key given twice, bad YAML or non-UTF-8 text is refused."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except _DuplicateKey as dup:
        raise ConfigError(
            f"{path_str} line {dup.line}", dup.key, f"given twice (first on line {dup.first})"
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{key}{at}", path_str, f"invalid YAML ({_first_line(err)})") from None
    except UnicodeDecodeError as err:
        raise ConfigError(key, path_str, f"not a UTF-8 text file ({err.reason})") from None


def _read_entities_yaml(path_str: str, path: Path) -> EntityRecords:
    key = "population.entities_file"
    data = _load_yaml(key, path_str, path)
    if isinstance(data, Mapping) and set(data) == {"entities"}:
        data = data["entities"]  # a file may also hold ``entities:`` at the top
    if not isinstance(data, Mapping):
        raise ConfigError(key, path_str, "expected a mapping entity id -> fields")
    entities: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    defaults = {
        f.name: f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        for f in fields(EntityConfig)
        if f.default is not MISSING
    }
    for eid, record in data.items():
        at = f"{path_str} entity {eid}"
        if not isinstance(record, Mapping):
            raise ConfigError(at, record, "expected a mapping of entity fields")
        for col in record:
            if col not in ENTITY_COLUMNS:
                raise ConfigError(
                    f"{at} key {col}",
                    record[col],
                    f"unknown key (expected {', '.join(ENTITY_COLUMNS)})",
                )
        for col in REQUIRED_COLUMNS:
            if record.get(col) is None:
                raise ConfigError(f"{at} key {col}", None, "a value is required")
        entities[str(eid)] = {**defaults, "source": path_str, **record}
        where[str(eid)] = at
    return EntityRecords(entities, where)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first: int) -> None:
        self.key, self.line, self.first = key, line, first


class _UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, refusing a key given twice in a top-level mapping (the safe loader
    would keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool) and key in seen:
                raise _DuplicateKey(key, line, seen[key])
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
