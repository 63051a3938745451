"""Park infrastructure (the ``park_assets`` table and ``population.parks.<park>.plan``) as
arrays: :class:`sim.inputs.arrays.ParkAssets`.

The table is checked whenever it lists kinds; an empty table (the form older results files
are migrated to) is accepted only while no park has a plan. Money is converted to EUR at
``prices.fx_cny_per_eur``; capacities are MW (storage MWh, the connection 1 per park).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError
from sim.inputs.arrays import GENERATORS, PARK_ASSETS, ParkAssets, Population

MODES = ("plan", "decide")
COST_KEYS = ("electricity", "production", "equal")
PER_UNIT = np.array([1e3, 1e3, 1e3, 1.0, 1e3])  # kW -> MW, kWh -> MWh; one connection
KEY = "park_assets"


def build_park_assets(
    table: Mapping[str, Any], parks: Mapping[str, Any], pop: Population, years: list[int], fx: float
) -> ParkAssets:
    """Check the asset table and every park's plan and return them as arrays."""
    ids = list(parks)
    plans = [_plan(k, parks[k], pop, years) for k in ids]
    kinds = table.get("kinds") or {}
    if not kinds and any(p is not None for p in plans):
        raise ConfigError(f"{KEY}.kinds", {}, "a park has a plan: the asset table needs every kind")
    rows = [_kind(kinds, a) for a in PARK_ASSETS] if kinds else [_NONE] * len(PARK_ASSETS)
    col = {name: np.array([r[name] for r in rows]) for name in _NONE}
    for k, p in zip(ids, plans, strict=True):
        _check_target(k, p, col["lead_time_years"])
    return ParkAssets(
        ids=np.array(ids, dtype=str),
        of_entity=np.array([ids.index(str(k)) for k in pop.park], dtype=int),
        capex_eur=col["capex_cny_per_unit"] * PER_UNIT / fx,
        opex_share=col["opex_share_of_capex"],
        life_years=col["life_years"].astype(int),
        lead_years=col["lead_time_years"].astype(int),
        learning_exponent=-np.log2(1.0 - col["learning_rate"]),
        initial_deployment=col["initial_deployment"] * PER_UNIT,
        global_growth=col["global_growth_per_year"],
        capacity_factor=np.array([_factors(table, parks[k], bool(kinds)) for k in ids]),
        availability_share=_share(table, "availability_share"),
        storage_mwh_per_mwh=_number(table, "storage_cycles_per_year", high=1000)
        * _share(table, "storage_round_trip_efficiency"),
        electrolyser_mwh_per_t=_positive(table, "electrolyser_mwh_per_t_h2"),
        hydrogen_value_eur_per_t=_number(table, "hydrogen_value_cny_per_t") / fx,
        grid_tariff_eur_per_mwh=_number(table, "grid_tariff_cny_per_mwh") / fx,
        direct_line_charges_eur_per_mwh=_number(table, "direct_line_charges_cny_per_mwh") / fx,
        mode=np.array([0 if p is None else 1 + MODES.index(p["mode"]) for p in plans]),
        start_year=np.array([-1 if p is None else p["start_year"] for p in plans]),
        size=np.array([np.zeros(len(PARK_ASSETS)) if p is None else p["size"] for p in plans]),
        cost_key=np.array([0 if p is None else COST_KEYS.index(p["cost_key"]) for p in plans]),
    )


_NONE = {
    "capex_cny_per_unit": 0.0,
    "opex_share_of_capex": 0.0,
    "life_years": 1,
    "lead_time_years": 1,
    "learning_rate": 0.0,
    "initial_deployment": 1.0,
    "global_growth_per_year": 0.0,
}


