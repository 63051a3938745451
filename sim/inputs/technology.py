"""The ``technology`` config section -> a validated :class:`sim.response.technology.Technology`.

Routes form one axis R (the union of every good's routes); options one axis K. An
entity's intensities per route are its own on its base route and the option's on
the route an option converts it to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError
from sim.inputs.arrays import Population
from sim.inputs.goods import EntityGood, route_letters
from sim.response.technology import Technology

KINDS = ("route", "reduction")


def build_technology(
    tech: Mapping[str, Any], pop: Population, goods: Sequence[EntityGood]
) -> Technology:
    """Check the ``technology`` section against the population (routes, sectors, CBAM
    benchmarks of the routes options convert to) and return it as arrays."""
    routes = _routes(pop, tech["options"])
    tables = _base_route_tables(pop, goods, routes)
    rate = checks.number("technology.discount_rate", tech["discount_rate"], low=0, high=1)
    options = tech["options"]
    _check_distinct_targets(options)
    rows, applicable = _option_rows(options, pop, goods, routes, tables)
    col = _columns(rows)
    return Technology(
        ids=np.array(list(options), dtype=str),
        routes=np.array(routes),
        is_route_option=col["is_route"].astype(bool),
        applicable=applicable,
        to_route=col["to_route"].astype(int),
        reduction=col["reduction"].astype(float),
        stores_co2=np.array([bool(o.get("stores_co2", False)) for o in options.values()], bool),
        capex_eur_per_t=col["capex"].astype(float),
        opex_eur_per_t=col["opex"].astype(float),
        lead_time_years=col["lead"].astype(int),
        life_years=col["life"].astype(float),
        max_share=col["max_share"].astype(float),
        available_from=col["available"].astype(int),
        learning_exponent=col["b"].astype(float),
        initial_deployment_t=col["cum0"].astype(float),
        global_growth_per_year=col["growth"].astype(float),
        discount_rate=rate,
        base_route=tables.base,
        direct_er=tables.direct,
        electricity_er=tables.electricity,
        benchmark_er=tables.benchmark,
        embodied_tco2e_per_t=col["embodied"].astype(float),
        benchmark_er_late=tables.benchmark_late,
        electricity_added=col["electricity_added"].astype(float) if rows else np.zeros(0),
    )


@dataclass(frozen=True)
class _RouteTables:
    """Each entity's base route (index on R, -1 if not on it) and (E, R) tables of its
    direct and electricity intensities (its own on the base route, an option's on the route
    the option converts it to, NaN elsewhere) and of its good's CBAM benchmarks."""

    base: np.ndarray
    direct: np.ndarray
    electricity: np.ndarray
    benchmark: np.ndarray
    benchmark_late: np.ndarray  # the benchmarks of the second period


def _routes(pop: Population, options: Mapping[str, Any]) -> list[str]:
    """The route axis R, sorted: the entities' routes and the routes options convert to
    (each a route of its sector in ``sim/data/routes.csv``)."""
    targets = set()
    for oid, o in options.items():
        key = f"technology.options.{oid}"
        sector = checks.choice(f"{key}.sector", o["sector"], route_letters(), "sector")
        if o.get("kind") == "route":
            known = route_letters()[sector]
            targets.add(checks.choice(f"{key}.to_route", o["to_route"], known, "route"))
    return sorted(set(pop.route.astype(str)) | targets)


def _base_route_tables(
    pop: Population, goods: Sequence[EntityGood], routes: list[str]
) -> _RouteTables:
    """The route tables with the entities' own intensities on their base routes."""
    n_e, n_r = pop.ids.size, len(routes)
    base = np.array([routes.index(r) if r in routes else -1 for r in pop.route])
    direct = np.full((n_e, n_r), np.nan)
    elec = np.full((n_e, n_r), np.nan)
    bench = np.full((2, n_e, n_r), np.nan)
    index = {r: i for i, r in enumerate(routes)}
    for e, good in enumerate(goods):
        for r, value in good.benchmark_actual.items():
            if r in index:
                bench[:, e, index[r]] = value
        if base[e] >= 0:
            direct[e, base[e]] = pop.direct_tco2e_per_t[e]
            elec[e, base[e]] = pop.electricity_mwh_per_t[e]
    return _RouteTables(base, direct, elec, bench[0], bench[1])


