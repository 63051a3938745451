"""Precursor links between entities: the supply chain inside and across parks.

An entity's good may embed precursors (IR 2025/2547: slab in a hot-rolled coil, unwrought
aluminium in a sheet, clinker in cement, ammonia in urea). Each entry of
``population.entities.<id>.precursors`` names its ``supplier`` (another entity) or, for a
precursor bought outside the population, its ``cn_code``, and ``t_per_t``, t of precursor
per t of good. :func:`build_links` checks them (the supplier exists, no chain loops back,
Annex IV has a default value for the precursor) and returns :class:`SupplyLinks`.

The default value charged for a precursor whose actual values are not available is the
precursor default value of IR (EU) 2025/2621 Annex IV for its CN code, as printed with the
year's mark-up (2028 onwards as 2028).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError
from sim.inputs import official
from sim.inputs.arrays import SupplyLinks
from sim.inputs.goods import EntityGood


def build_links(
    entities: Mapping[str, Mapping[str, Any]],
    where: Mapping[str, str],
    goods: Sequence[EntityGood],
    years: Sequence[int],
) -> SupplyLinks:
    """The precursor links of every entity, checked; ``where`` gives each entity's key
    prefix (``population.entities.<id>.``)."""
    ids = list(entities)
    index = {eid: i for i, eid in enumerate(ids)}
    rows = []
    for c, (eid, e) in enumerate(entities.items()):
        for n, p in enumerate(_entries(f"{where[eid]}precursors", e.get("precursors"))):
            rows.append(_link(f"{where[eid]}precursors.{n}", eid, c, p, index, goods, years))
    if not rows:
        return SupplyLinks()
    customer = np.array([r[1] for r in rows], dtype=int)
    supplier = np.array([r[2] for r in rows], dtype=int)
    return SupplyLinks(
        ids=np.array([r[0] for r in rows], dtype=str),
        customer=customer,
        supplier=supplier,
        cn_code=np.array([r[3] for r in rows], dtype=str),
        t_per_t=np.array([r[4] for r in rows], dtype=float),
        default_tco2e_per_t=np.array([r[5] for r in rows], dtype=float),
        depth=chain_depth(customer, supplier, ids),
    )


def _entries(key: str, value: Any) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ConfigError(key, value, "a list of precursors (supplier or cn_code, t_per_t)")
    for n, p in enumerate(value):
        if not isinstance(p, Mapping):
            raise ConfigError(f"{key}.{n}", p, "a mapping: supplier or cn_code, t_per_t, source")
    return list(value)


def _link(
    key: str,
    eid: str,
    c: int,
    p: Mapping[str, Any],
    index: Mapping[str, int],
    goods: Sequence[EntityGood],
    years: Sequence[int],
) -> tuple[str, int, int, str, float, list[float]]:
    """(id, customer, supplier, precursor CN code, t per t, default value by year)."""
    supplier, code = p.get("supplier"), p.get("cn_code")
    if (supplier is None) == (code is None):
        raise ConfigError(
            f"{key}.supplier", supplier, "either a supplier entity or a cn_code (not both)"
        )
    amount = checks.number(f"{key}.t_per_t", p.get("t_per_t"), low=0, low_open=True)
    if not isinstance(p.get("source"), str) or not p["source"].strip():
        raise ConfigError(f"{key}.source", p.get("source"), "the source of the precursor link")
    if supplier is not None:
        if supplier not in index or supplier == eid:
            others = [k for k in index if k != eid][:20]
            checks.choice(f"{key}.supplier", supplier, others, "another entity (first 20)")
        s = index[str(supplier)]
        code, origin, at, name = goods[s].cn_code, goods[s].origin, f"{key}.supplier", supplier
    else:
        s, origin, at, name = -1, goods[c].origin, f"{key}.cn_code", "external"
    facts = official.lookup(origin, str(code), key=at)
    row = facts.precursor_default
    if row is None or not np.isfinite(row.marked_up(years[0])):
        raise ConfigError(
            at,
            str(code),
            f"IR 2025/2621 Annex IV gives no precursor default value for {facts.cn_code}: "
            "the precursor could not be charged when its actual values are missing",
        )
    return f"{eid}<-{name}", c, s, facts.cn_code, amount, [row.marked_up(y) for y in years]


def chain_depth(customer: np.ndarray, supplier: np.ndarray, ids: Sequence[str]) -> int:
    """The passes that resolve every chain: the most entities buying precursors in a row
    along a chain of suppliers; a chain that loops back on itself is refused (a good
    cannot be its own precursor)."""
    upstream: dict[int, list[int]] = {}
    for c, s in zip(customer.tolist(), supplier.tolist(), strict=True):
        if s >= 0:
            upstream.setdefault(c, []).append(s)
    depth: dict[int, int] = {}
    buyers = set(customer.tolist())

    def visit(e: int, path: tuple[int, ...]) -> int:
        if e in path:
            loop = " <- ".join(ids[i] for i in (*path[path.index(e) :], e))
            raise ConfigError(
                f"population.entities.{ids[e]}.precursors", loop, "a chain without loops"
            )
        if e not in depth:
            below = max((visit(u, (*path, e)) for u in upstream.get(e, [])), default=0)
            depth[e] = int(e in buyers) + below
        return depth[e]

    return max(visit(int(c), ()) for c in customer)
