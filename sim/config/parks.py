"""Schemas of park infrastructure: the asset table (``configs/park_assets/*.yaml``) and a
park's plan (``population.parks.<park>.plan``); re-exported by :mod:`sim.config.schema`."""

from __future__ import annotations

from dataclasses import dataclass, field

from omegaconf import MISSING


@dataclass
class ParkAssetKind:
    """One kind of park asset (pv, wind, storage, connection, electrolyser): its capex per
    unit (CNY per kW; storage per kWh; the connection per park), fixed O&M, life, lead
    time and learning on cumulative global deployment."""

    capex_cny_per_unit: float = MISSING
    capex_source: str = MISSING
    opex_share_of_capex: float = MISSING  # fixed O&M a year, share of the capex
    life_years: int = MISSING
    lead_time_years: int = MISSING
    learning_rate: float = 0.0  # capex fall per doubling of cumulative deployment
    initial_deployment: float = 1.0  # cumulative global deployment (GW, GWh, connections)
    global_growth_per_year: float = 0.0
    source: str = MISSING  # for O&M, life, lead time and learning


@dataclass
class ParkAssetsConfig:
    """The park asset table: kinds, capacity factors by province, how generation reaches
    the units, electrolysis and the grid tariff the park's power replaces."""

    name: str = MISSING
    kinds: dict[str, ParkAssetKind] = field(default_factory=dict)
    capacity_factor: dict[str, dict[str, float]] = field(default_factory=dict)  # kind -> province
    capacity_factor_source: str = ""
    availability_share: float = 0.0  # share of park demand met directly, without storage
    availability_share_source: str = ""
    storage_cycles_per_year: float = 0.0
    storage_round_trip_efficiency: float = 1.0
    storage_source: str = ""
    electrolyser_mwh_per_t_h2: float = 1.0
    hydrogen_value_cny_per_t: float = 0.0  # the grey hydrogen a tonne of green replaces
    hydrogen_source: str = ""
    grid_tariff_cny_per_mwh: float = 0.0
    grid_tariff_cny_per_mwh_source: str = ""
    direct_line_charges_cny_per_mwh: float = 0.0  # grid charges still paid on park power
    direct_line_charges_cny_per_mwh_source: str = ""


@dataclass
class ParkPlan:
    """A park's infrastructure: built as planned from ``start_year`` (``mode: plan``) or
    built when it pays, from ``start_year`` on (``mode: decide``). ``assets``: MW of pv,
    wind and electrolyser, MWh of storage, 1 for the microgrid / direct connection."""

    mode: str = "plan"
    start_year: int = MISSING
    target_year: int | None = None  # every asset must commission by then
    assets: dict[str, float] = field(default_factory=dict)
    cost_key: str = "electricity"  # how members share the cost: electricity, production, equal
    source: str = MISSING
