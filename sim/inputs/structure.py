"""Structure of a resolved config given as plain dicts, checked against the dataclasses of
:mod:`sim.config.schema` before any value is read.

Hydra already enforces the schema when it composes a config; this check covers configs
that reach :func:`sim.inputs.gate.build_inputs` by other ways (the provenance of a results file
re-run with ``cbam-rerun``, notebooks, tests) so that a missing key, an unknown key or a
container of the wrong kind is a :class:`ConfigError` naming the key, never a ``KeyError``
or ``AttributeError`` from deep inside the model. Ranges are checked later, where the
values are used (with the validators of :mod:`sim.checks`).
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from typing import Any

from omegaconf import MISSING

from sim.config.schema import Config
from sim.errors import ConfigError


def check_structure(cfg: Any, schema: type = Config, key: str = "") -> None:
    """Raise :class:`ConfigError` for the first key that does not fit ``schema``."""
    _check(key, cfg, schema)


def _join(key: str, name: Any) -> str:
    return f"{key}.{name}" if key else str(name)


def _check(key: str, value: Any, tp: Any) -> None:
    """``value`` fits the type ``tp`` (a dataclass, dict, list, scalar, optional or Any)."""
    origin = typing.get_origin(tp)
    if tp is Any:
        return
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return
        tp = next(a for a in args if a is not type(None))
        origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        _dataclass(key, value, tp)
    elif origin is dict:
        _mapping(key, value, tp)
    elif origin is list:
        _list(key, value, tp)
    else:
        _scalar(key, value, tp)


def _mapping(key: str, value: Any, tp: Any) -> None:
    """A mapping whose values fit the value type of ``tp`` (``dict[str, X]``)."""
    if not isinstance(value, Mapping):
        raise ConfigError(key, value, "expected a mapping")
    _, inner = typing.get_args(tp)
    for k, v in value.items():
        _check(_join(key, k), v, inner)


def _list(key: str, value: Any, tp: Any) -> None:
    """A list (or tuple) whose items fit the item type of ``tp`` (``list[X]``)."""
    if not isinstance(value, list | tuple):
        raise ConfigError(key, value, "expected a list")
    (inner,) = typing.get_args(tp)
    for i, v in enumerate(value):
        _check(_join(key, i), v, inner)


def _scalar(key: str, value: Any, tp: Any) -> None:
    """A bool, a whole number, a number or a string as ``tp`` asks (other types pass)."""
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, value, "expected true or false")
    elif tp is int:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value != int(value)
            or abs(value) > 1e15  # bounds every whole number (years, counts, seeds)
        ):
            raise ConfigError(key, value, "expected an integer")
    elif tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(key, value, "expected a number")
    elif tp is str:
        if not isinstance(value, str):
            raise ConfigError(key, value, "expected a string")


_HINTS: dict[type, dict[str, Any]] = {}


def _dataclass(key: str, value: Any, tp: type) -> None:
    if not isinstance(value, Mapping):
        raise ConfigError(key or "config", value, f"expected a mapping ({tp.__name__})")
    hints = _HINTS.get(tp)
    if hints is None:  # once per schema class (setdefault would evaluate it every time)
        hints = _HINTS[tp] = typing.get_type_hints(tp)
    fields = {f.name: f for f in dataclasses.fields(tp)}
    for name in value:
        if name not in fields:
            raise ConfigError(
                _join(key, name), value[name], f"unknown key (known: {', '.join(fields)})"
            )
    for name in fields:
        if name not in value:  # a resolved config holds every key of the schema
            raise ConfigError(_join(key, name), None, f"missing key (a field of {tp.__name__})")
        if value[name] == MISSING:
            raise ConfigError(_join(key, name), MISSING, "a value is required")
        _check(_join(key, name), value[name], hints[name])
