"""The policy explorer's levers: what each one is, its range, and how a set of lever values
turns the composed baseline config (plain dicts) into the config of a what-if, without
Hydra (pure dict work: fast enough to run on every slider move).

Four levers switch on a shipped scenario's changes (its difference to the baseline: a
*template*, :func:`difference`), moved in time where the lever takes a year
(:func:`shift_years`): the park_c zero-carbon plan (``park_c_zero_carbon_2030``), park_b's
direct line (``park_direct_line_2028``), hydrogen-DRI support (``h2_dri_transition``) and
the downstream extension (``downstream_2028``). The rest set one config key each.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# the shipped scenarios the template levers take their changes from
TEMPLATES = {
    "park_c_plan": "park_c_zero_carbon_2030",
    "park_b_line": "park_direct_line_2028",
    "h2_dri": "h2_dri_transition",
    "downstream": "downstream_2028",
}
# the year each year lever's template has: park_c's target year (its plan starts three
# years before), the year park_b's direct line is in service (started two years before)
TEMPLATE_YEAR = {"park_c_plan_target": 2030, "park_b_line_from": 2028}
# park_direct_line_2028 is "sized for about half of the park's electricity" (its source)
PARK_B_TEMPLATE_SHARE = 0.5
NEVER = 0  # a year lever's "off" value
EU_PRICE_PIVOT = 2030  # the EU price lever sets this year's price and the slope around it


@dataclass(frozen=True)
class Lever:
    """One lever: a slider (``low``..``high`` by ``step``), a toggle or a choice."""

    key: str
    kind: str  # "slider", "year" (a slider whose low end is "off"), "toggle", "choice"
    low: float = 0.0
    high: float = 1.0
    step: float = 1.0
    options: tuple[str, ...] = ()
    unit: str = ""


LEVERS: tuple[Lever, ...] = (
    Lever("eu_price_2030", "slider", 40, 300, 5, unit="EUR/tCO2e"),
    Lever("eu_price_slope", "slider", -15, 40, 1, unit="EUR/tCO2e per year"),
    Lever("china_price_2030", "slider", 0, 400, 10, unit="CNY/tCO2"),
    Lever("paid_share_2030", "slider", 0, 1, 0.05),
    Lever("cscf", "slider", 0.8, 1.0, 0.01),
    Lever("indirect_from", "year", 2026, 2034, 1),
    Lever("verified_data", "choice", options=("decide", "never", "everyone")),
    Lever("park_b_line_from", "year", 2027, 2034, 1),
    Lever("park_b_line_share", "slider", 0.1, 1.0, 0.05),
    Lever("park_c_plan_target", "year", 2028, 2034, 1),
    Lever("h2_dri_support", "toggle"),
    Lever("downstream", "toggle"),
)
BY_KEY = {lever.key: lever for lever in LEVERS}


def defaults(base: Mapping[str, Any]) -> dict[str, Any]:
    """The lever values that reproduce the baseline config ``base`` exactly."""
    prices, policy = base["prices"], base["policy"]
    eua = {int(y): float(v) for y, v in prices["eua_annual_eur"].items()}
    indirect = policy.get("indirect_for_all_sectors_from")
    return {
        "eu_price_2030": eua[EU_PRICE_PIVOT],
        "eu_price_slope": eua[EU_PRICE_PIVOT + 1] - eua[EU_PRICE_PIVOT],
        "china_price_2030": _at(prices["domestic_price_cny"], EU_PRICE_PIVOT),
        "paid_share_2030": _at(prices["effectively_paid_share"], EU_PRICE_PIVOT),
        "cscf": float(policy["cscf"]),
        "indirect_from": int(indirect) if indirect else NEVER,
        "verified_data": base["response"]["verified_data"],
        "park_b_line_from": NEVER,
        "park_b_line_share": PARK_B_TEMPLATE_SHARE,
        "park_c_plan_target": NEVER,
        "h2_dri_support": False,
        "downstream": False,
    }


def _at(path: Mapping[Any, Any], year: int) -> float:
    """A sparse yearly path's value in ``year`` (linear between the years given)."""
    import numpy as np

    years = sorted(int(y) for y in path)
    values = [float(path[str(y)] if str(y) in path else path[y]) for y in years]
    return float(np.interp(year, years, values))


