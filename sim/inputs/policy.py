"""The ``policy`` section: CBAM factor, CSCF and mark-up schedules, the scope of each good
and sector by year, and the dates of the compliance cycle, checked and put on the
(entity, year) grid."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError
from sim.inputs.arrays import Compliance, PolicyRules, Population
from sim.inputs.goods import EntityGood
from sim.inputs.official import SECOND_PERIOD_FROM
from sim.rules.compliance import DEFINITIVE_PERIOD_START


def sector_names(pol: Mapping[str, Any]) -> list[str]:
    """The sectors ``policy.sectors`` gives CBAM rules for; at least one is required."""
    if not pol["sectors"]:
        raise ConfigError("policy.sectors", {}, "at least one sector needs CBAM rules")
    return list(pol["sectors"])


def build_rules(
    pol: Mapping[str, Any], years: list[int], pop: Population, goods: Sequence[EntityGood]
) -> PolicyRules:
    """Check the schedules of ``policy`` (CBAM factor, CSCF, mark-ups, indirect emissions,
    de minimis threshold) and return them with the scope of each entity's good by year."""
    sectors, year_arr = pol["sectors"], np.array(years)
    cf = cbam_factor(pol, years)
    cscf_default, cscf_years = cscf_schedule(pol)
    markup_by_sector = default_value_markups(sectors, years)
    indirect = indirect_in_scope(pol, pop.sector, years)
    threshold = checks.number("policy.de_minimis_threshold_t", pol["de_minimis_threshold_t"], low=0)
    return PolicyRules(
        cbam_factor=np.array(cf),
        cscf=np.array([cscf_years.get(y, cscf_default) for y in years]),
        markup=np.array([markup_by_sector[s] for s in pop.sector]),
        indirect_in_scope=indirect,
        indirect_sector_rule=np.array([bool(sectors[s]["indirect_emissions"]) for s in pop.sector]),
        de_minimis_applies=np.array([bool(sectors[s]["de_minimis_applies"]) for s in pop.sector]),
        de_minimis_threshold_t=threshold,
        deduction_with_default_values=bool(pol["deduction_with_default_values"]),
        cbam_enabled=bool(pol["cbam_enabled"]),
        cbam_in_scope=_scope(year_arr, goods, downstream_from(pol)),
        cbam_in_scope_if_extended=_scope(year_arr, goods, extension_year(pol)),
        cbam_in_scope_unextended=_scope(year_arr, goods, None),
        cf_cscf_path=cf_cscf_path(pol, years, cscf_default, cscf_years),
        late_benchmarks=year_arr >= SECOND_PERIOD_FROM,
    )


def cbam_factor(pol: Mapping[str, Any], years: list[int]) -> list[float]:
    """``policy.cbam_factor`` for every run year: shares that never rise."""
    return cbam_factor_schedule("policy.cbam_factor", pol["cbam_factor"], years)


def cbam_factor_schedule(key: str, schedule: Any, years: list[int]) -> list[float]:
    """A CBAM factor schedule ``key`` (year -> share) for every run year: shares that never
    rise (also each schedule of ``ensemble.uncertain.cbam_factor``)."""
    cf = checks.year_schedule(key, schedule, years, check=checks.share)
    _check_never_rising(key, schedule)
    return cf


def _check_never_rising(key: str, schedule: Mapping[Any, Any]) -> None:
    """The CBAM factor phases free allocation out: it never rises from one year to the next
    (Directive 2003/87/EC Art. 10a(1a) as amended by Directive (EU) 2023/959)."""
    table = sorted((int(y), checks.share(f"{key}.{y}", v)) for y, v in schedule.items())
    for (y0, v0), (y1, v1) in itertools.pairwise(table):
        if v1 > v0:
            raise ConfigError(
                f"{key}.{y1}",
                schedule.get(str(y1), schedule.get(y1, v1)),
                f"the CBAM factor never rises (it is {v0:g} in {y0}; Directive 2003/87/EC "
                "Art. 10a(1a) phases free allocation out)",
            )


def cscf_schedule(pol: Mapping[str, Any]) -> tuple[float, dict[int, float]]:
    """The cross-sectoral correction factor: the default share ``policy.cscf`` and the
    shares of the years ``policy.cscf_by_year`` sets apart."""
    default = checks.share("policy.cscf", pol["cscf"])
    by_year = {
        y: checks.share(f"policy.cscf_by_year.{y}", v)
        for y, v in checks.year_keys("policy.cscf_by_year", pol["cscf_by_year"]).items()
    }
    return default, by_year


def default_value_markups(sectors: Mapping[str, Any], years: list[int]) -> dict[str, list[float]]:
    """Each sector's mark-up on default values for every run year."""
    return {
        s: checks.year_schedule(
            f"policy.sectors.{s}.default_value_markup",
            rules["default_value_markup"],
            years,
            # [U] at most +1,000 %: the enacted mark-ups are 1-30 % (IR 2025/2621)
            check=lambda k, v: checks.number(k, v, low=0, high=10),
        )
        for s, rules in sectors.items()
    }


