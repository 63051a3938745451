"""Hydra's ConfigStore: the schemas of :mod:`sim.config.schema` and the named scenarios."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from hydra.core.config_store import ConfigStore

from sim.config.schema import (
    Config,
    EnsembleConfig,
    ParkAssetsConfig,
    PolicyConfig,
    PopulationConfig,
    PricesConfig,
    ResponseConfig,
    ScorecardConfig,
    TechnologyConfig,
)

# libyaml's safe loader where PyYAML has it: the same values as ``yaml.safe_load`` (the
# same constructor and resolvers), 5-10x quicker on the 14 scenario files read per run
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def scenario_files() -> dict[str, Any]:
    """Named scenarios shipped in ``scenarios/``: name -> resource (a YAML file)."""
    root = resources.files("sim.scenarios")
    return {p.name[:-5]: p for p in root.iterdir() if p.name.endswith(".yaml")}


def register_configs() -> None:
    """Register the schemas and the named scenarios with Hydra's ConfigStore.

    Scenarios live in the top-level ``scenarios/`` folder (shipped as the package
    ``sim.scenarios``); each YAML file there becomes an option of the ``scenario``
    group, merged at the global level so that it can override any group.
    """
    cs = ConfigStore.instance()
    cs.store(name="base_config", node=Config)
    cs.store(group="policy", name="base_policy", node=PolicyConfig)
    cs.store(group="prices", name="base_prices", node=PricesConfig)
    cs.store(group="population", name="base_population", node=PopulationConfig)
    cs.store(group="technology", name="base_technology", node=TechnologyConfig)
    cs.store(group="response", name="base_response", node=ResponseConfig)
    cs.store(group="park_assets", name="base_park_assets", node=ParkAssetsConfig)
    cs.store(group="ensemble", name="base_ensemble", node=EnsembleConfig)
    cs.store(group="scorecard", name="base_scorecard", node=ScorecardConfig)
    for name, path in scenario_files().items():
        text = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        # the plain mapping: the store makes it a config (a config would be copied whole)
        cs.store(group="scenario", name=name, node=_str_keys(text), package="_global_")


def registered_from() -> list[bytes]:
    """What :func:`register_configs` registers depends on, for a cache key without
    registering: the source of every module of :mod:`sim.config` (the schemas and this
    function) and each named scenario file, by name."""
    here = Path(__file__).parent
    parts = [p.name.encode() + b"\0" + p.read_bytes() for p in sorted(here.glob("*.py"))]
    scenarios = sorted(scenario_files().items())
    return parts + [name.encode() + b"\0" + path.read_bytes() for name, path in scenarios]


def _str_keys(node: Any) -> Any:
    """Recursively turn integer mapping keys (years, quarters) into strings."""
    if isinstance(node, dict):
        return {str(k) if isinstance(k, int) else k: _str_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_str_keys(v) for v in node]
    return node


def config_groups() -> dict[str, set[str]]:
    """Every config group (``hydra/...`` too) and its options: the YAML files shipped in
    ``sim.configs`` and the configs registered in Hydra's ConfigStore, as Hydra lists them."""
    register_configs()
    options: dict[str, set[str]] = {}
    _file_groups(resources.files("sim.configs"), "", options)
    _store_groups(ConfigStore.instance().repo, "", options)
    return options


def _file_groups(folder: Traversable, prefix: str, options: dict[str, set[str]]) -> None:
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            group = f"{prefix}{entry.name}"
            names = {p.name[:-5] for p in entry.iterdir() if p.name.endswith(".yaml")}
            options.setdefault(group, set()).update(names)
            _file_groups(entry, f"{group}/", options)


def _store_groups(repo: dict, prefix: str, options: dict[str, set[str]]) -> None:
    for key, value in repo.items():
        if isinstance(value, dict):
            group = f"{prefix}{key}"
            names = {k[:-5] for k, v in value.items() if not isinstance(v, dict)}
            options.setdefault(group, set()).update(names)
            _store_groups(value, f"{group}/", options)
