"""Configs composed as Hydra composes them, each distinct set of group choices once.

Hydra composes the config of each distinct set of group choices (``scenario=...``,
``prices=high``, ``ensemble=...``) once (0.3-0.8 s); value overrides
(``policy.cscf=0.95``) are then applied to that composed config by Hydra's own override
code and undone afterwards, the plain dicts patched where they changed
(:mod:`sim.config.containers`), so that repeated compositions with changed levers cost
milliseconds (issue 14). Appending (``+key``), deleting (``~key``), sweeps and ``hydra.*``
overrides go through a full composition.

Used by :mod:`sim.api` (on the shipped configs) and by ``cbam-sim sweep.over=...`` (on the
configs of the running command, ``--config-dir`` included).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.config.containers import patchable, patched, plain
from sim.config.messages import COMPOSITION_ERRORS, composition_error
from sim.errors import InputError

_ABSENT = object()
KEPT = 16  # compositions kept (distinct sets of group choices)


class Composer:
    """Plain configs for command-line style overrides, through ``hydra_compose`` (a
    full composition of a list of overrides) and the config ``groups`` it knows."""

    def __init__(
        self,
        hydra_compose: Callable[[list[str]], DictConfig],
        groups: Callable[[], frozenset[str]],
    ) -> None:
        self._hydra = hydra_compose
        self._groups = groups
        self._group_names: frozenset[str] | None = None
        self._kept: OrderedDict[tuple[str, ...], tuple[DictConfig, Any]] = OrderedDict()

    def plain(self, overrides: Sequence[str]) -> dict[str, Any]:
        """The resolved config (plain dicts) of ``overrides``; Hydra's and OmegaConf's
        errors propagate (:func:`sim.api.compose` turns them into one line)."""
        choices, values = self._split(list(overrides))
        if values is None:
            return plain(self._hydra(list(overrides)))
        cfg, base = self._composed(tuple(choices))
        with _applied(cfg, values):
            out = None if base is None else patched(base, cfg, [o.key_or_group for o in values])
            return plain(cfg) if out is None else out

    def checked(self, overrides: Sequence[str]) -> dict[str, Any]:
        """:meth:`plain`, but what the commands refuse (an override Hydra would misread, a
        config it cannot compose) raises :class:`sim.errors.InputError` with their line."""
        from sim.config.overrides import override_problem

        problem = override_problem(list(overrides))
        if problem is not None:
            raise InputError(problem)
        try:
            return self.plain(overrides)
        except COMPOSITION_ERRORS as err:
            message = composition_error(err)
        raise InputError(message) from None

    def clear(self) -> None:
        """Forget the compositions (the next :meth:`plain` reads the files)."""
        self._kept.clear()
        self._group_names = None

    def _composed(self, choices: tuple[str, ...]) -> tuple[DictConfig, Any]:
        if choices not in self._kept:
            cfg = self._hydra(list(choices))
            self._kept[choices] = (cfg, patchable(cfg))
            if len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        self._kept.move_to_end(choices)
        return self._kept[choices]

    def _split(self, overrides: list[str]) -> tuple[list[str], list[Any] | None]:
        """Group choices (as written) and value overrides (parsed); None for the values
        when an override needs a full composition."""
        from hydra.core.override_parser.overrides_parser import OverridesParser

        if self._group_names is None:
            self._group_names = self._groups()
        parsed = OverridesParser.create().parse_overrides(overrides)
        choices, values = [], []
        for line, o in zip(overrides, parsed, strict=True):
            key = o.key_or_group
            if o.is_sweep_override() or o.is_add() or o.is_force_add() or o.is_delete():
                return [], None
            if key.startswith("hydra") or o.package is not None:
                return [], None
            if key in self._group_names:
                choices.append(line)
            else:
                values.append(o)
        return choices, values


@contextmanager
def _applied(cfg: DictConfig, values: list[Any]) -> Iterator[None]:
    """``cfg`` with the value overrides applied (as Hydra applies them), restored after."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl

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
    try:
        yield
    except COMPOSITION_ERRORS as err:
        message = composition_error(err, override)
    else:
        return
    raise InputError(message) from None
