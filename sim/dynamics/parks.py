"""Park infrastructure as stocks: the assets commissioned and under construction in each
park, the share of each member's electricity they supply by direct line, the plans started
and their capex shared among the members.

Order within the yearly step: assets due commission on 1 January; the year's generation
reaches the units (:func:`supply`); parks start their plans (configured, or where they pay:
:func:`starts`); the starts enter the construction conveyor in the second phase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.axes import DIRECT_LINE, GEC, PPA, sum_last
from sim.inputs.arrays import Behaviour, Inputs
from sim.response import park_assets as pa
from sim.response.construction import Conveyor
from sim.response.technology import learning_exponent

PLAN, DECIDE = 1, 2


@dataclass
class ParkStocks:
    """The parks' stocks (D draws, P parks, A asset kinds, E entities)."""

    capacity: np.ndarray  # (D, P, A) commissioned: MW, storage MWh, connection 1
    pipeline: Conveyor  # (D, P, A) under construction
    started: np.ndarray  # (D, P) True once the park's plan has started
    supply: np.ndarray  # (D, E) share of each unit's electricity from park generation
    built: np.ndarray  # (D, A) started in the model's parks (for learning)
    generation: np.ndarray  # (D, P) this year's generation, MWh
    hydrogen: np.ndarray  # (D, P) this year's green hydrogen, t
    om_rate: np.ndarray  # (D, P, A) fixed O&M a year per unit, at the capex of the start

    @classmethod
    def initial(cls, inp: Inputs, n_draws: int) -> ParkStocks:
        """No park assets on 1 January of the first year."""
        n_p, n_a, n_e = inp.parks.ids.size, inp.parks.capex_eur.size, inp.population.ids.size
        return cls(
            capacity=np.zeros((n_draws, n_p, n_a)),
            pipeline=Conveyor((n_draws, n_p, n_a), int(inp.parks.lead_years.max())),
            started=np.zeros((n_draws, n_p), bool),
            supply=np.zeros((n_draws, n_e)),
            built=np.zeros((n_draws, n_a)),
            generation=np.zeros((n_draws, n_p)),
            hydrogen=np.zeros((n_draws, n_p)),
            om_rate=np.zeros((n_draws, n_p, n_a)),
        )


def electricity_use(
    inp: Inputs, route_share: np.ndarray, per_t: np.ndarray | None = None
) -> np.ndarray:
    """Each unit's electricity use (D, E), MWh: production x the capacity-weighted MWh/t
    (``per_t`` (D, E) when the caller has it: the routes' mean of the declaration)."""
    if per_t is None:
        per_t = np.einsum("der,er->de", route_share, inp.technology.electricity_er0)
    return inp.behaviour.production_t * per_t


def supply(inp: Inputs, ps: ParkStocks, green_share: np.ndarray, use: np.ndarray) -> None:
    """The year's generation reaches the members in proportion to their electricity use,
    as direct-line power where the park has its connection (none without it); it takes the
    place of the park's last-year supply, never pushes the direct line and PPA shares above
    one, and displaces unbundled certificates first (``green_share`` changed in place)."""
    parks = inp.parks
    demand = use @ parks.member
    ps.generation = pa.generation(ps.capacity, parks.capacity_factor)
    used = pa.usable(
        ps.generation,
        demand,
        ps.capacity[..., pa.STORAGE],
        parks.availability_share,
        parks.storage_mwh_per_mwh,
    )
    connected = ps.capacity[..., pa.CONNECTION] > 0
    share = (pa.supply_share(used, demand) * connected)[:, parks.of_entity]
    own = green_share[..., DIRECT_LINE] - ps.supply
    ps.supply = np.minimum(share, np.maximum(0.0, 1.0 - own - green_share[..., PPA]))
    green_share[..., DIRECT_LINE] = own + ps.supply
    excess = np.maximum(0.0, sum_last(green_share) - 1.0)
    green_share[..., GEC] = np.maximum(0.0, green_share[..., GEC] - excess)
    taken = (ps.supply * use) @ parks.member
    ps.hydrogen = pa.electrolysis(ps.generation, taken, ps.capacity, parks.electrolyser_mwh_per_t)[
        1
    ]


def capex_now(inp: Inputs, ps: ParkStocks, t: int, learning: np.ndarray) -> np.ndarray:
    """Capex per unit of each kind this year (D, A), after learning."""
    parks = inp.parks
    exponent = learning_exponent(parks.learning_exponent, learning)
    return pa.unit_capex(
        parks.capex_eur, parks.initial_deployment, parks.global_growth, t, ps.built, exponent
    )


