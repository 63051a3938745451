"""Sectors, goods, routes, firms and parks: the labelled entities and their data.

:func:`build_population` turns the ``population`` config section (plain dicts) into
a :class:`Population` of numpy arrays along the entity axis, checking every value and
every cross-reference (good, route, park, sector) on the way.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from sim import checks
from sim.config import EntityConfig
from sim.errors import ConfigError

VALUE_BASES = ("actual", "default")


@dataclass(frozen=True)
class Population:
    """Entity-axis arrays (length E) and the importer groups (length G)."""

    ids: np.ndarray  # (E,) str
    names: np.ndarray
    sector: np.ndarray
    good: np.ndarray
    route: np.ndarray
    park: np.ndarray
    value_basis: np.ndarray  # "actual" | "default"
    volume_t: np.ndarray  # t of good per year
    production_t: np.ndarray  # t of good per year, all markets
    direct_tco2e_per_t: np.ndarray
    electricity_mwh_per_t: np.ndarray
    power_emission_factor: np.ndarray  # tCO2/MWh
    benchmark_default_tco2e_per_t: np.ndarray  # Column B of the default value's route
    default_direct_tco2e_per_t: np.ndarray  # NaN where the Annex gives none
    default_total_tco2e_per_t: np.ndarray
    importer_ids: np.ndarray  # (G,)
    importer_count: np.ndarray
    importer_other_t: np.ndarray
    purchase_share: np.ndarray  # (E, G)

    @property
    def uses_default(self) -> np.ndarray:
        return self.value_basis == "default"

    @property
    def indirect_tco2e_per_t(self) -> np.ndarray:
        return self.electricity_mwh_per_t * self.power_emission_factor


def build_population(pop: dict[str, Any], sectors: list[str]) -> Population:
    """Validate the ``population`` section and return its arrays."""
    p = "population"
    grid_ef = checks.number(f"{p}.grid_emission_factor", pop["grid_emission_factor"], low=0)
    goods = pop["goods"]
    for gid, good in goods.items():
        _check_good(f"{p}.goods.{gid}", good, sectors)
    entities = dict(pop["entities"])
    if pop.get("entities_file"):
        entities = read_entities_file(pop["entities_file"])
    if not entities:
        raise ConfigError(f"{p}.entities", {}, "the population needs at least one entity")
    rows = [_entity_row(f"{p}.entities.{eid}", eid, e, pop, grid_ef) for eid, e in entities.items()]
    ids = list(entities)
    groups = pop.get("importers") or {}
    share = np.zeros((len(ids), len(groups)))
    for j, (iid, grp) in enumerate(groups.items()):
        key = f"{p}.importers.{iid}"
        checks.number(f"{key}.count", grp["count"], low=1)
        checks.number(f"{key}.other_cbam_imports_t", grp["other_cbam_imports_t"], low=0)
        for eid, s in grp["purchase_share"].items():
            checks.choice(f"{key}.purchase_share.{eid}", eid, ids, "entity")
            share[ids.index(eid), j] = checks.share(f"{key}.purchase_share.{eid}", s)
    for i, total in enumerate(share.sum(axis=1)):
        if total > 1.0 + 1e-9:
            raise ConfigError(
                f"{p}.importers.*.purchase_share.{ids[i]}",
                round(float(total), 6),
                "shares of one entity's volume across importer groups must sum to at most 1",
            )
    col = {name: np.array([r[name] for r in rows]) for name in rows[0]}
    return Population(
        ids=np.array(ids),
        importer_ids=np.array(list(groups), dtype=str),
        importer_count=np.array([float(g["count"]) for g in groups.values()]),
        importer_other_t=np.array([float(g["other_cbam_imports_t"]) for g in groups.values()]),
        purchase_share=share,
        **col,
    )


def _check_good(key: str, good: dict[str, Any], sectors: list[str]) -> None:
    checks.choice(f"{key}.sector", good["sector"], sectors, "sector in policy.sectors")
    for column in ("benchmark_default", "benchmark_actual"):
        if not good[column]:
            raise ConfigError(
                f"{key}.{column}",
                good[column],
                "a good needs a CBAM benchmark for at least one route",
            )
        for route, value in good[column].items():
            checks.number(f"{key}.{column}.{route}", value, low=0)
    checks.choice(
        f"{key}.default_value_route",
        good["default_value_route"],
        good["benchmark_default"],
        "route in benchmark_default",
    )
    if good["default_value_direct"] is None and good["default_value_total"] is None:
        raise ConfigError(f"{key}.default_value_total", None, "a good needs a default value")
    for column in ("default_value_direct", "default_value_total"):
        if good[column] is not None:
            checks.number(f"{key}.{column}", good[column], low=0)


def _entity_row(
    key: str, eid: str, e: dict[str, Any], pop: dict[str, Any], grid_ef: float
) -> dict[str, Any]:
    goods = pop["goods"]
    gid = checks.choice(f"{key}.good", e["good"], goods, "good in population.goods")
    good = goods[gid]
    checks.choice(f"{key}.park", e["park"], pop["parks"], "park in population.parks")
    basis = checks.choice(f"{key}.value_basis", e["value_basis"], VALUE_BASES, "value basis")
    # Column B benchmark of the route the default value stands for (Commission Q&A 2026)
    bench_default = good["benchmark_default"][good["default_value_route"]]
    # checked for units on default values too: they may switch to verified data later
    if e["route"] not in good["benchmark_actual"]:
        raise ConfigError(
            f"population.goods.{gid}.benchmark_actual",
            dict(good["benchmark_actual"]),
            f"no CBAM benchmark for route {e['route']!r} used by {key}",
        )
    ef = e.get("power_emission_factor")
    nan = float("nan")
    return {
        "names": str(e["name"]),
        "sector": good["sector"],
        "good": gid,
        "route": str(e["route"]),
        "park": e["park"],
        "value_basis": basis,
        "volume_t": checks.number(f"{key}.export_volume_t", e["export_volume_t"], low=0),
        "production_t": checks.number(
            f"{key}.production_t", e["production_t"], low=0, low_open=True
        ),
        "direct_tco2e_per_t": checks.number(
            f"{key}.direct_intensity", e["direct_intensity"], low=0
        ),
        "electricity_mwh_per_t": checks.number(
            f"{key}.electricity_intensity_mwh_per_t", e["electricity_intensity_mwh_per_t"], low=0
        ),
        "power_emission_factor": grid_ef
        if ef is None
        else checks.number(f"{key}.power_emission_factor", ef, low=0),
        "benchmark_default_tco2e_per_t": float(bench_default),
        "default_direct_tco2e_per_t": nan
        if good["default_value_direct"] is None
        else float(good["default_value_direct"]),
        "default_total_tco2e_per_t": nan
        if good["default_value_total"] is None
        else float(good["default_value_total"]),
    }


ENTITY_COLUMNS = tuple(f.name for f in fields(EntityConfig))
_NUMERIC = {
    "export_volume_t",
    "direct_intensity",
    "production_t",
    "electricity_intensity_mwh_per_t",
    "power_emission_factor",
}


def read_entities_file(path_str: str) -> dict[str, dict[str, Any]]:
    """Entities from a CSV file with a column ``id`` and the fields of an entity."""
    key = "population.entities_file"
    path = Path(path_str).expanduser()
    if not path.is_file():
        raise ConfigError(key, path_str, f"file not found (looked in {path.resolve()})")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(row for row in fh if not row.lstrip().startswith("#"))
        header = reader.fieldnames or []
        unknown = [c for c in header if c not in ENTITY_COLUMNS and c != "id"]
        missing = [
            c
            for c in (
                "id",
                "name",
                "good",
                "route",
                "park",
                "export_volume_t",
                "production_t",
                "direct_intensity",
            )
            if c not in header
        ]
        if unknown or missing:
            raise ConfigError(
                key,
                path_str,
                f"bad columns: unknown {unknown}, missing {missing}; "
                f"expected id and {', '.join(ENTITY_COLUMNS)}",
            )
        entities: dict[str, dict[str, Any]] = {}
        for line, row in enumerate(reader, start=2):
            record: dict[str, Any] = {
                "value_basis": "actual",
                "electricity_intensity_mwh_per_t": 0.0,
                "power_emission_factor": None,
                "source": path_str,
            }
            for col, raw in row.items():
                if col == "id" or raw in (None, ""):
                    continue
                try:
                    record[col] = float(raw) if col in _NUMERIC else raw
                except ValueError:
                    raise ConfigError(
                        f"{path_str} line {line} column {col}", raw, "expected a number"
                    ) from None
            entities[row["id"]] = record
    return entities