def _option_rows(
    options: Mapping[str, Any],
    pop: Population,
    goods: Sequence[EntityGood],
    routes: list[str],
    tables: _RouteTables,
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """The checked row of each option and the (E, K) entities it applies to (its sector,
    from one of its routes). A route option's intensities go into ``tables`` on its target
    route, for which the good of every entity it converts needs a CBAM benchmark."""
    rows, applicable = [], np.zeros((pop.ids.size, len(options)), bool)
    for k, (oid, o) in enumerate(options.items()):
        key = f"technology.options.{oid}"
        row = _option_row(key, o, routes)
        rows.append(row)
        applicable[:, k] = (
            (pop.sector == o["sector"])
            & np.isin(pop.route, o["from_routes"])
            & _has_code(pop.cn_code, o.get("cn_codes") or [])
        )
        if row["to_route"] >= 0:
            r = row["to_route"]
            for e in np.flatnonzero(applicable[:, k]):
                if np.isnan(tables.benchmark[e, r]):
                    raise ConfigError(
                        f"population.entities.{pop.ids[e]}.cn_code",
                        str(pop.cn_code[e]),
                        f"no CBAM benchmark for route {routes[r]!r} that {key} converts the "
                        "entity to (give it through the entity's overrides.benchmark_actual)",
                    )
                tables.direct[e, r] = o["direct_intensity"]
                tables.electricity[e, r] = o["electricity_intensity_mwh_per_t"]
    return rows, applicable


def _has_code(codes: np.ndarray, prefixes: Sequence[str]) -> np.ndarray:
    """(E,) True where an entity's CN code starts with one of ``prefixes`` (all if none)."""
    if not prefixes:
        return np.ones(codes.size, bool)
    wanted = tuple(str(p).replace(" ", "") for p in prefixes)
    return np.array([str(c).startswith(wanted) for c in codes], bool)


_COLUMNS = (
    "is_route",
    "to_route",
    "reduction",
    "capex",
    "opex",
    "lead",
    "life",
    "max_share",
    "available",
    "b",
    "cum0",
    "growth",
    "electricity_added",
    "embodied",
)


def _columns(rows: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The checked option rows as one array per column (along the option axis K)."""
    return {name: np.array([r[name] for r in rows]) for name in _COLUMNS}


def _check_distinct_targets(options: Mapping[str, Any]) -> None:
    """A route option converts to a route of its own: not one it converts from, and not one
    another option of the same sector converts to (its intensities would be overwritten)."""
    seen: dict[tuple[str, str], str] = {}
    for oid, o in options.items():
        if o["kind"] != "route":
            continue
        key = f"technology.options.{oid}.to_route"
        if o["to_route"] in o["from_routes"]:
            raise ConfigError(key, o["to_route"], "must differ from the routes in from_routes")
        target = (o["sector"], o["to_route"])
        if target in seen:
            raise ConfigError(
                key,
                o["to_route"],
                f"already the target of technology.options.{seen[target]} "
                "in the same sector; give each route option its own route",
            )
        seen[target] = oid


def _option_row(key: str, o: Mapping[str, Any], routes: list[str]) -> dict[str, Any]:
    kind = checks.choice(f"{key}.kind", o["kind"], KINDS, "option kind")
    for r in o["from_routes"]:
        checks.choice(f"{key}.from_routes", r, route_letters()[o["sector"]], "route")
    lr = checks.number(f"{key}.learning_rate", o["learning_rate"], low=0, high=0.9)
    row = {
        "is_route": kind == "route",
        "to_route": -1,
        "reduction": 0.0,
        "capex": checks.number(f"{key}.capex_eur_per_t", o["capex_eur_per_t"], low=0),
        "opex": checks.number(f"{key}.opex_eur_per_t", o["opex_eur_per_t"]),
        "lead": int(checks.number(f"{key}.lead_time_years", o["lead_time_years"], low=1, high=20)),
        # [U] at most 100 years: blast furnaces and kilns, the longest-lived assets, run
        # 40-60 years between relines; decisions look ahead over the whole life
        "life": checks.number(f"{key}.life_years", o["life_years"], low=1, high=100),
        "max_share": checks.share(f"{key}.max_share", o["max_share"]),
        "available": checks.year(f"{key}.available_from", o["available_from"]),
        "b": -np.log2(1.0 - lr),
        "cum0": checks.number(
            f"{key}.initial_deployment_t", o["initial_deployment_t"], low=0, low_open=True
        ),
        "growth": checks.number(
            f"{key}.global_growth_per_year", o["global_growth_per_year"], low=-0.5, high=2.0
        ),
        "embodied": _embodied(key, o),
    }
    row["electricity_added"] = checks.number(
        f"{key}.electricity_added_mwh_per_t", o.get("electricity_added_mwh_per_t", 0.0), low=0
    )
    if kind == "route":
        row["to_route"] = routes.index(
            checks.choice(f"{key}.to_route", o["to_route"], routes, "route")
        )
        checks.number(f"{key}.direct_intensity", o["direct_intensity"], low=0)
        checks.number(
            f"{key}.electricity_intensity_mwh_per_t", o["electricity_intensity_mwh_per_t"], low=0
        )
    else:
        row["reduction"] = checks.share(f"{key}.reduction", o["reduction"])
    return row


def _embodied(key: str, o: Mapping[str, Any]) -> float:
    """The option's construction-phase emissions, tCO2e per t/yr of capacity; a value
    above zero needs its source."""
    value = checks.number(
        f"{key}.embodied_tco2e_per_t", o.get("embodied_tco2e_per_t", 0.0), low=0, high=1e3
    )
    why = o.get("embodied_tco2e_per_t_source") or ""
    if value > 0 and not str(why).strip():
        raise ConfigError(
            f"{key}.embodied_tco2e_per_t_source", why, "an embodied carbon needs its source"
        )
    return value
