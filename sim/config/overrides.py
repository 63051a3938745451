"""Overrides Hydra or OmegaConf would accept silently (an empty mapping that merges
nothing, a key given twice of which the last wins, a number for a true/false key) or report
badly (an override without a key): one line naming the argument, for the commands
(:mod:`sim.cli.argv`) and :mod:`sim.api` alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence


def bool_keys() -> set[str]:
    """The names of the true/false fields of the config schemas."""
    from sim.config import exporters, policy_prices, schema

    names = set()
    for module in (schema, policy_prices, exporters):
        for obj in vars(module).values():
            if dataclasses.is_dataclass(obj):
                names |= {f.name for f in dataclasses.fields(obj) if str(f.type) == "bool"}
    return names


def override_problem(argv: Sequence[str]) -> str | None:
    """What is wrong with the first override of ``argv`` Hydra would misread, or None."""
    seen: dict[str, str] = {}
    flags = bool_keys()
    for arg in (a for a in argv if not a.startswith("-") and "=" in a):
        key, value = arg.split("=", 1)
        key = key.lstrip("+~")
        if not key:
            return f"{arg}: an override needs a key (key=value, e.g. policy.cscf{arg})"
        if value.strip() == "{}":
            return (
                f"{arg}: an empty mapping changes nothing (it is merged into the defaults); "
                "set or remove its entries one by one"
            )
        if key in seen:
            return f"{key}: given twice ({seen[key]}, {arg}); give each key once"
        seen[key] = arg
        if key.rsplit(".", 1)[-1] in flags and any(
            v.strip().lower() not in ("true", "false") for v in value.split(",")
        ):
            return f"{key} = {value!r}: expected true or false"
    return None
