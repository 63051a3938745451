"""One line for a config Hydra cannot compose (an unknown key or option, a wrong type, bad
YAML in a scenario file), shared by the commands and :mod:`sim.api`: the key and value as
given, what went wrong and the nearest valid name (``difflib``), never Hydra's advice to
add an unknown key with ``+``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import yaml
from hydra.errors import HydraException, MissingConfigException
from omegaconf.errors import OmegaConfBaseException

from sim.config.migrations import removed_key_hint

COMPOSITION_ERRORS = (HydraException, OmegaConfBaseException, yaml.YAMLError)
SCHEMA_PREFIX = "base_"  # the typed schema nodes (sim/config/store.py): not options to pick
VALID_KEYS = "cbam-sim --cfg job lists the valid ones"


def nearest(name: str, valid: Iterable[str]) -> str | None:
    """The valid name closest to ``name`` (a typo), or None when none is close."""
    found = difflib.get_close_matches(name, [str(v) for v in valid], n=1, cutoff=0.6)
    return found[0] if found else None


def composition_error(err: BaseException, override: str | None = None) -> str:
    """One line for an error raised while Hydra composes the config (or applies the
    ``override`` given as ``key=value``)."""
    chain = causes(err)
    for e in chain:
        if isinstance(e, yaml.MarkedYAMLError) and e.problem_mark is not None:
            mark = e.problem_mark
            return (
                f"{mark.name} line {mark.line + 1} column {mark.column + 1}: "
                f"invalid YAML ({e.context or ''} {e.problem or ''})".replace("( ", "(")
            )
        if isinstance(e, MissingConfigException) and e.options and e.missing_cfg_file:
            return _missing_option(e.missing_cfg_file, list(e.options))
    text = str(err).strip()
    origin = re.match(r"In '([^']+)':", text)
    where = f" (in {origin.group(1)}.yaml)" if origin and origin.group(1) != "config" else ""
    append = re.search(r"To append to your config use \+(\S+)", text)
    for e in chain:
        if isinstance(e, OmegaConfBaseException) and getattr(e, "full_key", None):
            return _key_error(e, where, append.group(1) if append else override)
    return flat(text)


def _missing_option(missing: str, options: list[str]) -> str:
    """``group=option`` naming an option the group has not, with the nearest one."""
    group, _, option = missing.rpartition("/")
    valid = sorted(o for o in options if not o.startswith(SCHEMA_PREFIX))
    close = nearest(option, valid)
    hint = f"did you mean {close}? " if close else ""
    return (
        f"{group}={option}: no option '{option}' in config group {group} "
        f"({hint}options: {', '.join(valid)})"
    )


def causes(err: BaseException) -> list[BaseException]:
    """``err`` and the errors it was raised from or during, outermost first."""
    chain: list[BaseException] = []
    e: BaseException | None = err
    while e is not None and e not in chain:
        chain.append(e)
        e = e.__cause__ or e.__context__
    return chain


def _key_error(e: OmegaConfBaseException, where: str, override: str | None) -> str:
    """One line for an OmegaConf error about a key: the key, its value, what went wrong and
    a hint for the usual mistakes (an unknown key, an unquoted year key)."""
    msg = flat(getattr(e, "msg", None) or str(e))
    removed = removed_key_hint(str(e.full_key))
    if removed is not None:
        msg += f" (removed: {removed})"
    elif str(e.full_key).startswith("scenario.") and "ScenarioInfo" in msg:
        msg += (
            " (a scenario file of your own starts with '# @package _global_': scenarios/README.md)"
        )
    elif "not in" in msg:
        return _unknown_key(e, where, override)
    if "incompatible with (str)" in msg:
        msg += " (write year keys quoted in YAML, e.g. '2030': 0.5)"
    value = getattr(e, "value", None)
    shown = f" = {value!r}" if value is not None and "Value" not in msg else ""
    return f"{e.full_key}{shown}{where}: {msg}"


def _unknown_key(e: OmegaConfBaseException, where: str, override: str | None) -> str:
    """``key = value: unknown key (did you mean <the nearest valid key>?)``."""
    full_key = str(e.full_key)
    parent = getattr(e, "parent_node", None)
    valid = [str(k) for k in parent.keys()] if hasattr(parent, "keys") else []
    close = nearest(str(getattr(e, "key", None) or full_key.rsplit(".", 1)[-1]), valid)
    prefix = full_key.rsplit(".", 1)[0] + "." if "." in full_key else ""
    hint = f"did you mean {prefix}{close}?" if close else VALID_KEYS
    if override is not None:
        key, _, text = override.partition("=")
        return f"{key} = {_value(text)!r}{where}: unknown key ({hint})"
    return f"{full_key}{where}: unknown key ({hint})"


def _value(text: str) -> object:
    """An override's value as the command line gives it (a number as a number)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def flat(text: str) -> str:
    """A multi-line Hydra or OmegaConf report as one line, without the search path and the
    hints about HYDRA_FULL_ERROR."""
    lines = str(text).split("Config search path")[0].splitlines()
    keep = [
        line.strip()
        for line in lines
        if line.strip()
        and not line.strip().startswith(("full_key:", "reference_type=", "object_type="))
        and "HYDRA_FULL_ERROR" not in line
    ]
    return "; ".join(keep).replace(":;", ":").replace("\t", "")
