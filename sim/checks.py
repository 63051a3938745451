"""Small validators that turn bad user input into a :class:`ConfigError` naming the key."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from sim.errors import ConfigError


def number(
    key: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """A finite number within [low, high] (or (low, high] with ``low_open``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, value, "expected a number")
    x = float(value)
    if not math.isfinite(x):
        raise ConfigError(key, value, "expected a finite number")
    if low is not None and (x <= low if low_open else x < low):
        bound = f"> {low:g}" if low_open else f">= {low:g}"
        raise ConfigError(key, value, f"expected a value {bound}")
    if high is not None and x > high:
        raise ConfigError(key, value, f"expected a value <= {high:g}")
    return x


def share(key: str, value: Any) -> float:
    """A share in [0, 1]."""
    x = number(key, value)
    if not 0.0 <= x <= 1.0:
        raise ConfigError(key, value, "expected a share in [0, 1]")
    return x


def year_schedule(
    key: str, schedule: Mapping[Any, Any], years: Iterable[int], *, check=number
) -> list[float]:
    """Values of an explicit year -> value schedule for every year of the horizon."""
    table = _int_keys(key, schedule)
    out = []
    for year in years:
        if year not in table:
            known = ", ".join(str(y) for y in sorted(table)) or "none"
            raise ConfigError(
                key,
                dict(sorted(table.items())),
                f"no value for year {year} (the run covers it; years given: {known}); "
                f"add it, e.g. {key}.{year}=<value>",
            )
        out.append(check(f"{key}.{year}", table[year]))
    return out


def sparse_schedule(
    key: str, schedule: Mapping[Any, Any], first: int, last: int, *, check=number
) -> tuple[list[int], list[float]]:
    """Points of a schedule interpolated linearly; they must span [first, last]."""
    table = _int_keys(key, schedule)
    if not table or min(table) > first or max(table) < last:
        span = f"{min(table)}-{max(table)}" if table else "nothing"
        raise ConfigError(
            key, dict(sorted(table.items())), f"must span the run {first}-{last} (it spans {span})"
        )
    points = sorted(table)
    return points, [check(f"{key}.{y}", table[y]) for y in points]


def choice(key: str, value: Any, options: Iterable[str], what: str) -> str:
    options = list(options)
    if value not in options:
        raise ConfigError(key, value, f"no such {what} (known: {', '.join(map(str, options))})")
    return value


def _int_keys(key: str, schedule: Mapping[Any, Any]) -> dict[int, Any]:
    if not isinstance(schedule, Mapping):
        raise ConfigError(key, schedule, "expected a mapping year -> value")
    table = {}
    for k, v in schedule.items():
        try:
            table[int(k)] = v
        except (TypeError, ValueError):
            raise ConfigError(f"{key}.{k}", v, "keys must be years (integers)") from None
    return table
