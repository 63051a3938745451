"""The record of one output variable and the dimension tuples the registry shares."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    """One output variable: its dimensions, units and names."""

    dims: tuple[str, ...]
    units: str
    long_name: str
    description: str = ""


Y = ("year",)
DY = ("draw", "year")
DEY = ("draw", "entity", "year")
DEQ = ("draw", "entity", "quarter")
DLY = ("draw", "link", "year")
DPY = ("draw", "park_id", "year")  # park-level: the parks of population.parks
