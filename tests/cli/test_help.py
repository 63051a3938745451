"""Help and hints (issue 16, item 16): each Hydra command prints its own help, without the
schema nodes (``base_*``), describing every config group and naming the other commands;
the help composes nothing, with or without overrides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli.startup import fast_help
from sim.config.store import config_groups
from tests.cli.test_readme_walkthrough import COMMANDS as README_COMMANDS

COMMANDS = tuple(c for c in README_COMMANDS if c not in ("cbam-sim", "cbam-explore"))
APP_GROUPS = sorted(g for g in config_groups() if g != "hydra" and not g.startswith("hydra/"))


def helped(prog: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / prog)
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


def test_cbam_sobol_prints_its_own_help():
    proc = helped("cbam-sobol", "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("cbam-sobol: ")
    assert "sensitivity.n" in proc.stdout and "sobol.nc" in proc.stdout
    assert "cbam-sim: EU CBAM cost pathways" not in proc.stdout


def test_the_help_hides_the_schema_nodes():
    text = fast_help(["--help"])
    assert text is not None and "base_" not in text
    assert "prices: central, high, low" in text


@pytest.mark.parametrize("group", APP_GROUPS)
def test_the_help_describes_every_config_group(group):
    lines = fast_help(["--help"]).splitlines()
    described = [ln for ln in lines if ln.startswith(f"  {group} ") and len(ln.split()) > 2]
    assert described, f"no description of {group}"


def test_the_help_names_the_other_commands():
    lines = fast_help(["--help"]).splitlines()
    for command in COMMANDS:
        assert any(ln.strip().startswith(command + " ") for ln in lines), command


def test_help_with_overrides_is_the_same_text_and_composes_nothing():
    assert fast_help(["prices=high", "--help"]) == fast_help(["--help"])
    assert fast_help(["-h"]) == fast_help(["--help"])
    assert fast_help([]) is None and fast_help(["--hydra-help"]) is None
    assert fast_help(["--help"], "cbam-sobol") != fast_help(["--help"])
