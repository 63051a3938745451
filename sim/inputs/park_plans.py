"""A park's technology plan: abatement options its member units commit to in a given year
(``population.parks.<park>.technology_plan``: option -> year the projects start).

A committed option starts, in its year, on the whole capacity still open to it in every
member unit it applies to (its sector, routes and CN codes), whatever its benefit and
outside the unit's yearly capex budget (the plan is financed as a park programme); its
lead time, capex with learning and availability hold as for any project (docs/model.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError


def technology_plan(
    parks: Mapping[str, Any], park_of: np.ndarray, option_ids: np.ndarray
) -> np.ndarray:
    """(E, K) the year each entity's park commits it to each option (-1: not planned)."""
    options = [str(k) for k in option_ids]
    planned = np.full((park_of.size, len(options)), -1, dtype=int)
    for park, cfg in parks.items():
        plan = cfg.get("technology_plan") or {}
        key = f"population.parks.{park}.technology_plan"
        if plan and not str(cfg.get("technology_plan_source") or "").strip():
            raise ConfigError(f"{key}_source", cfg.get("technology_plan_source"), "its source")
        members = park_of == park
        for option, year in plan.items():
            k = options.index(checks.choice(f"{key}", option, options, "technology option"))
            # a plan starts within the definitive period (from 2026)
            planned[members, k] = checks.year(f"{key}.{option}", year, low=2026)
    return planned


def park_claims(
    parks: Mapping[str, Any], park_of: np.ndarray, offset_share: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(E,) each entity's park's certificate purchases (the year they start, -1 none, and
    the share of electricity they cover) and the share of its emissions offset (the park's
    or ``response.offset_share``). Neither lowers a CBAM obligation: only the domestic
    accounting counts them (the digital decarbonisation trap, docs/model.md)."""
    year = np.full(park_of.size, -1, dtype=int)
    share = np.zeros(park_of.size)
    offsets = np.full(park_of.size, float(offset_share))
    for park, cfg in parks.items():
        key, members = f"population.parks.{park}", park_of == park
        claims = cfg.get("certificates_from") is not None or cfg.get("offset_share") is not None
        if claims and not str(cfg.get("claims_source") or "").strip():
            raise ConfigError(f"{key}.claims_source", cfg.get("claims_source"), "its source")
        if cfg.get("certificates_from") is not None:
            year[members] = checks.year(f"{key}.certificates_from", cfg["certificates_from"])
            share[members] = checks.share(
                f"{key}.certificates_share", cfg.get("certificates_share", 0.0)
            )
        if cfg.get("offset_share") is not None:
            offsets[members] = checks.share(f"{key}.offset_share", cfg["offset_share"])
    return year, share, offsets
