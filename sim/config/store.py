"""Hydra's ConfigStore: the schemas of :mod:`sim.config.schema` and the named scenarios."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.config.schema import (
    Config,
    EnsembleConfig,
    PolicyConfig,
    PopulationConfig,
    PricesConfig,
    ResponseConfig,
    ScorecardConfig,
    TechnologyConfig,
)


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
    cs.store(group="ensemble", name="base_ensemble", node=EnsembleConfig)
    cs.store(group="scorecard", name="base_scorecard", node=ScorecardConfig)
    for name, path in scenario_files().items():
        text = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        node = OmegaConf.create(_str_keys(text))
        cs.store(group="scenario", name=name, node=node, package="_global_")


def _str_keys(node: Any) -> Any:
    """Recursively turn integer mapping keys (years, quarters) into strings."""
    if isinstance(node, dict):
        return {str(k) if isinstance(k, int) else k: _str_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_str_keys(v) for v in node]
    return node
