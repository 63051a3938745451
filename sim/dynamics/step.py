"""The yearly step on 1 January of each import year, in two phases: every flow is computed
from the stocks at the start of the year, then the stocks are updated, so that no
decision sees another's effect within the year.

Order: projects due commission; planned park direct lines start; the expected price
adapts to last year's price; the trade response sets the EU-bound volume from the CBAM
cost expected at the expected price; the year's obligation follows; the TEDI decisions
(technology, energy, data) are taken and recorded; their flows are applied.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.axes import CBAM_RECOGNISED
from sim.dynamics import drawn_rules, parks
from sim.dynamics.account import CertificateAccount
from sim.dynamics.declaration import (
    YearContext,
    entity_intensities,
    reduction_multiplier,
    year_obligation,
)
from sim.dynamics.indicators import year_outputs
from sim.dynamics.recorder import Recorder
from sim.dynamics.state import Now, State
from sim.dynamics.supply_chain import precursor_chain, upstream_share
from sim.dynamics.valuation import (
    green_power_benefit,
    option_benefit,
    park_benefit,
    verification_saving,
)
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws
from sim.response import data, market, power
from sim.response.investment import Capacity, Investor, invest
from sim.response.technology import Pairs
from sim.rules.emissions import cbam_emission_factor

RECOGNISED = CBAM_RECOGNISED.astype(float)  # 1 for the kinds CBAM counts as zero-carbon


class YearStep:
    """The yearly step of one run (all draws and entities at once)."""

    def __init__(
        self,
        inp: Inputs,
        draws: Draws,
        state: State,
        recorder: Recorder,
        account: CertificateAccount,
    ) -> None:
        """A step over ``state`` that records into ``recorder`` and opens each import year
        in ``account``."""
        self.inp, self.draws, self.state = inp, draws, state
        self.recorder, self.account = recorder, account
        self.pairs = Pairs.of(inp.technology)
        self._power_memo: tuple[Now, np.ndarray] | None = None
        beh = inp.behaviour
        self.budget_eur = beh.budget_share * beh.production_t * beh.price_eur_per_t
        self.power = power.PowerResponse(
            premium_eur_per_mwh=beh.power_premium,
            max_share=beh.power_cap,
            innovation=beh.power_innovation,
            imitation=beh.power_imitation,
            response_scale_eur_per_mwh=beh.power_response_scale,
            slope=beh.adoption_slope,
        )

    def __call__(self, y: int) -> None:
        """Step import year ``y``."""
        inp, s = self.inp, self.state
        t = int(np.searchsorted(inp.years, y))
        self._commission()
        parks.direct_lines(self.inp.behaviour, s.green_share, y)
        parks.green_certificates(self.inp.behaviour, s.green_share, y)
        per_t = np.einsum("der,er->de", s.route_share, inp.technology.electricity_er0)
        use = parks.electricity_use(inp, s.route_share, per_t)  # the routes are set for the year
        parks.supply(inp, s.parks, s.green_share, use)
        if t > 0:
            s.expected_price = market.expected_price(
                s.expected_price,
                self.draws.certificate_price_eur[:, t - 1],
                1.0,
                inp.behaviour.expectation_tau_years,
            )
        ctx, now, base_volume = self._now(t, per_t)
        volume = self._eu_volume(ctx, now, base_volume)
        now = dataclasses.replace(now, eu_share=volume / inp.behaviour.production_t)
        out = year_obligation(ctx, inp, volume, now, s.verified)
        now = dataclasses.replace(now, upstream_share=self._upstream(now, out))
        flows = self._decide(now, volume, out) | self._park_plans(now, use)
        price = self.draws.certificate_price_eur[:, t]
        self.account.open_year(y, out["certificates"], out["embedded_emissions"])
        leakage, wants = base_volume - volume, self.recorder.wants
        self.recorder.record(t, year_outputs(inp, s, now, out, flows, leakage, price, wants))
        self._apply(flows)

    def _now(self, t: int, per_t: np.ndarray) -> tuple[YearContext, Now, np.ndarray]:
        """The year's rules and prices, what decisions see, and the volume before the trade
        response (``per_t``: the capacity-weighted MWh/t of the routes)."""
        inp, s, tech = self.inp, self.state, self.inp.technology
        eff = reduction_multiplier(s.adopted, tech.reduction, s.space)
        recognised = np.einsum("...j,j->...", s.green_share, RECOGNISED)  # Annex IV
        ef = cbam_emission_factor(inp.population.power_emission_factor, recognised)
        own_direct, electricity, bench = entity_intensities(
            s.route_share,
            eff,
            tech.direct_er0,
            tech.electricity_er0,
            tech.benchmarks(bool(inp.policy.late_benchmarks[t])),
            per_t,
        )
        if tech.electricity_added is not None and tech.electricity_added.any():
            electricity = electricity + s.adopted_dense() @ tech.electricity_added
        in_scope = drawn_rules.indirect_in_scope(inp, t, self.draws.indirect_for_all_sectors_from)
        own_see = own_direct + in_scope * electricity * ef
        base = s.route_share[:, np.arange(tech.base_route.size), tech.base_route]
        chain = precursor_chain(inp.links, own_see, own_direct, base, s.verified, t)
        direct = own_direct + base * chain.precursor  # precursors counted with the direct
        see_actual = own_see + base * chain.precursor
        ctx = drawn_rules.year_context(inp, self.draws, t, in_scope)
        base_volume = np.broadcast_to(inp.population.volume_t, s.verified.shape).astype(float)
        share = base_volume / inp.behaviour.production_t
        now = Now(t, share, eff, direct, see_actual, bench, ef, electricity, own_direct, chain)
        return ctx, now, base_volume

    def _eu_volume(self, ctx: YearContext, now: Now, base_volume: np.ndarray) -> np.ndarray:
        """EU-bound volume after buyers respond to the CBAM cost expected this year."""
        inp, s = self.inp, self.state
        if not inp.behaviour.enabled:
            return base_volume
        expected = year_obligation(ctx, inp, base_volume, now, s.verified, price=s.expected_price)
        cost_per_t = np.divide(
            expected["cbam_cost"],
            base_volume,
            out=np.zeros_like(base_volume),
            where=base_volume > 0,
        )
        beh = inp.behaviour
        return market.eu_export_volume(
            base_volume,
            cost_per_t,
            beh.price_eur_per_t,
            beh.pass_through,
            beh.elasticity * self.draws.elasticity_multiplier[:, None],
        )

    def _upstream(self, now: Now, out: dict) -> np.ndarray:
        """(D, E) the share of each supplier's output its customers' CBAM cost reaches."""
        inp = self.inp
        return upstream_share(
            inp.links,
            now.chain,
            out["export_volume"],
            self.state.verified,
            inp.behaviour.production_t,
            inp.behaviour.precursor_pass_upstream,
        )

    def _decide(self, now: Now, volume: np.ndarray, out: dict) -> dict[str, np.ndarray]:
        """The year's flows: project starts and capex, verified-data set-ups, green-power
        increments, the reserve put aside, opex and MRV cost."""
        inp, s = self.inp, self.state
        tech, beh = inp.technology, inp.behaviour
        expected_liability = out["certificates"] * s.expected_price[:, None]
        flows = {"reserve_in": beh.reserve_share * expected_liability}
        if beh.enabled:
            flows["starts"], flows["capex"] = self._invest(now)
            flows["mrv_start"] = self._verify(now, volume)
            flows["power"] = self._green_power(now)
        else:
            zeros = np.zeros(s.verified.shape)
            flows |= {"starts": np.zeros(s.adopted.shape), "capex": zeros, "mrv_start": zeros}
            flows["power"] = np.zeros(s.green_share.shape)
        flows["opex"] = s.adopted_dense() @ tech.opex_eur_per_t * beh.production_t
        flows["mrv_cost"] = s.verified * beh.mrv_annual_eur + flows["mrv_start"] * beh.mrv_setup_eur
        return flows

    def _park_plans(self, now: Now, use: np.ndarray) -> dict[str, np.ndarray]:
        """Institution: the parks' plans started this year and their capex, shared."""
        inp, s = self.inp, self.state
        capex = parks.capex_now(inp, s.parks, now.t, self.draws.learning_multiplier)
        if inp.behaviour.enabled:
            benefit = park_benefit(inp, s, now, use, self._power_value(now))
        else:
            benefit = 0.0 * capex[:, :1]
        go = parks.starts(inp, s.parks, int(inp.years[now.t]), capex, benefit)
        total, shares = parks.capex_shares(inp, go, capex, use)
        opex = parks.net_opex(inp, s.parks, use)
        return {"park_go": go, "park_unit_capex": capex, "park_capex": total} | {
            "park_capex_share": shares,
            "park_opex_share": opex,
        }

    def _invest(self, now: Now) -> tuple[np.ndarray, np.ndarray]:
        """Technology: project starts and capex."""
        inp, s, d = self.inp, self.state, self.draws
        if self.pairs.size == 0:
            return np.zeros(s.adopted.shape), np.zeros(s.verified.shape)
        benefit = option_benefit(inp, d, s, now, self.pairs)
        cap = Capacity(s.adopted, s.pipeline.total, s.route_share, s.deployed_t)
        who = Investor(
            d.adoption_speed,
            inp.behaviour.adoption_slope,
            d.capex_multiplier,
            d.learning_multiplier,
            inp.behaviour.production_t,
            self.budget_eur,
        )
        year = int(inp.years[now.t])
        plan = inp.behaviour.planned_option_year
        committed = None if plan is None else plan[self.pairs.entity, self.pairs.option] == year
        return invest(inp.technology, self.pairs, benefit, now.t, year, cap, who, committed)

    def _verify(self, now: Now, volume: np.ndarray) -> np.ndarray:
        """Data: verified-data set-ups started this year."""
        inp, s, beh = self.inp, self.state, self.inp.behaviour
        if beh.verified_data != "decide":
            return np.zeros(s.verified.shape)
        saving = verification_saving(inp, s, now, volume)
        cost = data.mrv_yearly_cost(
            beh.mrv_setup_eur, beh.mrv_annual_eur, inp.technology.discount_rate, beh.mrv_life_years
        )
        return data.verification_starts(saving, cost, s.verified, s.mrv_pipeline.total)

    def _green_power(self, now: Now) -> np.ndarray:
        """Energy: green-power increments, effective next year."""
        inp, s, beh = self.inp, self.state, self.inp.behaviour
        allowed = inp.years[now.t] >= beh.direct_line_from
        benefit = self._power_value(now)
        min_share = beh.direct_line_min_share[now.t]
        return power.green_power_steps(benefit, s.green_share, self.power, allowed, min_share)

    def _power_value(self, now: Now) -> np.ndarray:
        """:func:`green_power_benefit` of ``now``, computed once for the firms' and the
        parks' decisions (both read the same stocks, in phase one)."""
        if self._power_memo is None or self._power_memo[0] is not now:
            self._power_memo = (now, green_power_benefit(self.inp, self.state, now))
        return self._power_memo[1]

    def _commission(self) -> None:
        """Projects and set-ups whose lead time is over commission."""
        s, tech = self.state, self.inp.technology
        done = s.pipeline.step()
        if tech.ids.size and not done.any():  # nothing commissions (the first year): no change
            s.amortise(tech, None, self.inp.behaviour.production_t)
        elif tech.ids.size:
            s.commission(tech, done, self.inp.behaviour.production_t)
        s.verified = np.maximum(s.verified, s.mrv_pipeline.step())
        parks.commission(s.parks)

    def _apply(self, flows: dict[str, np.ndarray]) -> None:
        """Phase two: the year's flows change the stocks."""
        s, tech = self.state, self.inp.technology
        if tech.ids.size:
            s.pipeline.start(flows["starts"], tech.lead_time_years[s.space.pairs.option])
        s.mrv_pipeline.start(flows["mrv_start"], self.inp.behaviour.mrv_lead_years)
        s.green_share += flows["power"]
        s.reserve_eur += flows["reserve_in"]
        parks.build(self.inp, s.parks, flows["park_go"], flows["park_unit_capex"])
