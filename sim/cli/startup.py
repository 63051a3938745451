"""What keeps the command line quick to answer (issue 14), apart from lazy imports.

- ``cbam-sim --help`` and ``cbam-sobol --help`` (with or without overrides) are printed
  from their help configs (``configs/hydra/help/cbam.yaml``, ``sobol.yaml``) and a listing
  of the config groups' options (without the schema nodes ``base_*``), without composing
  the config. Hydra's own ``--help`` composes it once and then builds a fresh copy of its
  config repository for every group it lists (about 90 of them: 1.5 s of a 3.3 s help).
- A run composes the config once: Hydra composes it a first time only to read
  ``hydra.mode``, which none of the shipped configs sets (:func:`composed_once`).
- Each set of group choices is listed and merged once, in a sweep and between commands
  (:mod:`sim.cli.kept_config`).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

HELP_FLAGS = ("--help", "-h")
HELP_FILES = {"cbam-sim": "cbam.yaml", "cbam-sobol": "sobol.yaml"}
SCHEMA_PREFIX = "base_"  # the typed schema nodes (sim/config/store.py): not options to pick


def fast_help(argv: Sequence[str], prog: str = "cbam-sim") -> str | None:
    """The help of ``prog`` when ``argv`` asks for it, else None (a run)."""
    if not any(a in HELP_FLAGS for a in argv):
        return None
    import yaml
    from omegaconf import OmegaConf

    root = resources.files("sim.configs")
    text = (root / "hydra/help" / HELP_FILES[prog]).read_text("utf-8")
    spec = yaml.load(text, Loader=_loader())
    template = str(OmegaConf.create({"hydra": {"help": spec}}).hydra.help.template)
    names = {m.group("named") or m.group("braced") for m in _placeholders(template)}
    if names - {"APP_CONFIG_GROUPS"}:
        raise ValueError(f"{HELP_FILES[prog]}: only $APP_CONFIG_GROUPS can be filled in")
    return string.Template(template).substitute(APP_CONFIG_GROUPS=app_config_groups())


def _placeholders(template: str) -> Iterator:
    return (
        m
        for m in string.Template.pattern.finditer(template)
        if m.group("named") or m.group("braced")
    )


def _loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def app_config_groups() -> str:
    """The groups of the app (not ``hydra/...``) and their options (not the schema nodes),
    one line per group, as Hydra's ``$APP_CONFIG_GROUPS`` lists them."""
    from sim.config.store import config_groups

    options = {
        group: sorted(n for n in names if not n.startswith(SCHEMA_PREFIX))
        for group, names in sorted(config_groups().items())
        if group != "hydra" and not group.startswith("hydra/")
    }
    lines = [f"{group}: {', '.join(names)}" for group, names in options.items() if names]
    return "".join(line + "\n" for line in lines)


@contextmanager
def composed_once(argv: Sequence[str]) -> Iterator[None]:
    """Within the block, Hydra does not compose the config a first time to read
    ``hydra.mode`` unless an override names it: the shipped configs never set it, and then
    Hydra takes the mode from ``-m`` (``--multirun``) as it would from an unset value."""
    from hydra._internal.hydra import Hydra

    if any(arg.lstrip("+~").startswith("hydra.mode") for arg in argv):
        yield
        return
    original = Hydra.get_mode
    Hydra.get_mode = lambda self, config_name, overrides: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        Hydra.get_mode = original  # type: ignore[method-assign]


@contextmanager
def quick_copies() -> Iterator[None]:
    """Within the block, two copies Hydra makes for every run are cheaper (issue 14):

    - its job set-up (``run_job``) copies the whole composed config for the task by a
      pickle round trip, 5-8x quicker than OmegaConf's ``__deepcopy__`` node by node
      (65 ms of a default run). For a whole config (no parent, its nodes all its own: not
      Hydra's masked copy of the ``hydra`` node) the two give the same config (values,
      types, flags, parents; tested); any other object, or one that does not pickle, is
      deep-copied as before;
    - each composition copies the config repository so as not to change its list of
      sources; it is now copied without copying the ConfigStore its ConfigStore source
      reads (30-40 ms): the source only reads it, and each read copies the node it returns.
    """
    import copy
    import types

    from hydra._internal import config_repository
    from hydra.core import utils

    originals = utils.copy, config_repository.copy
    utils.copy = types.SimpleNamespace(deepcopy=_pickled_copy, copy=copy.copy)  # type: ignore[assignment]
    config_repository.copy = types.SimpleNamespace(deepcopy=_but_the_store, copy=copy.copy)  # type: ignore[assignment]
    try:
        yield
    finally:
        utils.copy, config_repository.copy = originals


def _pickled_copy(x: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy``, by a pickle round trip for a whole config."""
    import copy

    from omegaconf import DictConfig

    if memo is None and isinstance(x, DictConfig) and _whole(x):
        import pickle

        try:
            return pickle.loads(pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # a value that does not pickle
            pass
    return copy.deepcopy(x, memo)


def _but_the_store(x: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy``, keeping Hydra's ConfigStore (a singleton) itself."""
    import copy

    from hydra.core.config_store import ConfigStore

    store = ConfigStore.instance()
    return copy.deepcopy(x, {id(store): store, **(memo or {})})


def _whole(cfg: Any) -> bool:
    """Whether ``cfg`` is a root config whose direct nodes all have it as their parent."""
    if cfg._get_parent() is not None:
        return False
    nodes = cfg.__dict__["_content"]
    return not isinstance(nodes, dict) or all(n._get_parent() is cfg for n in nodes.values())
