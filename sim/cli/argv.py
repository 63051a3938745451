"""Checks of a Hydra command line before Hydra composes it: what Hydra or OmegaConf would
accept silently (an empty mapping that merges nothing, a key given twice of which the last
wins, a number for a true/false key) or report badly (an override without a key, a scenario
file that is not UTF-8 text). Each ends the command with one line naming the argument."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from sim.cli.guard import fail


def bool_keys() -> set[str]:
    """The names of the true/false fields of the config schemas."""
    from sim.config import exporters, policy_prices, schema

    names = set()
    for module in (schema, policy_prices, exporters):
        for obj in vars(module).values():
            if dataclasses.is_dataclass(obj):
                names |= {f.name for f in dataclasses.fields(obj) if str(f.type) == "bool"}
    return names


def check_command_line(prog: str, argv: list[str]) -> None:
    """End the command with one line for a command line Hydra would misread."""
    overrides = [a for a in argv if not a.startswith("-") and "=" in a]
    seen: dict[str, str] = {}
    flags = bool_keys()
    for arg in overrides:
        key, value = arg.split("=", 1)
        key = key.lstrip("+~")
        if not key:
            fail(prog, f"{arg}: an override needs a key (key=value, e.g. policy.cscf{arg})")
        if value.strip() == "{}":
            fail(
                prog,
                f"{arg}: an empty mapping changes nothing (it is merged into the defaults); "
                "set or remove its entries one by one",
            )
        if key in seen:
            fail(prog, f"{key}: given twice ({seen[key]}, {arg}); give each key once")
        seen[key] = arg
        if key.rsplit(".", 1)[-1] in flags and any(
            v.strip().lower() not in ("true", "false") for v in value.split(",")
        ):
            fail(prog, f"{key} = {value!r}: expected true or false")
    _check_config_dirs(prog, argv)


def _check_config_dirs(prog: str, argv: list[str]) -> None:
    """Every YAML file of a ``--config-dir`` must be UTF-8 text."""
    folders = [b for a, b in itertools.pairwise(argv) if a in ("--config-dir", "-cd")]
    folders += [a.split("=", 1)[1] for a in argv if a.startswith("--config-dir=")]
    for folder in folders:
        for path in sorted(Path(folder).expanduser().rglob("*.yaml")):
            try:
                path.read_text(encoding="utf-8")
            except UnicodeDecodeError as err:
                fail(prog, f"{path}: not a UTF-8 text file (byte {err.start}: {err.reason})")
            except OSError:
                continue
