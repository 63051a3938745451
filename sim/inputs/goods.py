"""Each entity's good, resolved from the official tables by origin, CN code and route.

An entity names its CN code, origin and route (the model's route names, mapped to the
annex's route letters by ``sim/data/routes.csv``); :func:`resolve_goods` looks the rest up
(:mod:`sim.inputs.official`): sector, default values, CBAM benchmarks, whether only the
downstream proposal lists it. An entity may override a looked-up value through its
``overrides`` mapping, with a reason in ``overrides_source``; every override is listed in
:attr:`EntityGood.overrides` and recorded in the provenance of the results.

Actual-value benchmark: IR 2025/2620 Column A holds, for goods with precursors, the
process value only; the precursors' benchmarks are added through the installation's own
precursor chain. Without a declared chain the model uses Column B of the entity's route
([U] assumption: the Commission's benchmark of the whole chain on that route; for goods
without precursors Column A equals Column B). An entity may override it.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sim import checks
from sim.errors import ConfigError
from sim.inputs import official

OVERRIDABLE = (
    "default_direct",
    "default_total",
    "benchmark_actual",
    "benchmark_default",
    "in_scope_from",
)


@dataclass(frozen=True)
class EntityGood:
    """What CBAM makes of one entity's good (tCO2e/t; NaN where the annex has no value).
    Benchmarks hold two periods: (2026-2027, 2028 onwards), IR 2025/2620."""

    label: str
    cn_code: str
    origin: str
    sector: str
    description: str
    benchmark_actual: dict[str, tuple[float, float]]  # model route -> per period
    benchmark_default: tuple[float, float]  # Column B of the default value's route
    default_direct: float
    default_total: float
    in_scope_from: int | None  # None: from the start (Annex I) or the downstream switch
    downstream_only: bool
    price_eur_per_t: float
    ghg: str = "Carbon dioxide"  # the greenhouse gases Annex I lists for the good
    overrides: tuple[str, ...] = field(default=())


@functools.cache
def route_letters() -> dict[str, dict[str, str]]:
    """sector -> model route -> annex letter ("" for route-free sectors)."""
    out: dict[str, dict[str, str]] = {}
    with (official.DATA / "routes.csv").open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["sector"], {})[r["route"]] = r["annex_letter"]
    return out


def resolve_goods(
    entities: Mapping[str, Mapping[str, Any]], where: Mapping[str, str], origin: Any
) -> list[EntityGood]:
    """The resolved good of every entity, in order; ``where`` gives each one's key prefix."""
    return [_resolve(where[eid], e, origin) for eid, e in entities.items()]


def _resolve(key: str, e: Mapping[str, Any], origin: Any) -> EntityGood:
    """One entity's good: looked up, then its overrides applied."""
    origin_key = f"{key}origin" if e.get("origin") is not None else "population.origin"
    facts = official.lookup(
        e.get("origin") or origin, e["cn_code"], key=f"{key}cn_code", origin_key=origin_key
    )
    route = _route(key, e["route"], facts)
    default = _default_value(facts, route)
    letter = route_letters()[facts.sector].get(route, "")
    good = EntityGood(
        label=str(e.get("good") or facts.cn_code),
        cn_code=facts.cn_code,
        origin=facts.origin,
        sector=facts.sector,
        description=facts.description,
        benchmark_actual=_actual_benchmarks(facts),
        # the default value's route (Commission Q&A 2026), the entity's where the row has none
        benchmark_default=_periods(
            facts, "B", default.route if default and default.route else letter
        ),
        default_direct=default.direct if default else math.nan,
        default_total=default.total if default else math.nan,
        in_scope_from=None,
        downstream_only=facts.downstream_only,
        price_eur_per_t=checks.number(
            f"{key}price_eur_per_t", e["price_eur_per_t"], low=0, low_open=True
        ),
        ghg=facts.ghg,
    )
    good = _overridden(key, good, e.get("overrides") or {}, e.get("overrides_source"))
    _check_benchmark(key, good, route)
    return good


def _check_benchmark(key: str, good: EntityGood, route: str) -> None:
    """A good the annexes give no benchmark (downstream goods) needs one as an override."""
    if route in good.benchmark_actual:
        return
    where = (
        "listed only in the downstream proposal COM(2025) 989"
        if good.downstream_only
        else "not in IR 2025/2620"
    )
    raise ConfigError(
        f"{key}overrides.benchmark_actual",
        None,
        f"no CBAM benchmark is published for {good.cn_code} ({where}): give one for "
        f"route {route} with its source in overrides_source",
    )


