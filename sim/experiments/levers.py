"""Levers, kept apart from uncertainties (issue 15, the EMA Workbench's discipline): a lever
is a policy choice that firms know, declared under ``ensemble.levers`` as a list of
options for a numeric or year config key (``policy.cscf: [0.95, 1.0]``); the policies are
the full factorial of the lists (the last key varying fastest, as ``sweep.over``), or the
named policies of ``ensemble.lever_design`` (``{strict: {policy.cscf: 0.95, ...}}``).

Each policy is the resolved config patched at its lever keys (:func:`patched`): its inputs
are built from it, so firms' expectations follow the lever, while the uncertainties are
sampled once, from ``ensemble`` alone, the same draws under every policy (common random
numbers). Results carry a leading ``lever`` dimension (:data:`LEVER_DIM`), labelled by
the policy, with one coordinate per lever key (:func:`lever_coords`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.errors import ConfigError

LEVER_DIM = "lever"
LEVERS_KEY, DESIGN_KEY = "ensemble.levers", "ensemble.lever_design"
# sections no lever may set: how a run is carried out, not what the model is given
NOT_MODEL = ("run", "ensemble", "sensitivity", "sweep", "hydra", "scenario")


@dataclass(frozen=True)
class Levers:
    """The lever keys and the policies: (label, {key: value}) in run order."""

    keys: tuple[str, ...]
    policies: tuple[tuple[str, dict[str, float]], ...]

    def __len__(self) -> int:
        """The number of policies."""
        return len(self.policies)


def declared(cfg: Mapping[str, Any]) -> bool:
    """Whether the config declares levers (or a lever design)."""
    ens = cfg.get("ensemble") or {}
    return bool(ens.get("levers") or ens.get("lever_design"))


def checked_levers(cfg: Mapping[str, Any]) -> Levers:
    """The policies of ``ensemble.levers`` (full factorial) or ``ensemble.lever_design``,
    each key checked against the resolved config ``cfg``."""
    ens = cfg.get("ensemble") or {}
    raw, design = ens.get("levers") or {}, ens.get("lever_design") or {}
    if raw and design:
        raise ConfigError(DESIGN_KEY, design, f"give {LEVERS_KEY} or {DESIGN_KEY}, not both")
    uncertain = set(ens.get("uncertain") or {})
    if design:
        return _designed(cfg, design, uncertain)
    if not isinstance(raw, Mapping):
        raise ConfigError(LEVERS_KEY, raw, "expected a mapping {config key: [options]}")
    options = {}
    for key, values in flat(raw).items():
        where = f"{LEVERS_KEY}.{key}"
        if not isinstance(values, list) or not values:
            raise ConfigError(
                where, values, "expected a non-empty list of options, e.g. [0.95, 1.0]"
            )
        _lever_key(cfg, key, where, uncertain, values)
        options[key] = [_number(f"{where}[{i}]", v) for i, v in enumerate(values)]
        if len(set(options[key])) < len(options[key]):
            raise ConfigError(where, values, "an option is listed twice")
    return _factorial(options)


def _factorial(options: Mapping[str, list[float]]) -> Levers:
    """Every combination of the options, the last key varying fastest."""
    import itertools

    keys = tuple(options)
    short = short_names(keys)
    policies = []
    for combo in itertools.product(*options.values()):
        label = ", ".join(f"{short[k]}={_text(v)}" for k, v in zip(keys, combo, strict=True))
        policies.append((label, dict(zip(keys, combo, strict=True))))
    return Levers(keys, tuple(policies))


def _designed(cfg: Mapping[str, Any], design: Any, uncertain: set[str]) -> Levers:
    """Named policies ``{name: {key: value}}``, every one setting the same keys."""
    if not isinstance(design, Mapping):
        raise ConfigError(DESIGN_KEY, design, "expected a mapping {policy name: {key: value}}")
    policies, keys = [], None
    for name, setting in design.items():
        where = f"{DESIGN_KEY}.{name}"
        values = flat(setting) if isinstance(setting, Mapping) else None
        if not values:
            raise ConfigError(where, setting, "expected a mapping {config key: value}")
        if keys is not None and tuple(values) != keys:
            raise ConfigError(
                where, sorted(values), f"expected the keys of the first policy {list(keys)}"
            )
        keys = tuple(values)
        for key, value in values.items():
            _lever_key(cfg, key, f"{where}.{key}", uncertain, value)
            values[key] = _number(f"{where}.{key}", value)
        policies.append((str(name), values))
    return Levers(keys or (), tuple(policies))


def flat(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{policy: {cscf: x}}`` and ``{policy.cscf: x}`` alike as ``{"policy.cscf": x}``."""
    out: dict[str, Any] = {}
    for k, v in tree.items():
        key = f"{prefix}{k}"
        out |= flat(v, f"{key}.") if isinstance(v, Mapping) else {key: v}
    return out


