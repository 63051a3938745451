"""The validated arrays the model reads: what the input gate returns.

Plain frozen dataclasses of numpy arrays on the (entity, year) grid, with no reference to
the config or files, so that the model (:mod:`sim.dynamics`) depends on these types only.
E entities, T years, G importer groups, J green-power kinds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from sim.response.technology import Technology


@dataclass(frozen=True)
class Population:
    """Entity-axis arrays (length E) and the importer groups (length G); the ``gas`` axis
    is :data:`sim.axes.GASES`."""

    ids: np.ndarray  # (E,) str
    names: np.ndarray
    sector: np.ndarray
    good: np.ndarray  # label (the CN code unless the entity names one)
    cn_code: np.ndarray
    origin: np.ndarray  # ISO 3166 alpha-2
    route: np.ndarray
    park: np.ndarray
    value_basis: np.ndarray  # "actual" | "default"
    volume_t: np.ndarray  # t of good per year
    production_t: np.ndarray  # t of good per year, all markets
    direct_tco2e_per_t: np.ndarray
    electricity_mwh_per_t: np.ndarray
    power_emission_factor: np.ndarray  # tCO2/MWh
    price_eur_per_t: np.ndarray  # EU price of the good
    benchmark_default_tco2e_per_t: np.ndarray  # Column B of the default value's route
    benchmark_default_late_tco2e_per_t: np.ndarray  # the same in the second period
    default_direct_tco2e_per_t: np.ndarray  # NaN where the Annex gives none
    default_total_tco2e_per_t: np.ndarray
    direct_gas_tco2e_per_t: np.ndarray  # (E, gas) direct tCO2e/t by gas, domestic GWP set
    importer_ids: np.ndarray  # (G,)
    importer_count: np.ndarray
    importer_other_t: np.ndarray
    purchase_share: np.ndarray  # (E, G)
    overrides: tuple[str, ...] = ()  # looked-up official values the entities replaced

    def default_benchmark(self, late: bool) -> np.ndarray:
        """(E,) Column B of the default value's route in the first or the second period."""
        return (
            self.benchmark_default_late_tco2e_per_t if late else self.benchmark_default_tco2e_per_t
        )

    @property
    def uses_default(self) -> np.ndarray:
        """(E,) True where the entity declares default values."""
        return self.value_basis == "default"

    @property
    def indirect_tco2e_per_t(self) -> np.ndarray:
        """(E,) tCO2e/t of the electricity used at the entity's grid factor."""
        return self.electricity_mwh_per_t * self.power_emission_factor


@dataclass(frozen=True)
class SupplyLinks:
    """Precursor links (length L): the customer entity whose good embeds the precursor, the
    supplier entity (-1 for a precursor bought outside the population), t of precursor per
    t of good and the Annex IV default value charged when the supplier's actual values are
    not available, by year. Ordered so that ``depth`` passes resolve every chain."""

    ids: np.ndarray = field(default_factory=lambda: np.array([], dtype=str))
    customer: np.ndarray = field(default_factory=lambda: np.array([], dtype=int))
    supplier: np.ndarray = field(default_factory=lambda: np.array([], dtype=int))
    cn_code: np.ndarray = field(default_factory=lambda: np.array([], dtype=str))
    t_per_t: np.ndarray = field(default_factory=lambda: np.array([], dtype=float))
    default_tco2e_per_t: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # (L, T)
    depth: int = 0  # the longest chain, in links

    @property
    def size(self) -> int:
        """The number of links."""
        return int(self.ids.size)


@dataclass(frozen=True)
class Behaviour:
    """How exporters respond (the ``response`` section) and what they produce and sell."""

    enabled: bool
    expectation_tau_years: float
    initial_expected_price_eur: float
    adoption_speed: float
    adoption_slope: float
    budget_share: float
    mrv_setup_eur: float
    mrv_annual_eur: float
    mrv_lead_years: int
    mrv_life_years: int
    power_premium: np.ndarray  # (J,) EUR/MWh
    power_cap: np.ndarray  # (J,)
    power_innovation: float
    power_imitation: float
    power_reporting_value: float
    power_response_scale: float  # EUR/MWh of net benefit for a strong response
    direct_line_min_share: np.ndarray  # (T,)
    direct_line_from: np.ndarray  # (E,) year the park allows direct lines
    park_line_year: np.ndarray  # (E,) year a planned park direct line commissions (-1: none)
    park_line_share: np.ndarray  # (E,) its share of electricity
    verified_data: str  # "decide", "never" or "everyone"
    reserve_share: float
    offset_share: float | np.ndarray  # (E,) where a park sets its own
    precursor_pass_upstream: float  # share of a precursor's CBAM cost passed to its supplier
    elasticity: np.ndarray  # (E,)
    pass_through: np.ndarray  # (E,)
    price_eur_per_t: np.ndarray  # (E,)
    production_t: np.ndarray  # (E,)
    planned_option_year: np.ndarray | None = None  # (E, K) a park plan's start year, -1 none
    park_gec_year: np.ndarray | None = None  # (E,) the park buys GECs from that year (-1 none)
    park_gec_share: np.ndarray | None = None  # (E,) the share of electricity they cover


