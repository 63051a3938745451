"""Sectors, goods, routes, firms and parks: the labelled entities and their data.

:func:`build_population` turns the ``population`` config section (plain dicts) into
a :class:`Population` of numpy arrays along the entity axis, checking every value and
every cross-reference (good, route, park, sector) on the way.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError, SuspiciousInputWarning
from sim.inputs import gases
from sim.inputs.arrays import Population, SupplyLinks
from sim.inputs.files import read_entities_file
from sim.inputs.gases import GasRules
from sim.inputs.goods import EntityGood, resolve_goods
from sim.inputs.supply_chain import build_links

VALUE_BASES = ("actual", "default")


def build_population(
    pop: dict[str, Any],
    sectors: list[str],
    years: list[int],
    gas_rules: GasRules | None = None,
) -> tuple[Population, list[EntityGood], SupplyLinks]:
    """Validate the ``population`` section and return its arrays, with each entity's good
    as looked up in the official tables (:mod:`sim.inputs.goods`), its direct emissions by
    gas at ``gas_rules`` (:mod:`sim.inputs.gases`) and the precursor links between
    entities (:mod:`sim.inputs.supply_chain`)."""
    p = "population"
    grid_ef = checks.number(f"{p}.grid_emission_factor", pop["grid_emission_factor"], low=0)
    entities, where = _entities(pop)
    if not entities:
        raise ConfigError(
            f"{p}.entities",
            {},
            "the population needs at least one entity: give population.entities or "
            "population.entities_file",
        )
    goods = resolve_goods(entities, where, pop["origin"])
    rows = [
        _entity_row(where[eid], e, g, pop, grid_ef, sectors, gas_rules)
        for (eid, e), g in zip(entities.items(), goods, strict=True)
    ]
    ids = list(entities)
    groups = pop.get("importers") or {}
    share = _purchase_shares(groups, ids)
    col = {name: np.array([r[name] for r in rows]) for name in rows[0]}
    population = Population(
        ids=np.array(ids),
        importer_ids=np.array(list(groups), dtype=str),
        importer_count=np.array([float(g["count"]) for g in groups.values()]),
        importer_other_t=np.array([float(g["other_cbam_imports_t"]) for g in groups.values()]),
        purchase_share=share,
        overrides=tuple(note for g in goods for note in g.overrides),
        **col,
    )
    return population, goods, build_links(entities, where, goods, years)


def _entities(pop: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The entities, from ``population.entities_file`` if one is named (else from
    ``population.entities``), and the prefix of the key naming each one's fields."""
    if pop.get("entities_file"):
        records = read_entities_file(pop["entities_file"])
        return records.entities, {eid: f"{at} column " for eid, at in records.where.items()}
    entities = dict(pop["entities"])
    return entities, {eid: f"population.entities.{eid}." for eid in entities}


def _purchase_shares(groups: Mapping[str, Any], ids: list[str]) -> np.ndarray:
    """(E, G) the share of each entity's EU volume each importer group buys; a group names
    known entities, and an entity's shares sum to at most 1."""
    index = {eid: i for i, eid in enumerate(ids)}  # not ids.index(): linear in entities
    share = np.zeros((len(ids), len(groups)))
    for j, (iid, grp) in enumerate(groups.items()):
        key = f"population.importers.{iid}"
        checks.number(f"{key}.count", grp["count"], low=1)
        checks.number(f"{key}.other_cbam_imports_t", grp["other_cbam_imports_t"], low=0)
        for eid, s in grp["purchase_share"].items():
            if eid not in index:
                checks.choice(f"{key}.purchase_share.{eid}", eid, ids[:20], "entity (first 20)")
            share[index[eid], j] = checks.share(f"{key}.purchase_share.{eid}", s)
    for i, total in enumerate(share.sum(axis=1)):
        if total > 1.0 + 1e-9:
            raise ConfigError(
                f"population.importers.*.purchase_share.{ids[i]}",
                round(float(total), 6),
                "shares of one entity's volume across importer groups must sum to at most 1",
            )
    return share


def _entity_row(
    key: str,
    e: dict[str, Any],
    good: EntityGood,
    pop: dict[str, Any],
    grid_ef: float,
    sectors: list[str],
    gas_rules: GasRules | None = None,
) -> dict[str, Any]:
    """One entity's labels and data, its park, value basis and sector checked."""
    checks.choice(f"{key}cn_code", good.sector, sectors, "sector in policy.sectors")
    checks.choice(f"{key}park", e["park"], pop["parks"], "park in population.parks")
    basis = checks.choice(f"{key}value_basis", e["value_basis"], VALUE_BASES, "value basis")
    e, split = gases.entity_gases(key, e, good.ghg, gas_rules)
    direct = _direct_intensity(key, e, good, basis)
    return {
        "names": str(e["name"]),
        "sector": good.sector,
        "good": good.label,
        "cn_code": good.cn_code,
        "origin": good.origin,
        "route": str(e["route"]),
        "park": e["park"],
        "value_basis": basis,
        **_entity_intensities(key, e, grid_ef),
        "direct_tco2e_per_t": direct,
        "direct_gas_tco2e_per_t": gases.domestic_row(split, direct),
        "price_eur_per_t": good.price_eur_per_t,
        "benchmark_default_tco2e_per_t": good.benchmark_default[0],
        "benchmark_default_late_tco2e_per_t": good.benchmark_default[1],
        "default_direct_tco2e_per_t": good.default_direct,
        "default_total_tco2e_per_t": good.default_total,
    }


