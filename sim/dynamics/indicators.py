"""The year's recorded outputs beyond the obligation: stocks, flows and park indicators."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import numpy as np

from sim.axes import CBAM_RECOGNISED, CO2, sum_last
from sim.dynamics.recorder import Into
from sim.dynamics.state import Now, State
from sim.dynamics.supply_chain import cost_passed_upstream, precursor_volume
from sim.inputs.arrays import Inputs


def year_outputs(
    inp: Inputs,
    s: State,
    now: Now,
    out: Mapping[str, np.ndarray],
    flows: Mapping[str, np.ndarray],
    leakage: np.ndarray,
    certificate_price: np.ndarray,
    wants: Callable[[str], bool] = lambda name: True,
) -> dict[str, np.ndarray | Into]:
    """The yearly output variables (:mod:`sim.variables`) that ``wants`` asks for, from the
    year's obligation ``out``, the stocks at the start of the year and the year's
    decisions ``flows``; a variable not asked for is not computed. Stocks are handed over
    as they are, not copied: the recorder copies each value into its record at once; the
    largest are computed into the record (:class:`Into`)."""
    beh = inp.behaviour
    lazy: dict[str, Callable[[], np.ndarray | Into]] = {
        "leakage_volume": lambda: leakage,
        "verified_data": lambda: s.verified,
        "expected_certificate_price": lambda: s.expected_price,
        "certificate_price": lambda: certificate_price,
        "green_power_share": lambda: s.green_share,
        "abatement_capex": lambda: flows["capex"],
        "abatement_opex": lambda: flows["opex"],
        "mrv_cost": lambda: flows["mrv_cost"],
        "reserve_balance": lambda: s.reserve_eur + flows["reserve_in"],
        "electricity_use": lambda: beh.production_t * now.electricity,
        "export_value": lambda: (out["export_volume"] + out["exempt_volume"]) * beh.price_eur_per_t,
        "ccus_storage": lambda: co2_stored(inp, s, now),
        "fuel_use_factor": lambda: fuel_use_factor(inp, s),
    } | park_outputs(s, flows)
    lazy |= technology_outputs(inp, s, flows) | emissions_outputs(inp, s, now)
    lazy |= intensity_outputs(now)
    lazy |= link_outputs(inp, s, now, out)
    rec = {k: v for k, v in out.items() if wants(k)}
    return rec | {k: f() for k, f in lazy.items() if wants(k)}


def technology_outputs(
    inp: Inputs, s: State, flows: Mapping[str, np.ndarray]
) -> dict[str, Callable[[], np.ndarray | Into]]:
    """The capacity on each route and the technology stocks (D, E, R) and (D, E, K),
    computed into the record; the adopted shares are the dense array of the year."""
    shape, production = s.route_share.shape, inp.behaviour.production_t
    return {
        "production_capacity": lambda: Into(
            shape, lambda out: np.multiply(s.route_share, production[:, None], out=out)
        ),
        "abatement_share": s.adopted_dense,
        "under_construction": lambda: Into(
            (*shape[:2], s.space.n_options),
            lambda out: s.space.dense(s.pipeline.total + flows["starts"], out=out),
        ),
    }


def emissions_outputs(
    inp: Inputs, s: State, now: Now
) -> dict[str, Callable[[], np.ndarray | Into]]:
    """The year's emissions in the three accountings of the park scorecard: domestic
    before offsets, reported (offsets subtracted) and as CBAM recognises green power;
    the direct emissions by gas and as CBAM counts them (its listed gases); the amortised
    embodied emissions of commissioned assets."""
    energy = functools.cache(lambda: energy_emissions(inp, s, now))
    production = inp.behaviour.production_t
    return {
        "reported_emissions": lambda: energy() * (1.0 - inp.behaviour.offset_share),
        "energy_emissions": energy,
        "recognised_emissions": lambda: recognised_emissions(inp, s, now),
        "direct_emissions_by_gas": lambda: Into(
            (*now.own_direct.shape, inp.population.direct_gas_tco2e_per_t.shape[-1]),
            lambda out: np.multiply(production[:, None], direct_by_gas(inp, s, now), out=out),
        ),
        "cbam_direct_emissions": lambda: production * now.own_direct,
        "embodied_emissions": lambda: s.embodied_rate,
    }


def intensity_outputs(now: Now) -> dict[str, Callable[[], np.ndarray]]:
    """The year's intensities: the unit's own direct, its precursors', and what it would
    declare on actual values."""
    return {
        "direct_intensity": lambda: now.own_direct,
        "precursor_intensity": lambda: now.chain.base_share * now.chain.precursor,
        "actual_specific_emissions": lambda: now.see_actual,
    }


def link_outputs(
    inp: Inputs, s: State, now: Now, out: Mapping[str, np.ndarray]
) -> dict[str, Callable[[], np.ndarray]]:
    """The year's outputs of each precursor link (D, L); none without links."""
    links, chain, volume = inp.links, now.chain, out["export_volume"]
    if not links.size:
        return {}
    moved = functools.cache(lambda: precursor_volume(links, chain, volume))
    return {
        "precursor_volume": moved,
        "precursor_embedded_emissions": lambda: moved() * chain.link_see,
        "precursor_actual_values": lambda: chain.link_actual,
        "cost_passed_upstream": lambda: cost_passed_upstream(
            links,
            chain,
            volume,
            out["embedded_emissions"],
            out["cbam_cost"],
            s.verified,
            inp.behaviour.precursor_pass_upstream,
        ),
    }


