"""The yearly decisions of the TEDI subsystems, vectorised over (draw, entity[, option]).

Each function reads the stocks at the start of the year and returns flows; the model
applies them afterwards (two-phase update). Equations are documented in docs/model.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.dynamics.state import State
from sim.inputs.behaviour import CBAM_RECOGNISED
from sim.inputs.gate import Inputs
from sim.response import power
from sim.response import technology as abatement
from sim.response.technology import sum_last

MRV_LIFE_YEARS = 10  # horizon over which an MRV set-up is annualised (assumption)


@dataclass(frozen=True)
class Now:
    """What every decision sees at the start of year index t, each (D, E) unless noted."""

    t: int
    eu_share: np.ndarray  # EU-bound share of production
    eff: np.ndarray  # multiplier of direct emissions from reduction options
    direct: np.ndarray  # actual direct tCO2e/t
    see_actual: np.ndarray  # actual in-scope tCO2e/t
    bench_actual: np.ndarray
    ef_cbam: np.ndarray  # tCO2/MWh CBAM counts
    electricity: np.ndarray  # MWh/t


def future_mean(
    values: np.ndarray, after: float, start: np.ndarray, length: np.ndarray
) -> np.ndarray:
    """Mean of a yearly series over [start, start + length) (indices), ``after`` beyond its end."""
    n = int(np.max(start + length)) + 1 if start.size else 1
    ext = np.concatenate([values, np.full(max(0, n - values.size), after)])
    cs = np.concatenate([[0.0], np.cumsum(ext)])
    length = np.maximum(length.astype(int), 1)
    return (cs[start + length] - cs[start]) / length


def invest(inp: Inputs, s: State, now: Now) -> tuple[np.ndarray, np.ndarray]:
    """Technology (T): project starts (D, E, K, share of capacity) and their capex (D, E, EUR).

    Computed only on the P applicable (entity, option) pairs, arrays (D, P).
    """
    tech, beh, t = inp.technology, inp.behaviour, now.t
    pe, pk = np.nonzero(tech.applicable)  # the applicable pairs
    starts_ek = np.zeros(s.adopted.shape)
    if pe.size == 0:
        return starts_ek, np.zeros(s.verified.shape)
    route = tech.is_route_option[pk]  # (P,)
    base = tech.base_route[pe]
    to = np.where(route, tech.to_route[pk], base)
    in_scope = inp.indirect_in_scope[pe, t]
    d_base, el_base = tech.direct_er0[pe, base], tech.electricity_er0[pe, base]
    d_to, el_to = tech.direct_er0[pe, to], tech.electricity_er0[pe, to]
    eff, ef = now.eff[:, pe], now.ef_cbam[:, pe]
    see_now, direct_now, bench_now = (
        now.see_actual[:, pe],
        now.direct[:, pe],
        now.bench_actual[:, pe],
    )
    reduction = tech.reduction[pk]
    see_before = np.where(route, d_base * eff + in_scope * el_base * ef, see_now)
    see_after = np.where(
        route, d_to * eff + in_scope * el_to * ef, see_now - reduction * direct_now
    )
    bm_before = np.where(route, tech.benchmark_er0[pe, base], bench_now)
    bm_after = np.where(route, tech.benchmark_er0[pe, to], bench_now)
    start = t + tech.lead_time_years
    cf = future_mean(inp.cf_cscf_path, inp.cf_cscf_path[-1], start, tech.life_years)[pk]
    gross_cut = abatement.gross_certificates_per_t(
        see_before, cf, 1.0, bm_before
    ) - abatement.gross_certificates_per_t(see_after, cf, 1.0, bm_after)
    on_actual = np.maximum(s.verified, s.mrv_pipeline.total)[:, pe]
    in_scope_then = inp.cbam_in_scope[pe, np.minimum(start, inp.years.size - 1)[pk]]
    cbam_gain = now.eu_share[:, pe] * s.expected_price[:, None] * gross_cut * on_actual
    direct_cut = np.where(route, (d_base - d_to) * eff, reduction * direct_now)
    paid = inp.effectively_paid_share[t] * inp.domestic_coverage[pe, t]
    benefit = (
        cbam_gain * (inp.cbam_enabled * in_scope_then)
        + direct_cut * paid * inp.draws.domestic_price_eur[:, t, None]
    )
    cumulative = tech.initial_deployment_t * (1 + tech.global_growth_per_year) ** t + s.deployed_t
    capex = abatement.learned_capex(
        tech.capex_eur_per_t * inp.draws.capex_multiplier,
        cumulative,
        tech.initial_deployment_t,
        _learning_exponent(tech.learning_exponent, inp.draws.learning_multiplier),
    )[:, pk]
    crf = abatement.capital_recovery_factor(tech.discount_rate, tech.life_years)
    annual = capex * crf[pk] + tech.opex_eur_per_t[pk]
    # an option that costs nothing a year is taken if and only if it helps
    free = np.where(benefit > 0, np.inf, 0.0)
    ratio = np.divide(benefit, annual, out=free, where=annual > 0)
    open_now = inp.years[t] >= tech.available_from[pk]
    rate = abatement.adoption_rate(ratio, inp.draws.adoption_speed[:, None], beh.adoption_slope)
    pipe = s.pipeline.total  # (D, E, K)
    e_idx = np.arange(s.verified.shape[1])
    free_base = s.route_share[:, e_idx, tech.base_route] - pipe @ tech.is_route_option.astype(float)
    room = np.maximum(0.0, tech.max_share[pk] - s.adopted[:, pe, pk] - pipe[:, pe, pk])
    room = np.where(route, np.minimum(room, free_base[:, pe]), room)
    starts = rate * room * open_now
    route_starts = _per_entity(starts * route, pe, e_idx.size)  # (D, E)
    squeeze = np.divide(
        free_base, route_starts, out=np.ones_like(free_base), where=route_starts > free_base
    )
    starts = np.where(route, starts * np.minimum(1.0, squeeze)[:, pe], starts)
    spend = starts * beh.production_t[pe] * capex
    budget = beh.budget_share * beh.production_t * beh.price_eur_per_t
    total = _per_entity(spend, pe, e_idx.size)
    scale = np.divide(budget, total, out=np.ones_like(total), where=total > budget)
    starts_ek[:, pe, pk] = starts * scale[:, pe]
    return starts_ek, total * np.minimum(scale, 1.0)


def _per_entity(x: np.ndarray, pe: np.ndarray, n_entities: int) -> np.ndarray:
    """Sum (D, P) values over the (entity, option) pairs of each entity: (D, E).

    A scatter-add in O(D x P); a dense pair -> entity matrix would be P x E, quadratic in
    entities (1.6 GB at 10,000 entities)."""
    n_draws = x.shape[0]
    index = (np.arange(n_draws)[:, None] * n_entities + pe[None, :]).ravel()
    sums = np.bincount(index, weights=x.ravel(), minlength=n_draws * n_entities)
    return sums.reshape(n_draws, n_entities)


def _learning_exponent(exponent: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """Per-draw learning exponents (D, K) with each learning rate scaled (capped at 90 %)."""
    rate = np.clip((1.0 - 2.0**-exponent) * multiplier[:, None], 0.0, 0.9)
    return -np.log2(1.0 - rate)


def verify(inp: Inputs, s: State, now: Now, volume: np.ndarray) -> np.ndarray:
    """Data (D): 1.0 where a unit on default values starts paying for verified monitoring."""
    beh, pop, t = inp.behaviour, inp.population, now.t
    lead = beh.mrv_lead_years
    t_eff = min(t + lead, inp.years.size - 1)
    cf = future_mean(
        inp.cf_cscf_path,
        inp.cf_cscf_path[-1],
        np.array([t + lead]),
        np.array([MRV_LIFE_YEARS]),
    )[0]
    in_scope = inp.indirect_in_scope[:, t_eff]
    dv = np.where(in_scope, pop.default_total_tco2e_per_t, pop.default_direct_tco2e_per_t)
    see_default = np.nan_to_num(dv) * (1.0 + inp.markup[:, t_eff])
    gross_default = abatement.gross_certificates_per_t(
        see_default, cf, 1.0, pop.benchmark_default_tco2e_per_t
    )
    gross_actual = abatement.gross_certificates_per_t(now.see_actual, cf, 1.0, now.bench_actual)
    saving = volume * s.expected_price[:, None] * (gross_default - gross_actual) * inp.cbam_enabled
    cost = (
        beh.mrv_setup_eur
        * abatement.capital_recovery_factor(inp.technology.discount_rate, MRV_LIFE_YEARS)
        + beh.mrv_annual_eur
    )
    if beh.verified_data != "decide":
        return np.zeros(s.verified.shape)
    saving = saving * inp.cbam_in_scope[:, t_eff]
    waiting = (s.verified < 0.5) & (s.mrv_pipeline.total < 0.5)
    return (waiting & (saving > cost)).astype(float)


def green_power(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """Energy (E): increments of the green-power shares (D, E, J), effective next year."""
    beh, t = inp.behaviour, now.t
    t_next = min(t + 1, inp.years.size - 1)
    in_scope = inp.indirect_in_scope[:, t_next]
    cbam_value = (
        now.eu_share
        * s.expected_price[:, None]
        * inp.population.power_emission_factor
        * in_scope
        * s.verified
        * inp.cbam_enabled
        * inp.cbam_in_scope[:, t_next]
    )  # EUR/MWh
    benefit = CBAM_RECOGNISED * cbam_value[..., None] + beh.power_reporting_value
    attract = power.attractiveness(
        benefit - beh.power_premium, beh.power_response_scale, beh.adoption_slope
    )
    allowed = np.ones(attract.shape)
    allowed[..., 0] = inp.years[t] >= beh.direct_line_from
    step = power.bass_increment(
        s.green_share, beh.power_cap, beh.power_innovation, beh.power_imitation, attract * allowed
    )
    # a direct line is built as one project of at least the minimum self-consumed load share
    below = (s.green_share[..., 0] < beh.direct_line_min_share[t]) & (step[..., 0] > 0)
    lump = np.minimum(
        beh.power_cap[0] - s.green_share[..., 0],
        beh.direct_line_min_share[t] - s.green_share[..., 0],
    )
    step[..., 0] = np.where(below, np.maximum(step[..., 0], lump), step[..., 0])
    # the increments are scaled down so that the shares never sum above one
    room, wanted = 1.0 - sum_last(s.green_share), sum_last(step)
    scale = np.divide(room, wanted, out=np.ones_like(wanted), where=wanted > room)
    return step * np.clip(scale, 0.0, 1.0)[..., None]
