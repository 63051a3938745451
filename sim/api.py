"""For notebooks and scripts: compose a config exactly as ``cbam-sim`` would and run it.

    from sim.api import run
    ds = run(["scenario=park_direct_line_2028", "run.end_year=2030"])

Nothing is written: the dataset is returned (with its provenance attributes), to be saved
with ``sim.io.results.write_atomic`` if wanted.

Hydra composes the config of each distinct set of group choices (``scenario=...``,
``prices=high``, ``ensemble=...``) once per process (0.3-0.4 s); value overrides
(``policy.cscf=0.95``) are then applied to that composed config by Hydra's own override
code and undone afterwards (the plain dicts patched where they changed,
:mod:`sim.config.containers`), so that repeated runs with changed levers cost the model, not
the composition (``benchmarks/api_repeat.py``). Appending (``+key``), deleting (``~key``)
and ``hydra.*`` overrides go through a full composition. :func:`clear_cache` forgets the
composed configs (after editing a config file in a running notebook).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import xarray as xr
    from omegaconf import DictConfig

_ABSENT = object()


def compose(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The resolved config (plain dicts) for command-line style ``overrides``; what the
    commands refuse in one line raises :class:`sim.errors.InputError` with that line."""
    from sim.config.messages import COMPOSITION_ERRORS, composition_error
    from sim.config.overrides import override_problem
    from sim.errors import InputError

    problem = override_problem(list(overrides))
    if problem is not None:
        raise InputError(problem)
    try:
        return _compose(overrides)
    except COMPOSITION_ERRORS as err:
        message = composition_error(err)
    raise InputError(message) from None


def _compose(overrides: Sequence[str]) -> dict[str, Any]:
    from sim.config.containers import patched, plain

    choices, values = _split(list(overrides))
    if values is None:
        return plain(_hydra(tuple(overrides)))
    cfg, base = _composed(tuple(choices))
    with _applied(cfg, values):
        out = None if base is None else patched(base, cfg, [o.key_or_group for o in values])
        return plain(cfg) if out is None else out


def clear_cache() -> None:
    """Forget the configs composed so far (the next :func:`compose` reads the files)."""
    _composed.cache_clear()
    _groups.cache_clear()


def _hydra(overrides: tuple[str, ...]) -> DictConfig:
    """Hydra's composition of ``overrides`` on the shipped configs."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_module

    from sim.config.store import register_configs
    from sim.config.yaml_parser import c_parser

    register_configs()
    with c_parser(), initialize_config_module(config_module="sim.configs", version_base="1.3"):
        return hydra_compose(config_name="config", overrides=list(overrides))


@functools.lru_cache(maxsize=16)
def _composed(choices: tuple[str, ...]) -> tuple[DictConfig, dict[str, Any] | None]:
    """Hydra's composition of the group ``choices`` and its plain container to patch
    (:func:`sim.config.containers.patchable`)."""
    from sim.config.containers import patchable

    cfg = _hydra(choices)
    return cfg, patchable(cfg)


@functools.lru_cache(maxsize=1)
def _groups() -> frozenset[str]:
    from sim.config.store import config_groups

    return frozenset(config_groups())


def _split(overrides: list[str]) -> tuple[list[str], list[Any] | None]:
    """Group choices (as written) and value overrides (parsed); None for the values when
    an override needs a full composition."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parsed = OverridesParser.create().parse_overrides(overrides)
    choices, values = [], []
    for line, o in zip(overrides, parsed, strict=True):
        key = o.key_or_group
        if o.is_sweep_override() or o.is_add() or o.is_force_add() or o.is_delete():
            return [], None
        if key.startswith("hydra") or o.package is not None:
            return [], None
        if key in _groups():
            choices.append(line)
        else:
            values.append(o)
    return choices, values


@contextmanager
def _applied(cfg: DictConfig, values: list[Any]) -> Iterator[None]:
    """``cfg`` with the value overrides applied (as Hydra applies them), restored after."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl
    from omegaconf import OmegaConf

    saved: list[tuple[str, Any]] = []
    try:
        for o in values:
            with _named(o.input_line):
                old = OmegaConf.select(cfg, o.key_or_group, default=_ABSENT, throw_on_missing=False)
                ConfigLoaderImpl._apply_overrides_to_config([o], cfg)
            saved.append((o.key_or_group, copy.deepcopy(old)))  # applied: to be undone
        yield
    finally:
        for key, old in reversed(saved):
            if old is not _ABSENT:
                OmegaConf.update(cfg, key, old, merge=False)


@contextmanager
def _named(override: str) -> Iterator[None]:
    """An error applying ``override`` (``key=value``) raises the line Hydra's composition
    gives (:func:`sim.config.messages.composition_error`)."""
    from sim.config.messages import COMPOSITION_ERRORS, composition_error
    from sim.errors import InputError

    try:
        yield
    except COMPOSITION_ERRORS as err:
        message = composition_error(err, override)
    else:
        return
    raise InputError(message) from None


def run(overrides: Sequence[str] = ()) -> xr.Dataset:
    """Simulate the config given by ``overrides``; returns the results dataset."""
    import json

    from sim.pipeline import simulate

    return simulate(compose(overrides), {"overrides": json.dumps(list(overrides))})
