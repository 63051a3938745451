"""The gas dimension of direct emissions: GWP100 sets, the gases CBAM lists for each good
and each entity's direct intensity by gas.

An entity gives its direct emissions either as one number, ``direct_intensity`` (tCO2e
per t of good: the gases Annex I lists for the good, in CO2e), or by gas,
``direct_intensity_by_gas_t_per_t`` (t of each gas per t of good, gases of
:data:`sim.axes.GASES`). From the split:

- the CBAM direct intensity (the one number the obligation reads) is the sum over the
  gases Reg. 2023/956 Annex I lists for the good, each at the GWP100 of
  ``policy.cbam_gwp100_set``;
- the domestic direct intensity by gas (the park's accounting, every gas) is each gas
  at the GWP100 of ``policy.domestic_gwp100_set``.

A one-number entity's direct emissions appear in the domestic accounting as CO2 (their
split is unknown). See docs/model.md, "Gases".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim import checks
from sim.axes import CO2, GASES
from sim.errors import ConfigError


@dataclass(frozen=True)
class GasRules:
    """The GWP100 values, tCO2e per t of gas, along the ``gas`` axis."""

    cbam_gwp: np.ndarray  # the set CBAM's monitoring rules prescribe
    domestic_gwp: np.ndarray  # the set of the park's own accounting


def gas_rules(pol: Mapping[str, Any]) -> GasRules:
    """The two GWP100 sets the policy section names, each checked for every gas."""
    key = "policy.gwp100"
    sets = pol.get("gwp100") or {}
    if not isinstance(sets, Mapping) or not sets:
        raise ConfigError(key, sets, "expected a mapping set -> gas -> tCO2e per t of gas")
    cbam = checks.choice("policy.cbam_gwp100_set", pol["cbam_gwp100_set"], sets, "GWP set")
    domestic = checks.choice(
        "policy.domestic_gwp100_set", pol["domestic_gwp100_set"], sets, "GWP set"
    )
    return GasRules(
        cbam_gwp=_gwp_set(f"{key}.{cbam}", sets[cbam]),
        domestic_gwp=_gwp_set(f"{key}.{domestic}", sets[domestic]),
    )


def _gwp_set(key: str, values: Any) -> np.ndarray:
    """(gas,) one GWP100 set: a positive number for each gas of :data:`GASES`, no other."""
    if not isinstance(values, Mapping):
        raise ConfigError(key, values, "expected a mapping gas -> tCO2e per t of gas")
    for gas in values:
        checks.choice(f"{key}.{gas}", gas, GASES, "gas")
    missing = [g for g in GASES if g not in values]
    if missing:
        raise ConfigError(key, dict(values), f"no GWP100 for {', '.join(missing)}")
    return np.array([checks.number(f"{key}.{g}", values[g], low=0, low_open=True) for g in GASES])


def listed_gases(ghg: str) -> np.ndarray:
    """(gas,) bool: the gases Annex I lists for a good, from its ``ghg`` entry ("Carbon
    dioxide", "Carbon dioxide & Nitrous oxide", "Carbon dioxide and perfluorocarbons")."""
    text = ghg.lower()
    listed = {"CO2"}
    if "nitrous" in text:
        listed.add("N2O")
    if "perfluoro" in text:
        listed |= {"CF4", "C2F6"}
    return np.array([g in listed for g in GASES])


def by_gas(key: str, e: Mapping[str, Any]) -> np.ndarray | None:
    """(gas,) the entity's direct emissions in t of gas per t of good, or None where it
    gives one number; both at once is refused."""
    split = e.get("direct_intensity_by_gas_t_per_t") or {}
    at = f"{key}direct_intensity_by_gas_t_per_t"
    if not split:
        return None
    if not isinstance(split, Mapping):
        raise ConfigError(at, split, "expected a mapping gas -> t of gas per t of good")
    if e.get("direct_intensity") is not None:
        raise ConfigError(
            f"{key}direct_intensity",
            e["direct_intensity"],
            "give direct_intensity (tCO2e/t) or direct_intensity_by_gas_t_per_t, not both",
        )
    for gas in split:
        checks.choice(f"{at}.{gas}", gas, GASES, "gas")
    return np.array([checks.number(f"{at}.{g}", split.get(g, 0.0), low=0) for g in GASES])


def entity_gases(
    key: str, e: Mapping[str, Any], ghg: str, rules: GasRules | None
) -> tuple[dict[str, Any], np.ndarray | None]:
    """The entity's fields with ``direct_intensity`` as CBAM counts it (tCO2e/t of the
    listed gases) where it gives a split, and the split in domestic tCO2e/t (gas,) (None
    where it gives one number: :func:`domestic_row` makes it CO2)."""
    mass = by_gas(key, e)
    if mass is None:
        return dict(e), None
    if rules is None:
        raise ConfigError(
            f"{key}direct_intensity_by_gas_t_per_t",
            dict(e["direct_intensity_by_gas_t_per_t"]),
            "a split by gas needs the GWP100 sets of the policy section",
        )
    cbam = float(np.sum(mass * rules.cbam_gwp * listed_gases(ghg)))
    return {**e, "direct_intensity": cbam}, mass * rules.domestic_gwp


def domestic_row(split: np.ndarray | None, direct_tco2e_per_t: float) -> np.ndarray:
    """(gas,) the entity's direct tCO2e/t by gas in the domestic accounting: its split, or
    its one number as CO2."""
    if split is not None:
        return split
    row = np.zeros(len(GASES))
    row[CO2] = direct_tco2e_per_t
    return row
