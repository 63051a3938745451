"""Config keys that changed between versions: what the stored config of an older results
file needs to run today, and the hint shown when a removed key is given.

Each added key is filled with the value that reproduces the earlier behaviour, so that an
old results file re-runs bit for bit (``cbam-rerun``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

# key -> why it went and what replaces it
REMOVED: dict[str, str] = {
    "run.seed": "run.seed was recorded but never drew; the one seed is ensemble.seed",
    "response.power_kinds": "the green-power kinds (direct_line, ppa, gec) are fixed, not "
    "configured",
}

# key -> the value of the earlier, hard-coded behaviour
ADDED: dict[str, Any] = {
    "response.mrv_life_years": 10,
    "prices.growth_after_horizon": 0.0,
    "prices.growth_after_horizon_source": "[U] earlier versions: flat at the last year's price",
}


def migrate(cfg: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of a stored resolved config with removed keys dropped and added keys filled,
    and one note per change."""
    out = copy.deepcopy(dict(cfg))
    notes = []
    for key in REMOVED:
        section, name = key.split(".")
        if name in out.get(section, {}):
            out[section].pop(name)
            notes.append(f"{key} dropped ({REMOVED[key]})")
    for key, value in ADDED.items():
        section, name = key.split(".")
        if section in out and name not in out[section]:
            out[section][name] = value
            notes.append(f"{key} = {value!r} added (the earlier behaviour)")
    return out, notes


def removed_key_hint(key: str) -> str | None:
    """Why ``key`` is no longer accepted and what to use instead, if it was removed."""
    return REMOVED.get(key)
