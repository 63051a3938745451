"""Typed configuration schemas (registered with Hydra's ConfigStore by
:mod:`sim.config.store`).

The YAML files under ``configs/`` fill these schemas; an unknown key or a value of
the wrong type is rejected by OmegaConf when the config is composed. Range and
consistency checks that a type cannot express live in :mod:`sim.inputs.gate`.

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


@dataclass
class RunConfig:
    start_year: int = 2026
    end_year: int = 2034
    output_file: str = "results.nc"
    quiet: bool = False


@dataclass
class SectorRules:
    """CBAM rules that differ by sector (Reg. 2023/956 Annex II; IR 2025/2621)."""

    indirect_emissions: bool = False
    default_value_markup: dict[str, float] = field(default_factory=dict)
    de_minimis_applies: bool = True
    source: str = MISSING


@dataclass
class ComplianceRules:
    """Dates and shares of the compliance cycle (Reg. 2023/956 Arts 20-24 as amended)."""

    certificate_sales_start: str = "2027-02-01"
    quarterly_holding_share: float = 0.5
    quarterly_holding_from: int = 2027
    quarterly_holding_basis: str = "net"  # "net" of FAA and deduction, or "gross" embedded
    surrender_deadline: str = "09-30"  # month-day of the year after the import year
    repurchase_deadline: str = "10-31"
    repurchase_cap_share: float = 0.3333
    source: str = MISSING


@dataclass
class PolicyConfig:
    name: str = MISSING
    description: str = ""
    cbam_factor: dict[str, float] = field(default_factory=dict)
    cbam_factor_source: str = MISSING
    cscf: float = 1.0
    cscf_by_year: dict[str, float] = field(default_factory=dict)
    cscf_source: str = MISSING
    sectors: dict[str, SectorRules] = field(default_factory=dict)
    indirect_for_all_sectors_from: int | None = None
    indirect_for_all_sectors_from_source: str = ""
    de_minimis_threshold_t: float = 50.0
    de_minimis_threshold_t_source: str = MISSING
    deduction_with_default_values: bool = True
    deduction_with_default_values_source: str = ""
    quarterly_certificate_price_years: list[int] = field(default_factory=list)
    quarterly_certificate_price_years_source: str = MISSING
    cbam_enabled: bool = True
    compliance: ComplianceRules = field(default_factory=lambda: ComplianceRules())


@dataclass
class PricesConfig:
    name: str = MISSING
    description: str = ""
    eua_annual_eur: dict[str, float] = field(default_factory=dict)
    eua_annual_eur_source: str = MISSING
    certificate_quarterly_eur: dict[str, dict[str, float]] = field(default_factory=dict)
    certificate_quarterly_eur_source: str = ""
    quarter_import_weights: list[float] = field(default_factory=lambda: [0.25] * 4)
    quarter_import_weights_source: str = MISSING
    price_ceiling_eur: float | None = None
    price_ceiling_eur_source: str = ""
    growth_after_horizon: float = 0.0
    growth_after_horizon_source: str = MISSING
    weekly_price_file: str | None = None
    weekly_price_file_source: str = ""
    domestic_price_cny: dict[str, float] = field(default_factory=dict)
    domestic_price_cny_source: str = MISSING
    effectively_paid_share: dict[str, float] = field(default_factory=dict)
    effectively_paid_share_source: str = MISSING
    domestic_coverage_from: dict[str, int] = field(default_factory=dict)
    domestic_coverage_from_source: str = MISSING
    fx_cny_per_eur: float = MISSING
    fx_cny_per_eur_source: str = MISSING


@dataclass
class GoodConfig:
    sector: str = MISSING
    cn_code: str = MISSING
    description: str = ""
    benchmark_default: dict[str, float] = field(default_factory=dict)
    benchmark_actual: dict[str, float] = field(default_factory=dict)
    benchmark_source: str = MISSING
    default_value_route: str = MISSING
    default_value_direct: float | None = None
    default_value_total: float | None = None
    default_value_source: str = MISSING
    price_eur_per_t: float = MISSING
    price_source: str = MISSING
    in_scope_from: int | None = None  # first liable import year (extensions); None: from 2026
    in_scope_source: str = ""


@dataclass
class EntityConfig:
    name: str = MISSING
    good: str = MISSING
    route: str = MISSING
    park: str = MISSING
    export_volume_t: float = MISSING
    production_t: float = MISSING
    value_basis: str = "actual"
    direct_intensity: float = MISSING
    electricity_intensity_mwh_per_t: float = 0.0
    power_emission_factor: float | None = None
    source: str = MISSING


@dataclass
class ImporterGroup:
    count: int = 1
    other_cbam_imports_t: float = 0.0
    purchase_share: dict[str, float] = field(default_factory=dict)
    source: str = MISSING


@dataclass
class ParkConfig:
    name: str = MISSING
    province: str = ""
    description: str = ""
    direct_line_from: int = 2026
    direct_line_commissioned: int | None = None  # a planned park-wide direct line, if any
    direct_line_share: float = 0.0  # its share of the units' electricity
    source: str = ""


@dataclass
class PopulationConfig:
    name: str = MISSING
    description: str = ""
    origin: str = "CN"
    grid_emission_factor: float = MISSING
    grid_emission_factor_source: str = MISSING
    parks: dict[str, ParkConfig] = field(default_factory=dict)
    goods: dict[str, GoodConfig] = field(default_factory=dict)
    entities: dict[str, EntityConfig] = field(default_factory=dict)
    entities_file: str | None = None
    importers: dict[str, ImporterGroup] = field(default_factory=dict)


@dataclass
class TechnologyOption:
    sector: str = MISSING
    kind: str = MISSING  # "route" or "reduction"
    from_routes: list[str] = field(default_factory=list)
    to_route: str | None = None
    direct_intensity: float | None = None
    electricity_intensity_mwh_per_t: float | None = None
    reduction: float | None = None
    capex_eur_per_t: float = MISSING
    opex_eur_per_t: float = 0.0
    lead_time_years: int = 1
    life_years: int = 20
    max_share: float = 1.0
    available_from: int = 2026
    learning_rate: float = 0.0
    initial_deployment_t: float = 1.0
    global_growth_per_year: float = 0.0
    stores_co2: bool = False  # a capture option: its cut is CO2 stored (CCUS indicator)
    source: str = MISSING


@dataclass
class TechnologyConfig:
    name: str = MISSING
    discount_rate: float = 0.08
    discount_rate_source: str = MISSING
    options: dict[str, TechnologyOption] = field(default_factory=dict)


@dataclass
class ResponseConfig:
    """Behaviour of exporters (TEDI); see docs/model.md for the equations."""

    name: str = MISSING
    enabled: bool = True
    enabled_source: str = ""
    expectation_time_constant_years: float = 2.0
    expectation_time_constant_years_source: str = MISSING
    initial_expected_price_eur: float = MISSING
    initial_expected_price_eur_source: str = MISSING
    adoption_speed: float = 0.3
    adoption_speed_source: str = MISSING
    adoption_slope: float = 3.0
    adoption_slope_source: str = MISSING
    capex_budget_share_of_revenue: float = 0.05
    capex_budget_share_of_revenue_source: str = MISSING
    verified_data: str = "decide"  # "decide" (pays off?), "never", or "everyone" from the start
    mrv_setup_eur: float = MISSING
    mrv_annual_eur: float = MISSING
    mrv_lead_time_years: int = 1
    mrv_life_years: int = 10
    mrv_source: str = MISSING
    power_premium_eur_per_mwh: dict[str, float] = field(default_factory=dict)
    power_max_share: dict[str, float] = field(default_factory=dict)
    power_innovation: float = 0.02
    power_imitation: float = 0.4
    power_reporting_value_eur_per_mwh: float = 1.0
    power_response_scale_eur_per_mwh: float = 10.0
    power_source: str = MISSING
    direct_line_min_load_share: dict[str, float] = field(default_factory=dict)
    direct_line_min_load_share_source: str = MISSING
    reserve_share_of_expected_liability: float = 0.2
    reserve_share_of_expected_liability_source: str = MISSING
    offset_share: float = 0.0
    offset_share_source: str = MISSING
    trade_elasticity: dict[str, float] = field(default_factory=dict)
    trade_pass_through: dict[str, float] = field(default_factory=dict)
    trade_source: str = MISSING


@dataclass
class EnsembleConfig:
    """Draws of uncertain inputs, one vectorised run (a ``draw`` axis); see sim/ensemble.py."""

    n: int = 1
    seed: int = 0
    sampler: str = "lhs"  # lhs, sobol or random
    chunk_size: int = 1024  # draws evaluated together; results do not depend on it
    workers: int = 0  # threads evaluating chunks; 0: one per core, at most 4
    variables: list[str] = field(default_factory=list)  # variables to keep; empty: all
    float32: bool = False  # store data variables as float32 (halves file size)
    uncertain: dict[str, dict[str, Any]] = field(default_factory=dict)
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


@dataclass
class SensitivityConfig:
    """Global sensitivity (``cbam-sobol``) over ``ensemble.uncertain``."""

    n: int = 256  # base samples, a power of two; the model runs n * (inputs + 2) draws
    seed: int = 0


@dataclass
class ScenarioInfo:
    """What a named scenario is for; set by the files in ``scenarios/``."""

    name: str = MISSING
    question: str = ""
    changes: str = ""
    status: str = "enacted"  # "enacted" rules or a "proposal"


@dataclass
class Config:
    run: RunConfig = field(default_factory=RunConfig)
    policy: PolicyConfig = MISSING
    prices: PricesConfig = MISSING
    population: PopulationConfig = MISSING
    technology: TechnologyConfig = MISSING
    response: ResponseConfig = MISSING
    ensemble: EnsembleConfig = field(default_factory=EnsembleConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    scorecard: ScorecardConfig = MISSING
    scenario: ScenarioInfo = field(default_factory=ScenarioInfo)
