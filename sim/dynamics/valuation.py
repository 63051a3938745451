"""What each decision is worth under the rules, valued at the expected certificate price.

The response layer decides from these values (:mod:`sim.response`); here the rules of
:mod:`sim.rules` price an option's cut of emissions, a switch to verified data and a MWh
of green power, looking ahead over the configured CBAM schedule whatever the horizon.
Arrays are (D, P) over the applicable (entity, option) pairs or (D, E[, J]).
"""

from __future__ import annotations

import numpy as np

from sim.axes import CBAM_RECOGNISED, DIRECT_LINE
from sim.dynamics.state import Now, State
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws
from sim.response import park_assets as pa
from sim.response.technology import Pairs
from sim.rules.emissions import default_value_see
from sim.rules.obligation import gross_certificates_per_t


def future_mean(
    values: np.ndarray, after: float, start: np.ndarray, length: np.ndarray
) -> np.ndarray:
    """Mean of a yearly series over [start, start + length) (indices), ``after`` beyond its end."""
    n = int(np.max(start + length)) + 1 if start.size else 1
    ext = np.concatenate([values, np.full(max(0, n - values.size), after)])
    cs = np.concatenate([[0.0], np.cumsum(ext)])
    length = np.maximum(length.astype(int), 1)
    return (cs[start + length] - cs[start]) / length


def option_benefit(inp: Inputs, draws: Draws, s: State, now: Now, pairs: Pairs) -> np.ndarray:
    """Yearly benefit of each option on each pair (D, P), EUR per t/yr converted: the gross
    certificates it saves over its life at the expected price (where the unit declares,
    or will declare, actual values and the good is liable when it commissions) plus the
    domestic carbon cost of the direct emissions it cuts."""
    tech, t = inp.technology, now.t
    pe, pk = pairs.entity, pairs.option
    see_before, see_after, bm_before, bm_after, direct_cut = _option_change(inp, now, pairs)
    start = t + tech.lead_time_years
    cf = future_mean(inp.policy.cf_cscf_path, inp.policy.cf_cscf_path[-1], start, tech.life_years)[
        pk
    ]
    gross_cut = gross_certificates_per_t(see_before, cf, 1.0, bm_before) - gross_certificates_per_t(
        see_after, cf, 1.0, bm_after
    )
    on_actual = np.maximum(s.verified, s.mrv_pipeline.total)[:, pe]
    in_scope_then = inp.policy.cbam_in_scope[pe, np.minimum(start, inp.years.size - 1)[pk]]
    # a supplier's cut lowers the certificates of the customers it passes the cost back from
    upstream = np.broadcast_to(now.upstream_share, now.direct.shape)[:, pe]
    cbam_gain = now.eu_share[:, pe] * s.expected_price[:, None] * gross_cut * on_actual
    if np.any(upstream):
        cut = see_before - see_after  # lowers the customers' precursor value if verified
        cbam_gain = cbam_gain + upstream * s.expected_price[:, None] * cut * on_actual
    paid = inp.prices.effectively_paid_share[t] * inp.prices.domestic_coverage[pe, t]
    return (
        cbam_gain * (inp.policy.cbam_enabled * in_scope_then)
        + direct_cut * paid * draws.domestic_price_eur[:, t, None]
    )


def _option_change(inp: Inputs, now: Now, pairs: Pairs) -> tuple[np.ndarray, ...]:
    """In-scope tCO2e/t and benchmark before and after each option (D, P), and the cut of
    direct tCO2e/t."""
    tech, t = inp.technology, now.t
    pe, pk, route, base, to = pairs.entity, pairs.option, pairs.is_route, pairs.base, pairs.to
    in_scope = inp.policy.indirect_in_scope[pe, t]
    d_base, el_base = tech.direct_er0[pe, base], tech.electricity_er0[pe, base]
    d_to, el_to = tech.direct_er0[pe, to], tech.electricity_er0[pe, to]
    eff, ef = now.eff[:, pe], now.ef_cbam[:, pe]
    see_now, direct_now = now.see_actual[:, pe], now.own_direct[:, pe]
    bench_now = now.bench_actual[:, pe]
    reduction = tech.reduction[pk]
    # a route option replaces the whole chain: the precursors bought on the base route go
    pre = now.chain.precursor[:, pe]
    see_before = np.where(route, d_base * eff + pre + in_scope * el_base * ef, see_now)
    added = 0.0 if tech.electricity_added is None else tech.electricity_added[pk]
    see_after = np.where(
        route,
        d_to * eff + in_scope * el_to * ef,
        see_now - reduction * direct_now + in_scope * added * ef,
    )
    table = tech.benchmarks(bool(inp.policy.late_benchmarks[t]))
    bm_before = np.where(route, table[pe, base], bench_now)
    bm_after = np.where(route, table[pe, to], bench_now)
    direct_cut = np.where(route, (d_base - d_to) * eff, reduction * direct_now)
    return see_before, see_after, bm_before, bm_after, direct_cut