def indirect_in_scope(
    pol: Mapping[str, Any], sector_of: np.ndarray, years: list[int]
) -> np.ndarray:
    """(E, T) True where an entity's indirect emissions are priced: its sector's rule, or
    every sector from ``policy.indirect_for_all_sectors_from``."""
    sectors, all_from = pol["sectors"], pol["indirect_for_all_sectors_from"]
    if all_from is not None:
        all_from = checks.year("policy.indirect_for_all_sectors_from", all_from, low=2026)
    return np.array(
        [
            [
                sectors[s]["indirect_emissions"] or (all_from is not None and y >= all_from)
                for y in years
            ]
            for s in sector_of
        ],
        dtype=bool,
    )


# a year no run reaches: the good is never liable
NEVER = 10_000


def in_scope_from(good: EntityGood, downstream: int | None) -> int:
    """The first liable import year of an entity's good: its override if it has one, the
    downstream extension's year for goods only the proposal lists (never without one),
    else the start of the definitive period."""
    if good.in_scope_from is not None:
        return good.in_scope_from
    if good.downstream_only:
        return NEVER if downstream is None else downstream
    return DEFINITIVE_PERIOD_START


def _scope(years: np.ndarray, goods: Sequence[EntityGood], downstream: int | None) -> np.ndarray:
    """(E, T) whether each entity's good is liable in each year."""
    return years[None, :] >= np.array([in_scope_from(g, downstream) for g in goods])[:, None]


# the year COM(2025) 989 proposes for the downstream extension (1 January 2028; the
# scenario downstream_2028 and sim/data/official/downstream_2028_proposal.json)
PROPOSED_EXTENSION_YEAR = 2028


def extension_year(pol: Mapping[str, Any]) -> int:
    """The year the downstream extension would apply if adopted: the configured
    ``policy.downstream_extension_from``, else the proposal's 2028."""
    return downstream_from(pol) or PROPOSED_EXTENSION_YEAR


def downstream_from(pol: Mapping[str, Any]) -> int | None:
    """``policy.downstream_extension_from``: the year goods of the downstream proposal
    COM(2025) 989 become liable (None: the proposal is not law)."""
    year = pol.get("downstream_extension_from")
    return None if year is None else checks.year("policy.downstream_extension_from", year)


def cf_cscf_path(
    pol: Mapping[str, Any], years: list[int], cscf: float, cscf_years: Mapping[int, float]
) -> np.ndarray:
    """CF x CSCF from the first run year through the last configured year (even beyond the
    run's end): decisions look ahead over an option's life whatever the horizon. Later
    years repeat the last value (0 from 2034 under the enacted rules)."""
    table = {
        int(y): checks.share(f"policy.cbam_factor.{y}", v) for y, v in pol["cbam_factor"].items()
    }
    path, value = [], table.get(years[0], 0.0)
    for y in range(years[0], max(max(table), years[-1]) + 1):
        value = table.get(y, value)
        path.append(value * cscf_years.get(y, cscf))
    return np.array(path)


def compliance(pol: Mapping[str, Any]) -> Compliance:
    """Check ``policy.compliance`` (sales start, deadlines, holding and repurchase shares)
    and the years priced by quarter."""
    c, key = pol["compliance"], "policy.compliance"
    start = _sales_start(key, c["certificate_sales_start"])
    _check_deadlines(key, c)
    basis = checks.choice(
        f"{key}.quarterly_holding_basis",
        c["quarterly_holding_basis"],
        ("net", "gross"),
        "holding basis",
    )
    return Compliance(
        sales_start=start,
        holding_share=checks.share(f"{key}.quarterly_holding_share", c["quarterly_holding_share"]),
        holding_from=checks.year(f"{key}.quarterly_holding_from", c["quarterly_holding_from"]),
        holding_on_gross=basis == "gross",
        surrender=str(c["surrender_deadline"]),
        repurchase=str(c["repurchase_deadline"]),
        repurchase_cap=checks.share(f"{key}.repurchase_cap_share", c["repurchase_cap_share"]),
        quarterly_price_years=tuple(
            checks.year(f"policy.quarterly_certificate_price_years.{i}", y)
            for i, y in enumerate(pol["quarterly_certificate_price_years"])
        ),
    )


def _sales_start(key: str, value: Any) -> dt.date:
    """The date certificate sales start (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(
            f"{key}.certificate_sales_start", value, "expected a date YYYY-MM-DD"
        ) from None


def _check_deadlines(key: str, c: Mapping[str, Any]) -> None:
    """The surrender and repurchase deadlines are month-days, repurchase after surrender."""
    for name in ("surrender_deadline", "repurchase_deadline"):
        try:
            dt.date.fromisoformat(f"2027-{c[name]}")
        except ValueError:
            raise ConfigError(f"{key}.{name}", c[name], "expected a month-day MM-DD") from None
    if c["repurchase_deadline"] <= c["surrender_deadline"]:
        raise ConfigError(
            f"{key}.repurchase_deadline",
            c["repurchase_deadline"],
            f"must fall after the surrender deadline {c['surrender_deadline']}",
        )