def _lever_key(
    cfg: Mapping[str, Any], key: str, where: str, uncertain: set[str], shown: Any
) -> None:
    """A key of the resolved config holding a number (or null, an optional year);
    ``shown``: the value given for it, in the message."""
    import difflib

    node: Any = cfg
    parts = key.split(".")
    for i, part in enumerate(parts):
        if not isinstance(node, Mapping) or part not in node:
            near = difflib.get_close_matches(
                part, list(node) if isinstance(node, Mapping) else [], 1
            )
            hint = f" (did you mean {'.'.join([*parts[:i], near[0]])}?)" if near else ""
            raise ConfigError(
                where, shown, f"unknown key: a lever is a numeric or year config key{hint}"
            )
        node = node[part]
    if key.split(".")[0] in NOT_MODEL:
        raise ConfigError(where, shown, "not a model key: a lever sets what the model is given")
    if isinstance(node, bool) or not (node is None or isinstance(node, int | float)):
        raise ConfigError(where, shown, f"{key} = {node!r} is not a numeric or year key")
    from sim.experiments.design import UNCERTAIN_KEYS

    for name in sorted(uncertain):
        if any(key == p or key.startswith(p + ".") for p in UNCERTAIN_KEYS.get(name, ())):
            raise ConfigError(
                where, shown, f"also set by the uncertainty ensemble.uncertain.{name}"
            )


def _number(where: str, value: Any) -> float:
    """A lever option: a number (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(where, value, "expected a number (a year for a year key)")
    return value


def _text(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def short_names(keys: tuple[str, ...]) -> dict[str, str]:
    """Each key by its shortest dotted tail that no other key ends with."""
    out = {}
    for key in keys:
        parts = key.split(".")
        for n in range(1, len(parts) + 1):
            tail = ".".join(parts[-n:])
            if not any(o != key and (o == tail or o.endswith("." + tail)) for o in keys):
                break
        out[key] = tail
    return out


def patched(cfg: Mapping[str, Any], setting: Mapping[str, float]) -> dict[str, Any]:
    """``cfg`` with the lever values of one policy set (the mappings along each key's path
    copied, the rest shared) and no levers: the config of a plain run."""
    out = dict(cfg)
    out["ensemble"] = {**cfg["ensemble"], "levers": None, "lever_design": None}
    for key, value in setting.items():
        *parents, leaf = key.split(".")
        node = out
        for part in parents:
            node[part] = dict(node[part])
            node = node[part]
        node[leaf] = value
    return out


def coordinate_name(key: str) -> str:
    """The coordinate of a lever key on ``lever``: ``policy.cscf`` -> ``lever_policy_cscf``."""
    return "lever_" + re.sub(r"\W", "_", key)


def lever_coords(levers: Levers) -> dict[str, tuple]:
    """The ``lever`` axis (the policies' labels) and one coordinate per lever key."""
    import numpy as np

    coords: dict[str, tuple] = {
        LEVER_DIM: (LEVER_DIM, np.array([label for label, _ in levers.policies]),
                    {"long_name": "policy: the levers' values"}),
    }  # fmt: skip
    for key in levers.keys:
        values = np.array([float(s[key]) for _, s in levers.policies])
        attrs = {"long_name": f"lever {key}", "config_key": key}
        coords[coordinate_name(key)] = (LEVER_DIM, values, attrs)
    return coords


def lever_attrs(levers: Levers) -> dict[str, str]:
    """The dataset attribute naming each lever coordinate's config key."""
    return {"levers": json.dumps({coordinate_name(k): k for k in levers.keys})}


def no_levers(cfg: Mapping[str, Any], method: str) -> None:
    """Refuse levers where ``method`` takes uncertainties only (Sobol, Morris)."""
    if declared(cfg):
        ens = cfg["ensemble"]
        raise ConfigError(
            LEVERS_KEY if ens.get("levers") else DESIGN_KEY,
            json.dumps(ens.get("levers") or ens.get("lever_design"), default=str),
            f"{method} indices are over uncertainties only: run it once per policy, "
            "its lever values as overrides (ensemble.levers=null)",
        )