def apply(
    base: Mapping[str, Any], values: Mapping[str, Any], templates: Mapping[str, Mapping]
) -> dict[str, Any]:
    """A deep copy of ``base`` with the levers ``values`` applied (a lever at its
    baseline value changes nothing: :func:`defaults`)."""
    cfg = copy.deepcopy(dict(base))
    start = defaults(base)
    v = {**start, **values}
    _prices(cfg, v, start)
    if v["cscf"] != start["cscf"]:
        cfg["policy"]["cscf"] = float(v["cscf"])
    if v["indirect_from"] != start["indirect_from"]:
        cfg["policy"]["indirect_for_all_sectors_from"] = int(v["indirect_from"]) or None
    cfg["response"]["verified_data"] = v["verified_data"]
    for key, template in (
        ("park_b_line_from", "park_b_line"),
        ("park_c_plan_target", "park_c_plan"),
    ):
        if v[key]:
            changes = shift_years(templates[template], int(v[key]) - TEMPLATE_YEAR[key])
            if key == "park_b_line_from":
                changes = _scaled_assets(
                    changes, float(v["park_b_line_share"]) / PARK_B_TEMPLATE_SHARE
                )
            merge(cfg, changes)
    for key, template in (("h2_dri_support", "h2_dri"), ("downstream", "downstream")):
        if v[key]:
            merge(cfg, templates[template])
    return cfg


def _prices(cfg: dict[str, Any], v: Mapping[str, Any], start: Mapping[str, Any]) -> None:
    """The EU path (its pivot year's level and the slope; the first year's observed price
    kept) and the China ETS price and paid-share paths scaled to their 2030 values."""
    prices = cfg["prices"]
    if (v["eu_price_2030"], v["eu_price_slope"]) != (
        start["eu_price_2030"],
        start["eu_price_slope"],
    ):
        first = min(int(y) for y in prices["eua_annual_eur"])
        prices["eua_annual_eur"] = {
            str(y): (
                p
                if int(y) == first
                else max(0.0, v["eu_price_2030"] + v["eu_price_slope"] * (int(y) - EU_PRICE_PIVOT))
            )
            for y, p in prices["eua_annual_eur"].items()
        }
    for key, name, cap in (
        ("china_price_2030", "domestic_price_cny", None),
        ("paid_share_2030", "effectively_paid_share", 1.0),
    ):
        if v[key] != start[key]:
            factor = float(v[key]) / start[key] if start[key] else 0.0
            prices[name] = {
                y: min(cap, p * factor) if cap is not None else p * factor
                for y, p in prices[name].items()
            }


def _scaled_assets(template: Mapping[str, Any], factor: float) -> dict[str, Any]:
    """The direct-line template with every park's planned asset sizes times ``factor``
    (an approximation [U]: the share of electricity served scales with the assets)."""
    out = copy.deepcopy(dict(template))
    for park in out.get("population", {}).get("parks", {}).values():
        assets = (park.get("plan") or {}).get("assets") or {}
        for name, size in assets.items():
            assets[name] = size if name == "connection" else float(size) * factor
    return out


def difference(base: Any, other: Any) -> Any:
    """The part of config ``other`` that differs from ``base`` (nested; lists and scalars
    whole), without the ``scenario`` block: what merging it onto ``base`` gives ``other``."""
    if not isinstance(other, Mapping) or not isinstance(base, Mapping):
        return copy.deepcopy(other)
    out = {}
    for key, value in other.items():
        if key == "scenario":
            continue
        if key not in base:
            out[key] = copy.deepcopy(value)
        elif base[key] != value:
            out[key] = difference(base[key], value)
    return out


def merge(cfg: dict[str, Any], changes: Mapping[str, Any]) -> None:
    """Merge ``changes`` into ``cfg`` in place, mappings key by key (as Hydra merges a
    scenario file), everything else replaced."""
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(cfg.get(key), dict):
            merge(cfg[key], value)
        else:
            cfg[key] = copy.deepcopy(value)


def shift_years(tree: Any, by: int, path: tuple[str, ...] = ()) -> Any:
    """``tree`` with every year moved by ``by``: integers under keys ending in ``year``,
    the values of a ``technology_plan`` and the year keys of ``input_series`` entries
    (``input_series.<indicator>.<park>.<year>``)."""
    if isinstance(tree, Mapping):
        series = len(path) >= 3 and path[-3] == "input_series"
        return {
            (str(int(k) + by) if series and _is_year(k) else k): shift_years(v, by, (*path, str(k)))
            for k, v in tree.items()
        }
    if isinstance(tree, bool) or not isinstance(tree, int) or not path:
        return copy.deepcopy(tree)
    in_plan = len(path) >= 2 and path[-2] == "technology_plan"
    return tree + by if in_plan or path[-1].endswith("year") else tree


def _is_year(key: Any) -> bool:
    return str(key).isdigit() and 1990 <= int(key) <= 2100