def _kind(kinds: Mapping[str, Any], a: str) -> dict[str, float]:
    """One row of the asset table, checked."""
    if a not in kinds:
        raise ConfigError(f"{KEY}.kinds", sorted(kinds), f"no row for {a!r}")
    unknown = sorted(set(kinds) - set(PARK_ASSETS))
    if unknown:
        raise ConfigError(f"{KEY}.kinds.{unknown[0]}", unknown[0], f"known: {PARK_ASSETS}")
    r, key = kinds[a], f"{KEY}.kinds.{a}"
    return {
        "capex_cny_per_unit": checks.number(
            f"{key}.capex_cny_per_unit", r["capex_cny_per_unit"], low=0
        ),
        "opex_share_of_capex": checks.share(f"{key}.opex_share_of_capex", r["opex_share_of_capex"]),
        "life_years": checks.integer(f"{key}.life_years", r["life_years"], low=1, high=100),
        "lead_time_years": checks.integer(
            f"{key}.lead_time_years", r["lead_time_years"], low=1, high=10
        ),
        "learning_rate": checks.number(f"{key}.learning_rate", r["learning_rate"], low=0, high=0.9),
        "initial_deployment": checks.number(
            f"{key}.initial_deployment", r["initial_deployment"], low=0, low_open=True
        ),
        "global_growth_per_year": checks.number(
            f"{key}.global_growth_per_year", r["global_growth_per_year"], low=0, high=5
        ),
    }


def _factors(table: Mapping[str, Any], park: Mapping[str, Any], needed: bool) -> np.ndarray:
    """(A,) capacity factors at the park's province (its own row, else ``default``)."""
    out = np.zeros(len(PARK_ASSETS))
    if not needed:
        return out
    for i in np.flatnonzero(GENERATORS):
        a = PARK_ASSETS[i]
        row = (table.get("capacity_factor") or {}).get(a) or {}
        province = str(park.get("province", ""))
        where = province if province in row else "default"
        if where not in row:
            raise ConfigError(f"{KEY}.capacity_factor.{a}", dict(row), "no 'default' value")
        out[i] = checks.share(f"{KEY}.capacity_factor.{a}.{where}", row[where])
    return out


def _plan(
    park: str, cfg: Mapping[str, Any], pop: Population, years: list[int]
) -> dict[str, Any] | None:
    """A park's plan, checked: mode, years, asset sizes, cost key, members."""
    plan, plan_line = cfg.get("plan"), cfg.get("direct_line_commissioned")
    if plan is None:
        return None
    key = f"population.parks.{park}.plan"
    assets = plan.get("assets") or {}
    for a in assets:
        checks.choice(f"{key}.assets.{a}", a, PARK_ASSETS, "park asset kind")
    size = np.array(
        [checks.number(f"{key}.assets.{a}", assets.get(a, 0.0), low=0) for a in PARK_ASSETS]
    )
    if size[PARK_ASSETS.index("connection")] not in (0.0, 1.0):
        raise ConfigError(
            f"{key}.assets.connection", float(size[3]), "expected 0 or 1 (one per park)"
        )
    if not (pop.park == park).any():
        raise ConfigError(key, park, "the park has no member entity to bear its cost")
    if plan_line is not None:
        raise ConfigError(
            f"population.parks.{park}.direct_line_commissioned",
            plan_line,
            "give the park either a costless planned line or a plan with assets, not both",
        )
    target = plan.get("target_year")
    return {
        "mode": checks.choice(f"{key}.mode", plan["mode"], MODES, "plan mode"),
        "start_year": checks.year(f"{key}.start_year", plan["start_year"], low=years[0]),
        "target_year": None if target is None else checks.year(f"{key}.target_year", target),
        "size": size,
        "cost_key": checks.choice(f"{key}.cost_key", plan["cost_key"], COST_KEYS, "cost key"),
        "park": park,
    }


def _check_target(park: str, plan: dict[str, Any] | None, lead: np.ndarray) -> None:
    """Every planned asset commissions by the plan's target year."""
    if plan is None or plan["target_year"] is None or plan["mode"] != "plan":
        return
    built = plan["size"] > 0
    ready = plan["start_year"] + int(lead[built].max()) if built.any() else plan["start_year"]
    if ready > plan["target_year"]:
        raise ConfigError(
            f"population.parks.{park}.plan.target_year",
            plan["target_year"],
            f"the assets started in {plan['start_year']} commission only in {ready} (lead times)",
        )


def _number(t: Mapping[str, Any], name: str, **bounds: Any) -> float:
    return checks.number(f"{KEY}.{name}", t.get(name, 0.0), low=0, **bounds)


def _positive(t: Mapping[str, Any], name: str) -> float:
    return checks.number(f"{KEY}.{name}", t.get(name, 1.0), low=0, low_open=True)


def _share(t: Mapping[str, Any], name: str) -> float:
    return checks.share(f"{KEY}.{name}", t.get(name, 0.0))
