"""Schemas of the ``policy`` and ``prices`` sections: the CBAM rules and the prices they
apply to (re-exported by :mod:`sim.config.schema`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from omegaconf import MISSING


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
    """The CBAM rules (``configs/policy/*.yaml``): CBAM factor and CSCF schedules, the
    rules of each sector, the de minimis threshold, the years priced by quarter and the
    compliance cycle, the GWP100 sets converting gases to CO2e; ``cbam_enabled`` false runs
    without CBAM."""

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
    downstream_extension_from: int | None = None  # goods only in COM(2025) 989 liable from
    downstream_extension_from_source: str = ""
    de_minimis_threshold_t: float = 50.0
    de_minimis_threshold_t_source: str = MISSING
    deduction_with_default_values: bool = True
    deduction_with_default_values_source: str = ""
    quarterly_certificate_price_years: list[int] = field(default_factory=list)
    quarterly_certificate_price_years_source: str = MISSING
    cbam_enabled: bool = True
    gwp100: dict[str, dict[str, float]] = field(default_factory=dict)  # set -> gas -> tCO2e/t
    gwp100_source: str = MISSING
    cbam_gwp100_set: str = MISSING  # the set CBAM's monitoring rules prescribe
    cbam_gwp100_set_source: str = MISSING
    domestic_gwp100_set: str = MISSING  # the set of the park's own (domestic) accounting
    domestic_gwp100_set_source: str = MISSING
    compliance: ComplianceRules = field(default_factory=lambda: ComplianceRules())


@dataclass
class PricesConfig:
    """Prices (``configs/prices/*.yaml``): the certificate price (annual EUA path, quarterly
    prices, a weekly price file), a ceiling and its growth after the horizon, the China ETS
    price, the share of it effectively paid and the sectors it covers, and the EUR/CNY rate."""

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
