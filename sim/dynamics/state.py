"""The stocks of the system, as numpy arrays over (draw, entity[, ...]), and what every
decision sees of them at the start of a year."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.dynamics.parks import ParkStocks
from sim.dynamics.supply_chain import Chain
from sim.inputs.arrays import Inputs
from sim.response.construction import Conveyor
from sim.response.pair_space import PairSpace, per_entity
from sim.response.technology import Pairs, Technology, amortised_embodied


@dataclass
class State:
    """The stocks: changed only by the yearly step's second phase and the account. The
    technology stocks are kept over the applicable (entity, option) pairs P of ``space``
    (zero elsewhere); :meth:`adopted_dense` gives the (D, E, K) array."""

    route_share: np.ndarray  # (D, E, R) share of capacity on each route
    adopted: np.ndarray  # (D, P) share of capacity converted by each pair (commissioned)
    pipeline: Conveyor  # (D, P) shares under construction, by years to commissioning
    verified: np.ndarray  # (D, E) 1.0 where actual (verified) values are declared
    mrv_pipeline: Conveyor  # (D, E) verified-data set-ups under way
    green_share: np.ndarray  # (D, E, J) share of electricity by green-power kind
    expected_price: np.ndarray  # (D,) perceived EU certificate price, EUR/tCO2e
    deployed_t: np.ndarray  # (D, K) capacity commissioned in the model, t/yr (for learning)
    reserve_eur: np.ndarray  # (D, E) CBAM risk reserve balance
    parks: ParkStocks  # park infrastructure (sim.dynamics.parks)
    embodied_rate: np.ndarray  # (D, E) embodied tCO2e/yr of commissioned assets amortised now
    embodied_ends: Conveyor  # (D, E) amortisation rates by years until they end
    space: PairSpace  # the applicable pairs of the technology stocks
    _dense: np.ndarray | None = field(default=None, repr=False)  # adopted_dense, until a change

    @classmethod
    def initial(cls, inp: Inputs, n_draws: int) -> State:
        """The stocks on 1 January of the first year, for ``n_draws`` draws."""
        tech, n_e = inp.technology, inp.population.ids.size
        n_k, n_r = tech.ids.size, tech.routes.size
        lead_max = int(tech.lead_time_years.max()) if n_k else 1
        life_max = int(np.rint(tech.life_years.max())) if n_k else 1
        space = PairSpace(Pairs.of(tech), n_e, n_k)
        route_share = np.zeros((n_draws, n_e, n_r))
        route_share[:, np.arange(n_e), tech.base_route] = 1.0
        verified = np.broadcast_to(~inp.population.uses_default, (n_draws, n_e)).astype(float)
        if inp.behaviour.verified_data != "decide":
            verified = np.full((n_draws, n_e), float(inp.behaviour.verified_data == "everyone"))
        return cls(
            route_share=route_share,
            adopted=np.zeros((n_draws, space.size)),
            pipeline=Conveyor((n_draws, space.size), lead_max),
            verified=verified,
            mrv_pipeline=Conveyor((n_draws, n_e), inp.behaviour.mrv_lead_years),
            green_share=np.zeros((n_draws, n_e, inp.behaviour.power_cap.size)),
            expected_price=np.full(n_draws, inp.behaviour.initial_expected_price_eur),
            deployed_t=np.zeros((n_draws, n_k)),
            reserve_eur=np.zeros((n_draws, n_e)),
            parks=ParkStocks.initial(inp, n_draws),
            embodied_rate=np.zeros((n_draws, n_e)),
            embodied_ends=Conveyor((n_draws, n_e), life_max),
            space=space,
        )

    def adopted_dense(self) -> np.ndarray:
        """(D, E, K) the adopted shares, zero where an option does not apply (made once
        for the record and the sums over options, until the stock changes)."""
        if self._dense is None:
            self._dense = self.space.dense(self.adopted)
        return self._dense

    def commission(self, tech: Technology, done: np.ndarray, production_t: np.ndarray) -> None:
        """The shares ``done`` (D, P) commission: route options move capacity from the
        base route onto theirs, the adopted shares and the capacity deployed (for learning)
        grow, and their embodied emissions are amortised. Each unit has at most two route
        options (then the sums are the dense ones' bits; :mod:`sim.response.pair_space`)."""
        pairs, space = self.space.pairs, self.space
        on = np.flatnonzero(pairs.is_route)
        onto = (slice(None), pairs.entity[on], pairs.to[on])
        # a[i] = a[i] + b, not a[i] += b: the same sums, without numpy's slower in-place
        # path for fancy indices (280 against 110 us on (1024, 23, 11))
        if len(set(zip(*onto[1:], strict=True))) == on.size:  # one option a target route
            self.route_share[onto] = self.route_share[onto] + done[:, on]
        else:
            np.add.at(self.route_share, onto, done[:, on])
        base = (slice(None), np.arange(self.route_share.shape[1]), tech.base_route)
        self.route_share[base] = self.route_share[base] - space.per_entity(done * pairs.is_route)
        self.adopted += done
        self._dense = None
        self.deployed_t += space.per_option(done * production_t[pairs.entity])
        self.amortise(tech, done, production_t)

    def amortise(self, tech: Technology, done: np.ndarray | None, production_t: np.ndarray) -> None:
        """Embodied emissions of the capacity ``done`` (D, P shares, of ``production_t``
        (E,) t/yr; None: nothing) commissioning now are amortised from this year over each
        option's life; rates whose life is over end first. Each life's pairs are gathered
        once and summed per entity in option order (at most two a unit and life here: the
        dense sum's bits)."""
        self.embodied_rate = np.maximum(self.embodied_rate - self.embodied_ends.step(), 0.0)
        if done is None or tech.embodied_tco2e_per_t is None:
            return
        if not tech.embodied_tco2e_per_t.any():
            return
        pairs = self.space.pairs
        pk = pairs.option
        years = np.maximum(np.rint(np.asarray(tech.life_years, float)), 1.0).astype(int)[pk]
        for life in np.unique(years):  # one start per life length: a few
            on = np.flatnonzero(years == life)
            built = done[:, on] * production_t[pairs.entity[on]]
            k = pk[on]
            rate = amortised_embodied(built, tech.embodied_tco2e_per_t[k], tech.life_years[k])[0]
            ending = per_entity(rate, pairs.entity[on], self.route_share.shape[1])
            self.embodied_ends.start(ending, int(life))
            self.embodied_rate = self.embodied_rate + ending


@dataclass(frozen=True)
class Now:
    """What every decision sees at the start of year index t, each (D, E)."""

    t: int
    eu_share: np.ndarray  # EU-bound share of production
    eff: np.ndarray  # multiplier of direct emissions from reduction options
    direct: np.ndarray  # actual direct tCO2e/t, with the precursors' embedded emissions
    see_actual: np.ndarray  # actual in-scope tCO2e/t
    bench_actual: np.ndarray
    ef_cbam: np.ndarray  # tCO2/MWh CBAM counts
    electricity: np.ndarray  # MWh/t
    own_direct: np.ndarray  # the unit's own direct tCO2e/t, without its precursors
    chain: Chain  # what the precursors add (sim.dynamics.supply_chain)
    upstream_share: np.ndarray | float = 0.0  # output whose CBAM cost customers pass back

    @property
    def indirect(self) -> np.ndarray:
        """Indirect tCO2e/t at the emission factor CBAM counts (scope is applied later)."""
        return self.electricity * self.ef_cbam
