"""The runs of ``sweep.over`` (a grid run in one process, issue 14 target 2): the checked
grid and the overrides of each combination, in the order Hydra's basic sweeper would run
``cbam-sim -m key=a,b ...`` (the last key varies fastest)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from sim.errors import ConfigError

OVER_KEY = "sweep.over"


def checked_grid(over: Any, given: Sequence[str]) -> dict[str, list[Any]]:
    """``sweep.over`` as {key: [values]}: a mapping of config keys (or groups) to
    non-empty lists, none of them also given on the command line (``given``)."""
    if not isinstance(over, Mapping) or not over:
        raise ConfigError(OVER_KEY, over, "expected a mapping {key: [values]}, e.g. "
                          "'{prices: [low, high], policy.cscf: [0.9, 1.0]}'")  # fmt: skip
    named = {str(o).split("=", 1)[0].lstrip("+~") for o in given}
    grid: dict[str, list[Any]] = {}
    for key, values in over.items():
        where = f"{OVER_KEY}.{key}"
        if not isinstance(values, list) or not values:
            raise ConfigError(where, values, "expected a non-empty list of values, e.g. [0.9, 1.0]")
        if str(key).startswith(("hydra", "sweep")) or key in named:
            problem = "given on the command line too" if key in named else "not a model key"
            raise ConfigError(where, values, f"{problem}; sweep over model keys given once")
        grid[str(key)] = list(values)
    return grid


def grid_runs(grid: Mapping[str, list[Any]], given: Sequence[str]) -> list[list[str]]:
    """The overrides of each combination: those ``given`` on the command line (the one
    that set ``sweep.over`` left out) and then ``key=value`` for each key of the grid."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.core.override_parser.types import Override

    parsed = OverridesParser.create().parse_overrides([str(o) for o in given])
    # as Hydra's basic sweeper writes a job's overrides: key=value re-written from the parse
    base = [
        f"{o.get_key_element()}={o.get_value_element_as_str()}"
        for o in parsed
        if o.key_or_group != OVER_KEY
    ]
    text = Override._get_value_element_as_str  # Hydra's own override syntax of a value
    lines = {k: [f"{k}={text(v)}" for v in vs] for k, vs in grid.items()}
    return [[*base, *combo] for combo in itertools.product(*lines.values())]


def not_with_multirun(over: Any) -> None:
    """``sweep.over`` runs its grid in one process: not as a job of ``cbam-sim -m``."""
    if over is not None:
        raise ConfigError(
            OVER_KEY, over, "runs its grid in one process: drop -m (or sweep with key=a,b)"
        )
