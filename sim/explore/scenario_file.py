"""A what-if as a scenario file of one's own: what the levers change in the baseline config,
under a ``scenario:`` block, with the ``# @package _global_`` line a user config folder
needs (scenarios/README.md), so that ``cbam-sim --config-dir DIR scenario=<name>``
reproduces the explorer's results bit for bit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
PROPOSALS = ("indirect_from", "downstream")  # levers that model rules not (yet) enacted


def valid_name(name: str | None) -> bool:
    """A scenario name usable as a file and a Hydra option: a letter, then letters, digits
    or underscores."""
    return bool(name) and NAME.fullmatch(name) is not None


def scenario_text(
    name: str, moved: Mapping[str, Any], changes: Mapping[str, Any], defaults: Mapping[str, Any]
) -> str:
    """The file's text: the ``scenario`` block (the moved levers as its ``changes``) and
    the config ``changes``."""
    said = "; ".join(f"{k}={v} (baseline {defaults[k]})" for k, v in moved.items()) or "nothing"
    status = "proposal" if any(moved.get(k) for k in PROPOSALS) else "enacted"
    block = {
        "scenario": {
            "name": name,
            "question": "What-if saved from cbam-explore",
            "changes": f"levers moved: {said}",
            "status": status,
        }
    }
    body = yaml.safe_dump({**block, **changes}, sort_keys=False, allow_unicode=True, width=100)
    return "# @package _global_\n# saved by cbam-explore\n" + body
