"""Schemas of the exporters' sections: who they are (``population``), what they can adopt
(``technology``) and how they respond (``response``); re-exported by :mod:`sim.config.schema`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omegaconf import MISSING

from sim.config.parks import ParkPlan


@dataclass
class PrecursorConfig:
    """A precursor an entity's good is made from (IR 2025/2547): bought from another entity
    of the population (``supplier``) or from outside it (``cn_code``, charged at its Annex IV
    default value), in t of precursor per t of good."""

    supplier: str | None = None
    cn_code: str | None = None
    t_per_t: float = MISSING
    source: str = MISSING


@dataclass
class EntityConfig:
    """A production unit exporting one good to the EU, named by CN code and origin (the
    regulatory data are looked up in the official tables, docs/data.md): route, park,
    volumes, intensities, EU price and whether it declares actual or default values."""

    name: str = MISSING
    cn_code: str = MISSING
    origin: str | None = None  # ISO code or name; None: the population's origin
    good: str = ""  # a label for outputs ("" : the CN code)
    route: str = MISSING
    park: str = MISSING
    export_volume_t: float = MISSING
    production_t: float = MISSING
    value_basis: str = "actual"
    direct_intensity: float | None = None  # tCO2e/t of the gases CBAM lists for the good
    direct_intensity_by_gas_t_per_t: dict[str, float] = field(default_factory=dict)  # t gas/t
    electricity_intensity_mwh_per_t: float = 0.0
    power_emission_factor: float | None = None
    price_eur_per_t: float = MISSING
    price_source: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    overrides_source: str = ""
    precursors: list[PrecursorConfig] = field(default_factory=list)
    source: str = MISSING


@dataclass
class ImporterGroup:
    """EU importers buying from the entities: how many, their other CBAM imports (t) and
    the share of each entity's EU volume they buy."""

    count: int = 1
    other_cbam_imports_t: float = 0.0
    purchase_share: dict[str, float] = field(default_factory=dict)
    source: str = MISSING


@dataclass
class ParkConfig:
    """An industrial park: where it is, from when it allows direct lines, a planned
    park-wide direct line without cost (the earlier form), and its infrastructure plan."""

    name: str = MISSING
    province: str = ""
    description: str = ""
    direct_line_from: int = 2026
    direct_line_commissioned: int | None = None  # a planned park-wide direct line, if any
    direct_line_share: float = 0.0  # its share of the units' electricity
    technology_plan: dict[str, int] = field(default_factory=dict)  # option -> year started
    technology_plan_source: str = ""
    # claims in the domestic accounting: unbundled green certificates (GECs) bought for a
    # share of the units' electricity from a year, and the share of emissions offset
    certificates_from: int | None = None
    certificates_share: float = 0.0
    offset_share: float | None = None  # None: response.offset_share
    claims_source: str = ""
    plan: ParkPlan | None = None  # park infrastructure (sim.config.parks)
    source: str = ""
    # dual control (notice 2025 No. 910): the year the park means to pass, and a cap on its
    # total CO2 (domestic accounting), both optional; read by the scorecard's pass years
    target_year: int | None = None
    target_year_source: str = ""
    emissions_cap_tco2: float | None = None
    emissions_cap_tco2_source: str = ""


@dataclass
class PopulationConfig:
    """Who exports (``configs/population/*.yaml``): the origin, the grid emission factor,
    parks, entities (inline or from ``entities_file``) and importer groups."""

    name: str = MISSING
    description: str = ""
    origin: str = "CN"
    grid_emission_factor: float = MISSING
    grid_emission_factor_source: str = MISSING
    parks: dict[str, ParkConfig] = field(default_factory=dict)
    entities: dict[str, EntityConfig] = field(default_factory=dict)
    entities_file: str | None = None
    importers: dict[str, ImporterGroup] = field(default_factory=dict)


@dataclass
class TechnologyOption:
    """An abatement option: a route change (the intensities of ``to_route``) or a
    reduction (a share of direct emissions cut), with its costs, timing, limits and learning."""

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
    cn_codes: list[str] = field(default_factory=list)  # CN prefixes it applies to ([]: all)
    electricity_added_mwh_per_t: float = 0.0  # a reduction option's extra power (electrified heat)
    # construction-phase (EN 15978 A1-A5) emissions, tCO2e per t/yr of capacity built
    embodied_tco2e_per_t: float = 0.0
    embodied_tco2e_per_t_source: str = ""
    source: str = MISSING


@dataclass
class TechnologyConfig:
    """The abatement options (``configs/technology/*.yaml``) and the discount rate that
    values them."""

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
    precursor_cost_passed_upstream: float = 0.0
    precursor_cost_passed_upstream_source: str = ""
    trade_elasticity: dict[str, float] = field(default_factory=dict)
    trade_pass_through: dict[str, float] = field(default_factory=dict)
    trade_source: str = MISSING
