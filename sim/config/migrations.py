"""Config keys that changed between versions: what the stored config of an older results
file needs to run today, and the hint shown when a removed key is given.

Each added key is filled with the value that reproduces the earlier behaviour, so that an
old results file re-runs bit for bit (``cbam-rerun``).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

from sim.config.cluster import ClusterConfig

# key -> why it went and what replaces it
REMOVED: dict[str, str] = {
    "run.seed": "run.seed was recorded but never drew; the one seed is ensemble.seed",
    "response.power_kinds": "the green-power kinds (direct_line, ppa, gec) are fixed, not "
    "configured",
    "population.goods": "entities name their cn_code (and origin); default values, benchmarks "
    "and sectors are looked up in the official tables (docs/data.md); an entity's price is "
    "its price_eur_per_t, a looked-up value is replaced through its overrides",
}

# key -> the value of the earlier, hard-coded behaviour
ADDED: dict[str, Any] = {
    "run.compression": None,
    "response.mrv_life_years": 10,
    "prices.growth_after_horizon": 0.0,
    "prices.growth_after_horizon_source": "[U] earlier versions: flat at the last year's price",
    "policy.downstream_extension_from": None,
    "policy.downstream_extension_from_source": "earlier versions: no downstream switch",
    "response.precursor_cost_passed_upstream": 0.0,
    "response.precursor_cost_passed_upstream_source": "earlier versions: no supply chain",
    "policy.gwp100": {
        "AR5": {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0, "CF4": 6630.0, "C2F6": 11100.0}
    },
    "policy.gwp100_source": "earlier versions: direct emissions as one CO2e number",
    "policy.cbam_gwp100_set": "AR5",
    "policy.cbam_gwp100_set_source": "earlier versions: no gas split",
    "policy.domestic_gwp100_set": "AR5",
    "policy.domestic_gwp100_set_source": "earlier versions: no gas split",
    "scorecard.boundary": "operational",
    "scorecard.boundary_source": "earlier versions: operational emissions only",
    # '*' stands for every entry of a mapping (each park, entity, option)
    "population.entities.*.precursors": [],
    "population.entities.*.direct_intensity_by_gas_t_per_t": {},
    "population.parks.*.technology_plan": {},
    "population.parks.*.technology_plan_source": "",
    "population.parks.*.certificates_from": None,
    "population.parks.*.certificates_share": 0.0,
    "population.parks.*.offset_share": None,
    "population.parks.*.claims_source": "",
    "population.parks.*.target_year": None,
    "population.parks.*.target_year_source": "",
    "population.parks.*.emissions_cap_tco2": None,
    "population.parks.*.emissions_cap_tco2_source": "",
    "technology.options.*.cn_codes": [],
    "technology.options.*.electricity_added_mwh_per_t": 0.0,
    "technology.options.*.embodied_tco2e_per_t": 0.0,
    "technology.options.*.embodied_tco2e_per_t_source": "",
    # how the results are chunked, held and written (the numbers do not depend on them)
    "ensemble.chunk_draw_entities": 0,
    "ensemble.stream": False,
    # where the chunks run (earlier versions: this process)
    "ensemble.cluster": dataclasses.asdict(ClusterConfig()),
    # how a grid is run in one process (cbam-sim sweep.over=...): not part of a run
    "sweep": {"over": None, "output_file": "collected.nc"},
    # correlated uncertainties (earlier versions: independent draws)
    "ensemble.correlations": {},
    "ensemble.correlations_source": "",
    "ensemble.levers": None,  # earlier versions: no levers (issue 15)
    "ensemble.lever_design": None,
    "ensemble.levers_source": "",
    # cbam-sobol's intervals and methods (earlier versions: Sobol indices, no intervals)
    "sensitivity.confidence_level": 0.95,
    "sensitivity.bootstrap_resamples": 0,
    "sensitivity.wide_interval": 0.1,
    "sensitivity.method": "sobol",
    "sensitivity.morris_trajectories": 20,
    "sensitivity.morris_levels": 4,
}


# the park asset table of earlier versions: none (parks had no infrastructure to build)
NO_PARK_ASSETS: dict[str, Any] = {
    "name": "none",
    "kinds": {},
    "capacity_factor": {},
    "capacity_factor_source": "",
    "availability_share": 0.0,
    "availability_share_source": "",
    "storage_cycles_per_year": 0.0,
    "storage_round_trip_efficiency": 1.0,
    "storage_source": "",
    "electrolyser_mwh_per_t_h2": 1.0,
    "hydrogen_value_cny_per_t": 0.0,
    "hydrogen_source": "",
    "grid_tariff_cny_per_mwh": 0.0,
    "grid_tariff_cny_per_mwh_source": "earlier versions: no park infrastructure",
    "direct_line_charges_cny_per_mwh": 0.0,
    "direct_line_charges_cny_per_mwh_source": "",
}


def migrate(cfg: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of a stored resolved config with removed keys dropped and added keys filled,
    and one note per change."""
    out = copy.deepcopy(dict(cfg))
    notes = _goods_to_entities(out.get("population", {})) + _park_plans(out)
    notes += _scorecard_layers(out)
    for key in REMOVED:
        section, name = key.split(".")
        if name in out.get(section, {}):
            out[section].pop(name)
            notes.append(f"{key} dropped ({REMOVED[key]})")
    for key, value in ADDED.items():
        *path, name = key.split(".")
        if any([_fill(m, name, value) for m in _mappings(out, path)]):  # fill every one
            notes.append(f"{key} = {value!r} added (the earlier behaviour)")
    return out, notes


