"""Synthetic populations for scale experiments: the configured entities replicated.

The configured entities come first unchanged (importer groups refer to their ids), then
copies with jittered volumes (x0.5-1.5) and direct intensities (x0.9-1.1, kept above the
suspicious-input floor of their route), as rows of an entities file
(``population.entities_file``). A population smaller than the configured one has only its
first units: :func:`importers_of` keeps the importer groups to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim.inputs.entity_tables import ENTITY_COLUMNS
from sim.inputs.goods import resolve_goods
from sim.inputs.population import intensity_floor

# the columns of an entities file the generator fills (the optional grid factor and source
# are left out)
COLUMNS = ("id", *(c for c in ENTITY_COLUMNS if c not in ("power_emission_factor", "source")))


def synthetic_entities(cfg: Mapping[str, Any], n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` entity rows (:data:`COLUMNS`) from the population of a resolved config."""
    rng = np.random.default_rng(seed)
    pop = cfg["population"]
    base = list(pop["entities"].items())
    where = {eid: f"population.entities.{eid}." for eid, _ in base}
    goods = resolve_goods(dict(base), where, pop["origin"])
    rows = []
    for i in range(n):
        eid, e = base[i % len(base)]
        good = goods[i % len(base)]
        links = e.get("precursors") or []
        floor, _ = intensity_floor(good, e["route"], cfg["technology"]["options"])
        floor = 0.0 if links else floor  # a buyer of precursors gives its own stage only
        first = i < len(base)
        scale = 1.0 if first else rng.uniform(0.5, 1.5)
        intensity = e["direct_intensity"] * (1.0 if first else rng.uniform(0.9, 1.1))
        rows.append(
            {
                "id": eid if first else f"{eid}_{i}",
                "name": e["name"],
                "cn_code": e["cn_code"],
                "origin": e.get("origin") or pop["origin"],
                "good": e.get("good", ""),
                "route": e["route"],
                "park": e["park"],
                "export_volume_t": e["export_volume_t"] * scale,
                "production_t": e["production_t"] * scale,
                "value_basis": e["value_basis"],
                "direct_intensity": max(intensity, floor),
                "electricity_intensity_mwh_per_t": e["electricity_intensity_mwh_per_t"],
                "price_eur_per_t": e["price_eur_per_t"],
                "precursors": "; ".join(
                    f"{p['supplier'] or p['cn_code']}={p['t_per_t']}" for p in links
                ),
            }
        )
    return rows


def importers_of(cfg: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """The importer groups of ``cfg`` (in place) kept to the entities of ``rows``: each
    group's purchase shares of the units present, a group left with none dropped (the
    configured groups name the configured units, which a smaller population lacks)."""
    ids = {r["id"] for r in rows}
    groups = cfg["population"].get("importers") or {}
    for name, group in list(groups.items()):
        shares = {e: v for e, v in (group.get("purchase_share") or {}).items() if e in ids}
        if shares:
            group["purchase_share"] = shares
        else:
            del groups[name]
