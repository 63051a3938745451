"""Small validators that turn bad user input into a :class:`ConfigError` naming the key."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from sim.errors import ConfigError

# [U] assumption: no input of the model is legitimately larger in magnitude than 1e15 (the
# largest are tonnes, ~1e9 for world steel, and EUR, ~1e11 for a sector's revenue); larger
# numbers are unit slips and would overflow products of several inputs to infinity.
MAGNITUDE_LIMIT = 1e15
# years a schedule, an option or a rule may name: [U] far wider than any CBAM horizon
YEAR_RANGE = (1990, 2200)


def number(
    key: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """A finite number within [low, high] (or (low, high] with ``low_open``), and within
    +-:data:`MAGNITUDE_LIMIT`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(key, value, "expected a number")
    try:
        x = float(value)
    except OverflowError:  # an int beyond float range
        raise ConfigError(key, value, f"expected a number within +-{MAGNITUDE_LIMIT:g}") from None
    if not math.isfinite(x):
        raise ConfigError(key, value, "expected a finite number")
    if abs(x) > MAGNITUDE_LIMIT:
        raise ConfigError(
            key, value, f"implausibly large: expected a number within +-{MAGNITUDE_LIMIT:g}"
        )
    if low is not None and (x <= low if low_open else x < low):
        bound = f"> {low:g}" if low_open else f">= {low:g}"
        raise ConfigError(key, value, f"expected a value {bound}")
    if high is not None and x > high:
        raise ConfigError(key, value, f"expected a value <= {high:g}")
    return x


def integer(key: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """A whole number (an int, or a float without fraction) within [low, high]."""
    x = number(key, value)
    if x != int(x):
        raise ConfigError(key, value, "expected a whole number")
    if low is not None and x < low:
        raise ConfigError(key, value, f"expected a whole number >= {low}")
    if high is not None and x > high:
        raise ConfigError(key, value, f"expected a whole number <= {high:,}")
    return int(x)


def year(key: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """A calendar year within :data:`YEAR_RANGE` (narrowed by ``low``/``high``)."""
    lo = YEAR_RANGE[0] if low is None else max(low, YEAR_RANGE[0])
    hi = YEAR_RANGE[1] if high is None else min(high, YEAR_RANGE[1])
    x = number(key, value)
    if x != int(x) or not lo <= x <= hi:
        raise ConfigError(key, value, f"expected a year in {lo}-{hi}")
    return int(x)


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
    table = year_keys(key, schedule)
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
    table = year_keys(key, schedule)
    if not table or min(table) > first or max(table) < last:
        span = f"{min(table)}-{max(table)}" if table else "nothing"
        raise ConfigError(
            key, dict(sorted(table.items())), f"must span the run {first}-{last} (it spans {span})"
        )
    points = sorted(table)
    return points, [check(f"{key}.{y}", table[y]) for y in points]


def choice(key: str, value: Any, options: Iterable[str], what: str) -> str:
    """``value`` if it is one of ``options``, else an error listing them (``what``)."""
    options = list(options)
    if value not in options:
        raise ConfigError(key, value, f"no such {what} (known: {', '.join(map(str, options))})")
    return value


def year_keys(key: str, schedule: Mapping[Any, Any]) -> dict[int, Any]:
    """A mapping year -> value with its keys checked as years and turned into ints."""
    if not isinstance(schedule, Mapping):
        raise ConfigError(key, schedule, "expected a mapping year -> value")
    table = {}
    for k, v in schedule.items():
        try:
            y = int(k)
        except (TypeError, ValueError, OverflowError):
            raise ConfigError(f"{key}.{k}", v, "keys must be years (integers)") from None
        if not YEAR_RANGE[0] <= y <= YEAR_RANGE[1]:
            raise ConfigError(
                f"{key}.{k}", v, f"keys must be years in {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
            )
        table[y] = v
    return table


def no_environment(tree: Any, prefix: str = "") -> None:
    """Refuse ``${oc.env:...}`` (and ``${env:...}``) in an unresolved config: its value
    would be stored in the results file (``config`` attribute) and in sweep manifests."""
    if isinstance(tree, Mapping):
        for key, value in tree.items():
            no_environment(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            no_environment(value, f"{prefix}.{i}")
    elif isinstance(tree, str) and ("${oc.env:" in tree or "${env:" in tree):
        raise ConfigError(
            prefix,
            tree,
            "environment variables are not read from configs (their value would be stored "
            "in results.nc); write the value itself",
        )