def _mappings(cfg: Any, path: list[str]) -> list[dict[str, Any]]:
    """The mappings at ``path`` in ``cfg`` ('*' for every value of a mapping)."""
    found = [cfg]
    for part in path:
        nxt = []
        for m in found:
            if isinstance(m, dict):
                nxt += list(m.values()) if part == "*" else [m[part]] if part in m else []
        found = nxt
    return [m for m in found if isinstance(m, dict)]


def _fill(m: dict[str, Any], name: str, value: Any) -> bool:
    if name in m:
        return False
    m[name] = copy.deepcopy(value)
    return True


def removed_key_hint(key: str) -> str | None:
    """Why ``key`` is no longer accepted and what to use instead, if it was removed."""
    return REMOVED.get(key)


def _goods_to_entities(pop: dict[str, Any]) -> list[str]:
    """Earlier versions typed each good's data into ``population.goods``: each entity takes
    its good's CN code and price, and the typed values as explicit overrides (which
    reproduce the earlier numbers)."""
    goods = pop.get("goods")
    if not goods:
        return []
    for e in pop.get("entities", {}).values():
        g = goods[e["good"]]
        e["cn_code"] = g["cn_code"]
        e["price_eur_per_t"] = g["price_eur_per_t"]
        e["price_source"] = g.get("price_source", "")
        e["overrides"] = _typed_values(g)
        e["overrides_source"] = f"population.goods.{e['good']} of the earlier version"
        e.setdefault("origin", None)
    return [f"population.goods: {len(goods)} goods turned into entity cn_code and overrides"]


def _scorecard_layers(cfg: dict[str, Any]) -> list[str]:
    """Scorecard keys added with the layered evaluation (issue 12) take the shipped values
    (configs/scorecard/zero_carbon_park.yaml): the scorecard reads results, it does not
    change the run."""
    section = cfg.get("scorecard")
    if section is None:
        return []
    text = resources.files("sim.configs").joinpath("scorecard/zero_carbon_park.yaml").read_text()
    shipped = yaml.safe_load(text)
    added = [k for k in shipped if k not in section and k not in ("defaults", "name")]
    for key in added:
        section[key] = shipped[key]
    return [f"scorecard.{k} added (the shipped value)" for k in added]


def _typed_values(g: Mapping[str, Any]) -> dict[str, Any]:
    out = {
        "default_direct": g.get("default_value_direct"),
        "default_total": g.get("default_value_total"),
        "benchmark_actual": dict(g["benchmark_actual"]),
        "benchmark_default": g["benchmark_default"][g["default_value_route"]],
        "in_scope_from": g.get("in_scope_from"),
    }
    if out["in_scope_from"] is None:
        out.pop("in_scope_from")
    return out


def _park_plans(out: dict[str, Any]) -> list[str]:
    """Earlier versions had no park infrastructure: an empty asset table and no plans."""
    notes = []
    if "park_assets" not in out and "population" in out:
        out["park_assets"] = copy.deepcopy(NO_PARK_ASSETS)
        notes.append("park_assets = an empty table added (the earlier behaviour)")
    parks = out.get("population", {}).get("parks", {})
    if any("plan" not in p for p in parks.values()):
        for p in parks.values():
            p.setdefault("plan", None)
        notes.append("population.parks.*.plan = None added (the earlier behaviour)")
    return notes
