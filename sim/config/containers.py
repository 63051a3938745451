"""A composed config as plain dicts without converting all of it again for each run
(issue 14 target 3: repeated in-process runs with changed levers).

``OmegaConf.to_container`` of the whole default config walks some 27,000 nodes (about a
third of an in-process run). When the composed config holds no interpolation, the plain
container after value overrides equals the plain container before them with the
overridden keys' values put in: :func:`patched` copies the cached container (``marshal``,
C speed, exact types) and sets those keys from the config they were applied to. Anything
it cannot place (an interpolation anywhere, a key not already in the container, a list
index) returns None: the caller converts the whole config as before.
"""

from __future__ import annotations

import copy
import marshal
from collections.abc import Sequence
from typing import Any

from omegaconf import Container, DictConfig, OmegaConf


def plain(cfg: DictConfig) -> dict[str, Any]:
    """The resolved config as plain dicts (missing values raise)."""
    return OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)  # type: ignore[return-value]


def resolved(unresolved: dict[str, Any], cfg: DictConfig) -> dict[str, Any]:
    """:func:`plain` of ``cfg`` given its unresolved container (``resolve=False``): that
    container itself when it holds no interpolation and no missing value (``???``), for
    then resolving changes nothing (one walk of the config's nodes instead of two)."""
    if has_interpolation(unresolved, missing=True):
        return plain(cfg)
    return unresolved


def has_interpolation(node: Any, missing: bool = False) -> bool:
    """Whether an unresolved container (``resolve=False``) holds a ``${...}`` anywhere
    (or, with ``missing``, a missing value ``???``)."""
    if isinstance(node, dict):
        return any(has_interpolation(v, missing) for v in node.values())
    if isinstance(node, list):
        return any(has_interpolation(v, missing) for v in node)
    return isinstance(node, str) and ("${" in node or (missing and node == "???"))


def patchable(cfg: DictConfig) -> dict[str, Any] | None:
    """The plain container of ``cfg`` to patch later, or None when ``cfg`` interpolates
    (a patched key could be read elsewhere)."""
    if has_interpolation(OmegaConf.to_container(cfg, resolve=False)):
        return None
    return plain(cfg)


def patched(base: dict[str, Any], cfg: DictConfig, keys: Sequence[str]) -> dict[str, Any] | None:
    """A copy of ``base`` (the plain container of ``cfg`` before value overrides of
    ``keys``) with those keys' values as they are in ``cfg`` now; None when a key cannot
    be placed (or an override brought an interpolation in)."""
    out = _copy(base)
    for key in keys:
        *parents, leaf = key.split(".")
        if not parents:
            return None
        node = OmegaConf.select(cfg, ".".join(parents), throw_on_missing=True)
        target = _walk(out, parents)
        if not isinstance(node, DictConfig) or target is None or leaf not in target:
            return None
        raw = OmegaConf.to_container(node, resolve=False)
        if leaf not in raw or has_interpolation(raw[leaf]):
            return None
        value = node[leaf]
        target[leaf] = plain(value) if isinstance(value, Container) else value
    return out


def _walk(tree: dict[str, Any], path: Sequence[str]) -> dict[str, Any] | None:
    for part in path:
        tree = tree.get(part) if isinstance(tree, dict) else None
        if not isinstance(tree, dict):
            return None
    return tree


def _copy(tree: dict[str, Any]) -> dict[str, Any]:
    """A deep copy: through ``marshal`` when the tree holds only the builtin types it
    knows (a plain config does), else ``copy.deepcopy``."""
    try:
        return marshal.loads(marshal.dumps(tree))
    except ValueError:  # an object marshal cannot write (an enum, say)
        return copy.deepcopy(tree)