def _entity_intensities(key: str, e: Mapping[str, Any], grid_ef: float) -> dict[str, float]:
    """An entity's volumes and intensities; its power emission factor is the grid's unless
    it gives its own."""
    ef = e.get("power_emission_factor")
    return {
        "volume_t": checks.number(f"{key}export_volume_t", e["export_volume_t"], low=0),
        "production_t": checks.number(
            f"{key}production_t", e["production_t"], low=0, low_open=True
        ),
        "electricity_mwh_per_t": checks.number(
            f"{key}electricity_intensity_mwh_per_t", e["electricity_intensity_mwh_per_t"], low=0
        ),
        "power_emission_factor": grid_ef
        if ef is None
        else checks.number(f"{key}power_emission_factor", ef, low=0),
    }


def _direct_intensity(key: str, e: Mapping[str, Any], good: EntityGood, basis: str) -> float:
    """The entity's actual direct tCO2e/t; where a declaration table gives no emissions of
    a unit on default values, [U] the default value's direct emissions without mark-up (the
    annex's estimate for its origin: what it would declare once verified)."""
    value = e["direct_intensity"]
    if value is None and basis == "default":
        guess = good.default_direct if math.isfinite(good.default_direct) else good.default_total
        if math.isfinite(guess):
            return guess
    return checks.number(f"{key}direct_intensity", value, low=0)


def intensity_floor(good: EntityGood, route: str, options: Mapping[str, Any]) -> tuple[float, str]:
    """The lowest direct intensity a unit of ``good`` on ``route`` plausibly reaches, and what
    it is: the lower of

    - the route's CBAM benchmark (``benchmark_actual``: the average of the 10 % most
      efficient EU installations, Directive 2003/87/EC Art. 10a(2), IR (EU) 2025/2620), and
    - the direct intensity of the best technology in ``technology.options`` that converts
      capacity to that route (e.g. scrap-EAF 0.20, H2-DRI 0.05, electrolysis 0.0 in
      configs/technology/china_2026.yaml).

    An entity below it is legal (a unit may beat the EU's best) but more often a unit slip
    (kg for t) or a wrong route; it is warned about, not refused.
    """
    sector = good.sector
    floor, what = good.benchmark_actual[route][0], f"the CBAM benchmark of {route}"
    for oid, o in options.items():
        if (
            o.get("kind") == "route"
            and o.get("to_route") == route
            and o.get("sector") == sector
            and o.get("direct_intensity") is not None
            and float(o["direct_intensity"]) < floor
        ):
            floor, what = float(o["direct_intensity"]), f"technology option {oid}"
    return floor, what


def warn_below_best_technology(
    pop: Population, goods: list[EntityGood], technology: Mapping[str, Any], links: SupplyLinks
) -> None:
    """One :class:`SuspiciousInputWarning` per good and route with entities whose direct
    intensity lies below :func:`intensity_floor` (vectorised over entities); an entity
    buying precursors gives its own stage only and is not compared."""
    options = technology["options"]
    good_names, good_code = np.unique(pop.good.astype(str), return_inverse=True)
    route_names, route_code = np.unique(pop.route.astype(str), return_inverse=True)
    pair = good_code * route_names.size + route_code
    order = np.argsort(pair, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(pair[order]) != 0])
    for members in np.split(order, starts[1:]):
        gid = str(good_names[good_code[members[0]]])
        route = str(route_names[route_code[members[0]]])
        floor, what = intensity_floor(goods[members[0]], route, options)
        low = members[pop.direct_tco2e_per_t[members] < floor]
        low = low[~np.isin(low, links.customer)]
        if low.size:
            first = int(low[0])
            more = f" ({low.size - 1} more {gid}/{route} entities likewise)" if low.size > 1 else ""
            warnings.warn(
                f"population.entities.{pop.ids[first]}.direct_intensity = "
                f"{pop.direct_tco2e_per_t[first]:g}: below {floor:g} tCO2e/t, {what} "
                f"for {gid} on route {route}{more}; suspicious (check the value and its "
                "units), the run goes on",
                SuspiciousInputWarning,
                stacklevel=3,
            )