def park_outputs(s: State, flows: Mapping[str, np.ndarray]) -> dict[str, Callable[[], np.ndarray]]:
    """The park infrastructure outputs: stocks on 1 January, the year's generation, supply
    and hydrogen, the capex of the plans started and each member's share."""
    return {
        "park_asset_capacity": lambda: s.parks.capacity,
        "park_generation": lambda: s.parks.generation,
        "park_capex": lambda: flows["park_capex"],
        "park_capex_share": lambda: flows["park_capex_share"],
        "park_opex_share": lambda: flows["park_opex_share"],
        "park_power_share": lambda: s.parks.supply,
        "green_hydrogen": lambda: s.parks.hydrogen,
    }


def energy_emissions(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """Emissions of all production in the domestic accounting, tCO2e, before offsets:
    direct emissions of every gas (:func:`domestic_direct`) plus grid electricity, every
    green-power kind (certificates too) counted as zero-carbon. Offsets and certificates
    lower reported emissions, never CBAM's."""
    beh = inp.behaviour
    ef = inp.population.power_emission_factor * (1.0 - sum_last(s.green_share))
    return beh.production_t * (domestic_direct(inp, s, now) + now.electricity * ef)


def on_base_route(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """(D, E) the share of capacity still on the entity's own route, times the multiplier
    of its reduction options: what scales the entity's own direct emissions by gas."""
    n_e = inp.population.ids.size
    return s.route_share[:, np.arange(n_e), inp.technology.base_route] * now.eff


def domestic_direct(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """(D, E) direct tCO2e/t in the domestic accounting: CBAM's (the listed gases at CBAM's
    GWP set) plus, on the entity's own route, the gases CBAM does not list for the good
    and the difference of the domestic GWP set (zero for a one-number entity)."""
    pop = inp.population
    extra = pop.direct_gas_tco2e_per_t.sum(axis=-1) - pop.direct_tco2e_per_t
    if not extra.any():  # every unit on one number, or its split all listed: CBAM's
        return now.own_direct
    return now.own_direct + on_base_route(inp, s, now) * extra


def direct_by_gas(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """(D, E, gas) direct tCO2e/t by gas in the domestic accounting: the entity's own split
    on its own route, scaled by its reduction options; the routes an option converts it to
    give one number, counted as CO2 (docs/model.md, "Gases")."""
    pop = inp.population
    if not np.delete(pop.direct_gas_tco2e_per_t, CO2, axis=-1).any():  # no non-CO2 gas
        out = np.zeros((*now.own_direct.shape, pop.direct_gas_tco2e_per_t.shape[-1]))
        out[..., CO2] = now.own_direct
        return out
    base = on_base_route(inp, s, now)
    other = np.maximum(now.own_direct - base * pop.direct_tco2e_per_t, 0.0)
    out = base[..., None] * pop.direct_gas_tco2e_per_t
    out[..., CO2] += other
    return out


def recognised_emissions(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """Emissions of all production as CBAM counts green power, tCO2e: the unit's own
    direct emissions of every gas (without its precursors', as :func:`energy_emissions`,
    so the two differ only in green power) plus electricity at the unit's power factor,
    zero only for the direct-line and PPA shares (Reg. 2023/956 Annex IV points 5-6);
    certificates and offsets change nothing. The
    CBAM-recognised side of the digital decarbonisation trap (docs/model.md)."""
    recognised = sum_last(s.green_share * CBAM_RECOGNISED)
    ef = inp.population.power_emission_factor * (1.0 - recognised)
    return inp.behaviour.production_t * (domestic_direct(inp, s, now) + now.electricity * ef)


def co2_stored(inp: Inputs, s: State, now: Now) -> np.ndarray:
    """CO2 captured and stored by capture options, tCO2/yr: the option's cut of direct
    emissions, counted as applied after every other reduction option."""
    tech = inp.technology
    stored = np.zeros(s.verified.shape)
    for k in np.flatnonzero(tech.stores_co2 & (tech.reduction > 0)):
        cut = s.space.column(s.adopted, k) * tech.reduction[k]
        before = np.divide(now.own_direct, 1.0 - cut, out=np.zeros_like(cut), where=cut < 1.0)
        stored += inp.behaviour.production_t * before * cut
    return stored


def fuel_use_factor(inp: Inputs, s: State) -> np.ndarray:
    """(D, E) the share of the fuel of each unit's routes still burnt: an option that adds
    electricity (electrified heat) replaces fuel in proportion to the emissions it cuts."""
    tech, out = inp.technology, np.ones(s.verified.shape)
    added = tech.electricity_added
    if added is None:
        return out
    for k in np.flatnonzero((added > 0) & (tech.reduction > 0)):
        out = out * (1.0 - s.space.column(s.adopted, k) * tech.reduction[k])
    return out