def verification_saving(inp: Inputs, s: State, now: Now, volume: np.ndarray) -> np.ndarray:
    """Yearly value of declaring actual instead of default values once a set-up started now
    is in place (D, E), EUR: the gross certificates saved over the set-up's life at the
    expected price, where the good is liable then."""
    beh, pop, t = inp.behaviour, inp.population, now.t
    lead, life = beh.mrv_lead_years, beh.mrv_life_years
    t_eff = min(t + lead, inp.years.size - 1)
    cf = future_mean(
        inp.policy.cf_cscf_path, inp.policy.cf_cscf_path[-1], np.array([t + lead]), np.array([life])
    )[0]
    see_default = np.nan_to_num(
        default_value_see(
            pop.default_direct_tco2e_per_t,
            pop.default_total_tco2e_per_t,
            inp.policy.indirect_in_scope[:, t_eff],
            inp.policy.markup[:, t_eff],
        )
    )
    gross_default = gross_certificates_per_t(
        see_default, cf, 1.0, pop.default_benchmark(bool(inp.policy.late_benchmarks[t_eff]))
    )
    gross_actual = gross_certificates_per_t(now.see_actual, cf, 1.0, now.bench_actual)
    saving = (
        volume
        * s.expected_price[:, None]
        * (gross_default - gross_actual)
        * inp.policy.cbam_enabled
    )
    return saving * inp.policy.cbam_in_scope[:, t_eff] + _supplier_saving(inp, s, now, t_eff)


def green_power_benefit(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """Value of a MWh of each green-power kind next year (D, E, J), EUR/MWh: the CBAM
    certificates a recognised kind saves where indirect emissions are priced and the unit
    declares actual values, plus the domestic reporting value every kind has."""
    t_next = min(now.t + 1, inp.years.size - 1)
    in_scope = inp.policy.indirect_in_scope[:, t_next]
    cbam_value = (
        now.eu_share
        * s.expected_price[:, None]
        * inp.population.power_emission_factor
        * in_scope
        * s.verified
        * inp.policy.cbam_enabled
        * inp.policy.cbam_in_scope[:, t_next]
    )  # EUR/MWh
    return CBAM_RECOGNISED * cbam_value[..., None] + inp.behaviour.power_reporting_value


def _supplier_saving(inp: Inputs, s: State, now: Now, t_eff: int) -> np.ndarray:
    """(D, E) what a supplier's verified values save the customers that pass the cost back
    (``now.upstream_share`` of its output): its actual SEE replaces the Annex IV default
    value of its good (one value per supplier: its links share its CN code)."""
    links = inp.links
    inside = links.supplier >= 0
    if not inside.any():
        return np.zeros(s.verified.shape)
    default = np.zeros(s.verified.shape[1])
    default[links.supplier[inside]] = links.default_tco2e_per_t[inside, t_eff]
    gap = np.maximum(0.0, default - now.see_actual)
    upstream_t = np.broadcast_to(now.upstream_share, gap.shape) * inp.behaviour.production_t
    return upstream_t * gap * s.expected_price[:, None] * inp.policy.cbam_enabled


def park_benefit(
    inp: Inputs, s: State, now: Now, use: np.ndarray, power_value: np.ndarray | None = None
) -> np.ndarray:
    """Yearly value of each park's planned assets once built (D, P), EUR: the MWh they
    supply by direct line to each member (pro rata to its use ``use`` (D, E), only with the
    connection) at the member's value of a recognised MWh (certificates, reporting) plus
    the grid tariff it no longer pays (less the grid charges a direct line still pays),
    and the grey hydrogen the electrolysers replace.
    Electricity carries no domestic carbon cost for the member (the China ETS prices the
    generator's emissions, passed on in the tariff). ``power_value``: the
    :func:`green_power_benefit` of ``now`` when the caller has it already."""
    parks = inp.parks
    value = green_power_benefit(inp, s, now) if power_value is None else power_value
    per_mwh = value[..., DIRECT_LINE] + parks.saving_eur_per_mwh
    demand = use @ parks.member
    size = np.broadcast_to(parks.size, (use.shape[0], *parks.size.shape))
    gen = pa.generation(size, parks.capacity_factor)
    connected = size[..., pa.CONNECTION] > 0
    used = connected * pa.usable(
        gen, demand, size[..., pa.STORAGE], parks.availability_share, parks.storage_mwh_per_mwh
    )
    share = pa.supply_share(used, demand)[:, parks.of_entity]
    hydrogen = pa.electrolysis(gen, used, size, parks.electrolyser_mwh_per_t)[1]
    return (share * use * per_mwh) @ parks.member + hydrogen * parks.hydrogen_value_eur_per_t
