"""What keeps the command line quick to answer (issue 14), apart from lazy imports.

- ``cbam-sim --help`` and ``cbam-sobol --help`` (with or without overrides) are printed
  from their help configs (``configs/hydra/help/cbam.yaml``, ``sobol.yaml``) and a listing
  of the config groups' options (without the schema nodes ``base_*``), without composing
  the config. Hydra's own ``--help`` composes it once and then builds a fresh copy of its
  config repository for every group it lists (about 90 of them: 1.5 s of a 3.3 s help).
- A run composes the config once: Hydra composes it a first time only to read
  ``hydra.mode``, which none of the shipped configs sets (:func:`composed_once`).
- A sweep (``-m``) merges the config files of a set of group choices once
  (:func:`merged_once`): Hydra composes every job twice (the basic sweeper first checks
  that each job composes, then the launcher composes it again to run it), and each
  composition merges the ~40 files anew (two thirds of its time).
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
def merged_once(argv: Sequence[str]) -> Iterator[None]:
    """Within the block, in a multirun (``-m``), Hydra builds the defaults list of a set of
    group choices and merges the config files it names once per distinct set, copied for
    each job (the files are read once per sweep); each job's value overrides are then
    applied by Hydra as before."""
    if not any(a in ("-m", "--multirun") for a in argv):
        yield
        return
    from hydra._internal import config_loader_impl as loader

    merge, defaults = (
        loader.ConfigLoaderImpl._compose_config_from_defaults_list,
        loader.create_defaults_list,
    )
    loader.ConfigLoaderImpl._compose_config_from_defaults_list = _merge_once(merge)  # type: ignore[method-assign]
    loader.create_defaults_list = _defaults_once(defaults)
    try:
        yield
    finally:
        loader.ConfigLoaderImpl._compose_config_from_defaults_list = merge  # type: ignore[method-assign]
        loader.create_defaults_list = defaults


def _merge_once(original: Any) -> Any:
    """Hydra's merge of a defaults list, once per list; a fresh copy (pickled) each call."""
    import pickle

    merged: dict[tuple[str, ...], bytes] = {}

    def merge(self: Any, defaults: list, repo: Any) -> Any:
        key = tuple(repr(d) for d in defaults)
        if key not in merged:
            merged[key] = pickle.dumps(original(self, defaults=defaults, repo=repo))
        return pickle.loads(merged[key])  # the caller applies the job's overrides to it

    return merge


def _defaults_once(original: Any) -> Any:
    """Hydra's defaults list, once per set of group choices (the overrides Hydra's own
    ``Overrides`` does not count as config overrides); each call gets its own config
    overrides. Deletions and appended groups go to Hydra every time."""
    from hydra._internal.defaults_list import DefaultsList, Overrides

    built: dict[tuple[Any, ...], DefaultsList] = {}

    def create(repo: Any, config_name: Any, overrides_list: list, prepend_hydra: bool,
               skip_missing: bool) -> DefaultsList:  # fmt: skip
        mine = Overrides(repo=repo, overrides_list=overrides_list)
        if mine.deletions or mine.append_group_defaults:
            return original(repo, config_name, overrides_list, prepend_hydra, skip_missing)
        values = {id(o) for o in mine.config_overrides}
        choices = tuple(o.input_line for o in overrides_list if id(o) not in values)
        key = (config_name, prepend_hydra, skip_missing, choices)
        if key not in built:
            built[key] = original(repo, config_name, overrides_list, prepend_hydra, skip_missing)
        first = built[key]
        return DefaultsList(
            defaults=first.defaults,
            defaults_tree=first.defaults_tree,
            config_overrides=mine.config_overrides,
            overrides=first.overrides,  # its known choices: the same for the same choices
        )

    return create
