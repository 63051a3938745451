"""Checks of a Hydra command line before Hydra composes it: what Hydra or OmegaConf would
accept silently (an empty mapping that merges nothing, a key given twice of which the last
wins, a number for a true/false key) or report badly (an override without a key, a scenario
file that is not UTF-8 text). Each ends the command with one line naming the argument."""

from __future__ import annotations

import itertools
from pathlib import Path

from sim.cli.guard import fail
from sim.config.overrides import override_problem


def check_command_line(prog: str, argv: list[str]) -> None:
    """End the command with one line for a command line Hydra would misread."""
    problem = override_problem(argv)
    if problem is not None:
        fail(prog, problem)
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