def starts(
    inp: Inputs, ps: ParkStocks, year: int, capex: np.ndarray, benefit: np.ndarray
) -> np.ndarray:
    """The plans started this year (D, P): configured plans in their start year, and plans
    ``decide`` where their yearly ``benefit`` (D, P) beats their annualised cost."""
    parks = inp.parks
    planned = (parks.mode == PLAN) & (parks.start_year == year) & ~ps.started
    cost = pa.annual_cost(
        capex, parks.size, inp.technology.discount_rate, parks.life_years, parks.opex_share
    )
    open_now = (parks.mode == DECIDE) & (year >= parks.start_year) & ~ps.started
    return planned | pa.decide(benefit, cost, open_now)


def capex_shares(
    inp: Inputs, go: np.ndarray, capex: np.ndarray, use: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The capex of the plans started (D, P), EUR, spent in the start year, and each
    member's share (D, E) by its park's cost key, to the cent."""
    parks = inp.parks
    total = go * np.einsum("pa,da->dp", parks.size, capex)
    if not total.any() and not np.signbit(total).any() and np.isfinite(use).all():
        return np.round(total * 100.0) / 100.0, np.zeros(use.shape)  # +0.0 cents each
    key = parks.cost_key[parks.of_entity]  # (E,) 0 electricity use, 1 production, 2 equal
    w = np.where(key == 0, use, np.where(key == 1, inp.behaviour.production_t, 1.0))
    cents = pa.share_to_cent(total, w, parks.of_entity)
    return np.round(total * 100.0) / 100.0, cents


def net_opex(inp: Inputs, ps: ParkStocks, use: np.ndarray) -> np.ndarray:
    """Each member's extra operating cost of its park's assets this year (D, E), EUR: its
    share (by the cost key) of the fixed O&M of the commissioned assets less the value of the
    green hydrogen made, minus the grid tariff (less the charges a direct line still pays) on
    the MWh it takes from the park."""
    parks = inp.parks
    om = np.einsum("dpa,dpa->dp", ps.capacity, ps.om_rate)
    net = om - ps.hydrogen * parks.hydrogen_value_eur_per_t
    key = parks.cost_key[parks.of_entity]
    w = np.where(key == 0, use, np.where(key == 1, inp.behaviour.production_t, 1.0))
    w = np.where((w @ parks.member)[:, parks.of_entity] > 0, w, 1.0)
    share = net[:, parks.of_entity] * w / (w @ parks.member)[:, parks.of_entity]
    return share - ps.supply * use * parks.saving_eur_per_mwh


def build(inp: Inputs, ps: ParkStocks, go: np.ndarray, capex: np.ndarray) -> None:
    """Phase two: the plans started enter construction, each kind for its lead time, with
    their O&M a year per unit fixed at this year's ``capex`` (D, A)."""
    new = go[..., None] * inp.parks.size
    ps.pipeline.start(new, inp.parks.lead_years)
    ps.started |= go
    ps.built += new.sum(axis=1)
    rate = (capex * inp.parks.opex_share)[:, None, :]
    ps.om_rate = np.where(go[..., None], rate, ps.om_rate)


def commission(ps: ParkStocks) -> None:
    """Assets whose lead time is over commission on 1 January."""
    ps.capacity = ps.capacity + ps.pipeline.step()


def direct_lines(beh: Behaviour, green_share: np.ndarray, y: int) -> None:
    """A planned park-wide direct line commissions on 1 January of its year; unbundled
    certificates give way where the shares would sum above one (``green_share`` (D, E, J)
    changed in place)."""
    due = beh.park_line_year == y
    line = np.maximum(green_share[:, due, DIRECT_LINE], beh.park_line_share[due])
    green_share[:, due, DIRECT_LINE] = line
    excess = np.maximum(0.0, sum_last(green_share) - 1.0)
    green_share[..., GEC] = np.maximum(0.0, green_share[..., GEC] - excess)


def green_certificates(beh: Behaviour, green_share: np.ndarray, y: int) -> None:
    """A park buying unbundled green certificates for a share of its units' electricity
    from year ``y`` on: they count in the domestic accounting only (CBAM ignores them);
    they take the share left by the recognised kinds (``green_share`` changed in place)."""
    if beh.park_gec_year is None or beh.park_gec_share is None:
        return
    due = beh.park_gec_year == y
    if due.any():
        room = 1.0 - sum_last(green_share[:, due]) + green_share[:, due, GEC]
        bought = np.minimum(np.maximum(green_share[:, due, GEC], beh.park_gec_share[due]), room)
        green_share[:, due, GEC] = bought