PARK_ASSETS = ("pv", "wind", "storage", "connection", "electrolyser")  # axis park_asset (A,)
GENERATORS = np.array([True, True, False, False, False])  # the kinds that generate power


@dataclass(frozen=True)
class ParkAssets:
    """Park infrastructure (the ``park_assets`` table and the parks' plans): P parks (all
    configured), A asset kinds (:data:`PARK_ASSETS`). Money in EUR, capacity in MW (storage
    MWh, the connection 1 per park)."""

    ids: np.ndarray  # (P,) park ids
    of_entity: np.ndarray  # (E,) index of each entity's park
    capex_eur: np.ndarray  # (A,) per MW, per MWh or per connection, before learning
    opex_share: np.ndarray  # (A,) fixed O&M a year, share of capex
    life_years: np.ndarray  # (A,) int
    lead_years: np.ndarray  # (A,) int
    learning_exponent: np.ndarray  # (A,) b = -log2(1 - learning rate)
    initial_deployment: np.ndarray  # (A,) cumulative global, MW (MWh, connections)
    global_growth: np.ndarray  # (A,)
    capacity_factor: np.ndarray  # (P, A) 0 for the kinds that do not generate
    availability_share: float
    storage_mwh_per_mwh: float  # cycles a year x round-trip efficiency
    electrolyser_mwh_per_t: float
    hydrogen_value_eur_per_t: float
    grid_tariff_eur_per_mwh: float
    direct_line_charges_eur_per_mwh: float  # charges still paid on the park power taken
    mode: np.ndarray  # (P,) 0 none, 1 plan, 2 decide
    start_year: np.ndarray  # (P,) int (-1: none)
    size: np.ndarray  # (P, A) the planned (or candidate) capacity
    cost_key: np.ndarray  # (P,) 0 electricity use, 1 production, 2 equal shares

    @property
    def saving_eur_per_mwh(self) -> float:
        """What a member saves on a MWh taken from the park: the tariff less the charges."""
        return self.grid_tariff_eur_per_mwh - self.direct_line_charges_eur_per_mwh

    @property
    def member(self) -> np.ndarray:
        """(E, P) 1.0 where the entity is in the park."""
        return (self.of_entity[:, None] == np.arange(self.ids.size)).astype(float)


@dataclass(frozen=True)
class Compliance:
    """The dates and shares of the compliance cycle (``policy.compliance``)."""

    sales_start: dt.date
    holding_share: float
    holding_from: int
    holding_on_gross: bool
    surrender: str  # month-day in the year after the import year
    repurchase: str
    repurchase_cap: float
    quarterly_price_years: tuple[int, ...]


@dataclass(frozen=True)
class PolicyRules:
    """The CBAM rules on the run's grid, without the compliance dates. E entities, T years."""

    cbam_factor: np.ndarray  # (T,)
    cscf: np.ndarray  # (T,)
    markup: np.ndarray  # (E, T)
    indirect_in_scope: np.ndarray  # (E, T) bool
    # (E,) bool: the sector's own rule (Reg. 2023/956 Annex II), before
    # policy.indirect_for_all_sectors_from (the rule uncertainty of that key draws the year)
    indirect_sector_rule: np.ndarray
    de_minimis_applies: np.ndarray  # (E,) bool
    de_minimis_threshold_t: float
    deduction_with_default_values: bool
    cbam_enabled: bool
    cbam_in_scope: np.ndarray  # (E, T) bool: the good is liable in that year
    # (E, T) bool: the same were the downstream extension adopted, and were it not (the
    # rule uncertainty ensemble.uncertain.downstream_extension)
    cbam_in_scope_if_extended: np.ndarray
    cbam_in_scope_unextended: np.ndarray
    cf_cscf_path: np.ndarray  # CF x CSCF from the first run year to the last configured year
    late_benchmarks: np.ndarray  # (T,) bool: the year is in the second benchmark period


@dataclass(frozen=True)
class Policy(PolicyRules):
    """The CBAM rules on the run's grid with the dates of the compliance cycle."""

    compliance: Compliance


@dataclass(frozen=True)
class Prices:
    """The central price paths (before any draw) and the domestic carbon price coverage."""

    certificate_price_eur: np.ndarray  # (T,) central path, before any draw
    domestic_price_cny: np.ndarray  # (T,) central China ETS path
    fx_cny_per_eur: float
    price_ceiling_eur: float | None  # certificate price ceiling (a scenario lever)
    price_growth_after_horizon: float  # yearly growth of the price after the last run year
    effectively_paid_share: np.ndarray  # (T,)
    domestic_coverage: np.ndarray  # (E, T) 1.0 where the sector is under the domestic ETS


@dataclass(frozen=True)
class Inputs:
    """Everything the model needs, as arrays. E entities, T years."""

    years: np.ndarray  # (T,) int
    population: Population
    policy: Policy
    prices: Prices
    technology: Technology
    behaviour: Behaviour
    parks: ParkAssets
    links: SupplyLinks = field(default_factory=SupplyLinks)
