"""Typed configuration schemas (registered with Hydra's ConfigStore by
:mod:`sim.config.store`).

The YAML files under ``configs/`` fill these schemas; an unknown key or a value of
the wrong type is rejected by OmegaConf when the config is composed. Range and
consistency checks that a type cannot express live in the input gate
(:func:`sim.inputs.gate.build_inputs`).

The schemas of the ``policy`` and ``prices`` sections are in :mod:`.policy_prices`, those
of ``population``, ``technology`` and ``response`` in :mod:`.exporters`; every schema is
importable from here.

Year-keyed schedules use string keys ("2030"), the form command-line overrides take
(``policy.cbam_factor.2030=0.6``); in YAML write them quoted. Scenario files may
write them unquoted: they are normalised when registered.

Every numeric parameter has a sibling ``<name>_source`` string (or, for table rows,
a ``source`` field) that says where the number comes from; the sources end up in
the provenance of every results file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omegaconf import MISSING

from sim.config.cluster import ClusterConfig, SlurmConfig
from sim.config.exporters import (
    EntityConfig,
    ImporterGroup,
    ParkConfig,
    PopulationConfig,
    ResponseConfig,
    TechnologyConfig,
    TechnologyOption,
)
from sim.config.parks import ParkAssetKind, ParkAssetsConfig, ParkPlan
from sim.config.policy_prices import ComplianceRules, PolicyConfig, PricesConfig, SectorRules

__all__ = [
    "ClusterConfig",
    "ComplianceRules",
    "Config",
    "EnsembleConfig",
    "EntityConfig",
    "ImporterGroup",
    "ParkAssetKind",
    "ParkAssetsConfig",
    "ParkConfig",
    "ParkPlan",
    "PolicyConfig",
    "PopulationConfig",
    "PricesConfig",
    "ResponseConfig",
    "RunConfig",
    "ScenarioInfo",
    "ScorecardConfig",
    "SectorRules",
    "SensitivityConfig",
    "SlurmConfig",
    "TechnologyConfig",
    "TechnologyOption",
]


@dataclass
class RunConfig:
    """The run: its first and last import year, the results file and how much it prints."""

    start_year: int = 2026
    end_year: int = 2034
    # results.nc: netCDF4; results.zarr (any name ending .zarr): a Zarr store, written
    # chunk by chunk (sim.zarr_ensemble), by a Dask cluster too (ensemble.cluster)
    output_file: str = "results.nc"
    quiet: bool = False
    # netCDF: gzip level 1-9, None uncompressed; Zarr: Zstandard level 1-9, None Zarr's
    # default compressor
    compression: int | None = None


@dataclass
class EnsembleConfig:
    """Draws of uncertain inputs, one vectorised run (a ``draw`` axis); see
    :mod:`sim.experiments.design`."""

    n: int = 1
    seed: int = 0
    sampler: str = "lhs"  # lhs, sobol or random
    chunk_size: int = 1024  # draws evaluated together; results do not depend on it
    # at most this many draws x entities in a chunk (fewer draws for a large population)
    chunk_draw_entities: int = 32768
    workers: int = 0  # threads evaluating chunks; 0: one per core, at most 4
    variables: list[str] = field(default_factory=list)  # variables to keep; empty: all
    float32: bool = False  # store data variables as float32 (halves file size)
    # results written to disk chunk by chunk: null (auto) when they exceed 1 GiB in memory
    stream: bool | None = None
    # where the chunks run: this process (kind: none), a Dask cluster (sim.config.cluster)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    uncertain: dict[str, dict[str, Any]] = field(default_factory=dict)
    # rank correlations between uncertain inputs (Spearman), through a Gaussian copula:
    # {eua_level: {domestic_price: 0.5}} (sim.experiments.correlation)
    correlations: dict[str, dict[str, float]] = field(default_factory=dict)
    correlations_source: str = ""
    # levers (issue 15): policy options firms know, kept apart from the uncertainties:
    # {config key: [options]}, the full factorial run on the same draws (a leading lever
    # dimension), or named policies {name: {config key: value}} (sim.experiments.levers)
    levers: Any = None
    lever_design: Any = None
    levers_source: str = ""
    source: str = ""


@dataclass
class ScorecardConfig:
    """Park scorecard thresholds and energy accounting (configs/scorecard/*.yaml)."""

    name: str = MISSING
    core_limit_tco2_per_tce: dict[str, float] = field(default_factory=dict)
    core_limit_tco2_per_tce_source: str = MISSING
    core_counts_process_co2: bool = True
    core_counts_process_co2_source: str = ""
    electricity_tce_per_mwh: float = MISSING
    electricity_tce_per_mwh_source: str = MISSING
    fuel_tce_per_t: dict[str, float] = field(default_factory=dict)
    fuel_tce_per_t_source: str = MISSING
    clean_energy_share_min: float = MISSING
    clean_energy_share_min_source: str = MISSING
    offset_dependence_max: float = MISSING
    offset_dependence_max_source: str = MISSING
    hydrogen_routes: list[str] = field(default_factory=list)
    hydrogen_routes_source: str = ""
    # the layered evaluation (source paper table 5): thresholds by indicator, each a
    # {min|max: {year: value}, source} record (docs/model.md, park scorecard)
    thresholds: dict[str, Any] = field(default_factory=dict)
    core_limit_phased_tco2_per_tce: dict[str, Any] = field(default_factory=dict)
    core_limit_phased_tco2_per_tce_source: str = ""
    value_added_share: dict[str, float] = field(default_factory=dict)
    value_added_share_source: str = MISSING
    intensity_reduction_per_year: float = MISSING
    intensity_reduction_per_year_source: str = MISSING
    transition_relaxation: float = 0.0
    transition_relaxation_source: str = ""
    transition_parks: list[str] = field(default_factory=list)
    transition_parks_source: str = ""
    # indicators without a driver in the model: {indicator: {park: {year: value}}}
    input_series: dict[str, Any] = field(default_factory=dict)
    input_series_source: str = ""
    boundary: str = "operational"  # or "life_cycle": embodied emissions of assets added
    boundary_source: str = ""


@dataclass
class SensitivityConfig:
    """Global sensitivity (``cbam-sobol``) over ``ensemble.uncertain``."""

    n: int = 256  # base samples, a power of two; the model runs n * (inputs + 2) draws
    seed: int = 0
    # confidence intervals of every index (sim.experiments.sobol_intervals: SALib's
    # bootstrap of the base samples, estimate +- z sd): the level, and the resamples
    # ([U] 100, SALib's default: on the Ishigami function at n = 256 the ends of the
    # intervals move by about 3 % of their width between two bootstrap seeds at 100 or 200
    # resamples, 1 % at 999; memory and time grow with n x resamples; 0: no intervals)
    confidence_level: float = 0.95
    bootstrap_resamples: int = 100
    # [U] an interval wider than this (in index units, 0-1) is reported: at 0.1 two inputs
    # whose indices differ by less than that cannot be ranked; raise sensitivity.n
    wide_interval: float = 0.1
    # "sobol": Sobol indices (n (d + 2) runs); "morris": Morris screening, r (d + 1) runs
    # for many inputs (sim.experiments.screening: mu*, mu, sigma with intervals)
    method: str = "sobol"
    # [U] 20 trajectories and 4 levels: the values Campolongo et al. (2007) found to rank
    # inputs reliably (r between 10 and 20, 4 levels); 20 x 10 = 200 runs for nine inputs
    morris_trajectories: int = 20
    morris_levels: int = 4


@dataclass
class SweepConfig:
    """A grid run in one process (``cbam-sim sweep.over='{prices: [low, high], policy.cscf:
    [0.9, 1.0]}'``): every combination of the listed values, composed and simulated in
    this process and written as one collected dataset (what ``cbam-sim -m`` and
    ``cbam-collect`` give). Not part of a run's config digest."""

    over: Any = None  # {config key or group: [values]} (Any: a mapping of new keys)
    output_file: str = "collected.nc"  # written inside the run folder


@dataclass
class ScenarioInfo:
    """What a named scenario is for; set by the files in ``scenarios/``."""

    name: str = MISSING
    question: str = ""
    changes: str = ""
    status: str = "enacted"  # "enacted" rules or a "proposal"


@dataclass
class Config:
    """The whole config: one section per config group, composed by ``configs/config.yaml``."""

    run: RunConfig = field(default_factory=RunConfig)
    policy: PolicyConfig = MISSING
    prices: PricesConfig = MISSING
    population: PopulationConfig = MISSING
    technology: TechnologyConfig = MISSING
    response: ResponseConfig = MISSING
    park_assets: ParkAssetsConfig = MISSING
    ensemble: EnsembleConfig = field(default_factory=EnsembleConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    sweep: SweepConfig = field(default_factory=SweepConfig)
    scorecard: ScorecardConfig = MISSING
    scenario: ScenarioInfo = field(default_factory=ScenarioInfo)