def _route(key: str, route: Any, facts: official.GoodFacts) -> str:
    """The entity's route: a model route of its sector that the good has a benchmark for
    (any route of a sector whose benchmarks are route-free)."""
    letters = route_letters().get(facts.sector, {})
    have = {b.route for b in facts.benchmarks if b.column == "B"}
    usable = [r for r, x in letters.items() if x in have] or (
        list(letters) if "" in have or not have else []
    )
    if not isinstance(route, str) or route not in usable:
        listed = ", ".join(f"{r} ({letters[r]})" if letters[r] else r for r in usable)
        raise ConfigError(
            f"{key}route",
            route,
            f"no CBAM benchmark of {facts.cn_code} ({facts.sector}) for that route; "
            f"routes with one: {listed or 'none'}",
        )
    return route


def _default_value(facts: official.GoodFacts, route: str) -> official.DefaultValue | None:
    """The default-value row of the entity's good: the one of its route where the annex
    distinguishes routes by row (grey and white clinker), else the good's only row."""
    letter = route_letters()[facts.sector].get(route, "")
    rows = [d for d in facts.default_values if math.isfinite(d.total) or math.isfinite(d.direct)]
    same = [d for d in rows if d.route == letter]
    if len({d.route for d in rows}) > 1 and same:
        return same[0]
    return rows[0] if rows else None


def _periods(facts: official.GoodFacts, column: str, letter: str) -> tuple[float, float]:
    """A benchmark in 2026-2027 and from 2028 (NaN where the annex has none)."""
    values = (facts.benchmark(column, letter, 2026), facts.benchmark(column, letter, 2028))
    return tuple(math.nan if v is None else v for v in values)  # type: ignore[return-value]


def _actual_benchmarks(facts: official.GoodFacts) -> dict[str, tuple[float, float]]:
    """model route -> the actual-value benchmark by period (Column B, see the module)."""
    out = {}
    for route, letter in route_letters().get(facts.sector, {}).items():
        values = _periods(facts, "B", letter)
        if not math.isnan(values[0]):
            out[route] = values
    return out


def _overridden(key: str, good: EntityGood, overrides: Mapping[str, Any], why: Any) -> EntityGood:
    """``good`` with the entity's explicit overrides applied and listed."""
    if not overrides:
        return good
    if not isinstance(overrides, Mapping):
        raise ConfigError(f"{key}overrides", overrides, "expected a mapping of field: value")
    if not isinstance(why, str) or not why.strip():
        raise ConfigError(f"{key}overrides_source", why, "an override needs its reason and source")
    changes: dict[str, Any] = {}
    notes = []
    for name, value in overrides.items():
        at = f"{key}overrides.{name}"
        checks.choice(at, name, OVERRIDABLE, "overridable field")
        new, old = _override_value(at, name, value, good)
        changes[name] = new
        notes.append(f"{key}overrides.{name}: {old} -> {value} ({why.strip()})")
    return _replace(good, changes, tuple(notes))


def _override_value(at: str, name: str, value: Any, good: EntityGood) -> tuple[Any, Any]:
    if name == "in_scope_from":
        return checks.year(at, value), good.in_scope_from
    if name == "benchmark_actual":
        if not isinstance(value, Mapping):
            raise ConfigError(at, value, "expected route: tCO2e/t")
        new = dict(good.benchmark_actual)
        for route, v in value.items():
            x = checks.number(f"{at}.{route}", v, low=0)
            new[str(route)] = (x, x)
        return new, {r: v[0] for r, v in good.benchmark_actual.items()}
    if value is None and name in ("default_direct", "default_total"):
        return math.nan, getattr(good, name)  # the annex value replaced by "none"
    x = checks.number(at, value, low=0)
    if name == "benchmark_default":
        return (x, x), good.benchmark_default[0]
    return x, getattr(good, name)


def _replace(good: EntityGood, changes: dict[str, Any], notes: tuple[str, ...]) -> EntityGood:
    fields_ = dict(vars(good))
    fields_.update(changes)
    fields_["overrides"] = notes
    return EntityGood(**fields_)
