"""The system-dynamics model: a simpy calendar drives yearly steps and the compliance cycle.

One ``simpy.Environment`` per run; draws and entities are numpy axes, so the number of
events depends only on the number of years. Each import year is one process that
reads like the rules: on 1 January the year's stocks are updated and its obligation
follows; at each quarter end from 2027 the importer holds at least half of the
certificates due so far; on 30 September of the next year the year is surrendered
(while the next year's quarterly checks run) and by 31 October excess certificates
are repurchased.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import simpy
from tqdm.auto import tqdm

from sim.dynamics import decisions
from sim.dynamics.calendar import Calendar, Phase
from sim.dynamics.obligation import YearContext, entity_intensities, year_obligation
from sim.dynamics.state import State
from sim.inputs.gate import Inputs
from sim.response import market as trade
from sim.response import power
from sim.response.technology import sum_last
from sim.rules import certificate_price as prices
from sim.variables import VARIABLES


class Simulation:
    def __init__(self, inp: Inputs, keep: list[str] | None = None) -> None:
        self.inp = inp
        self.keep = set(keep or [])  # record only these yearly variables (all when empty)
        self.state = State.initial(inp)
        self.cal = Calendar(int(inp.years[0]))
        n_d, n_e = self.state.verified.shape
        n_q = 4 * (inp.years.size + 1)
        self.years: dict[str, np.ndarray] = {}  # name -> (T, ...) filled year by year
        self.quarterly = {
            k: np.zeros((n_q, n_d, n_e))  # quarter first: each write is contiguous
            for k in (
                "certificate_purchases",
                "certificate_purchase_cost",
                "certificate_repurchase_revenue",
                "certificates_surrendered",
            )
        }
        self.due: dict[int, np.ndarray] = {}
        self.embedded: dict[int, np.ndarray] = {}
        self.held: dict[int, np.ndarray] = {}
        self.paid: dict[int, np.ndarray] = {}
        self.bought_in: dict[int, np.ndarray] = {}  # certificates bought per calendar year
        self.events: list[tuple[dt.date, str, int]] = []

    # -- the calendar -------------------------------------------------------------------
    def run(self) -> dict[str, np.ndarray]:
        env = simpy.Environment()
        for y in self.inp.years:
            env.process(self._import_year(env, int(y)))
        env.process(self._sales_open(env))
        env.run()
        out = {k: np.moveaxis(v, 0, -1) for k, v in self.years.items()}  # views, no copies
        out.update({k: np.moveaxis(v, 0, -1) for k, v in self.quarterly.items()})
        return out

    def _at(self, env: simpy.Environment, day: dt.date, phase: Phase):
        return env.timeout(self.cal.tick(day, phase) - env.now)

    def _sales_open(self, env):
        yield self._at(env, self.inp.compliance.sales_start, Phase.SALES_OPEN)
        self.events.append((self.inp.compliance.sales_start, "sales_open", 0))

    def _import_year(self, env, y: int):
        c = self.inp.compliance
        yield self._at(env, dt.date(y, 1, 1), Phase.YEAR_START)
        self.events.append((dt.date(y, 1, 1), "year_start", y))
        self.start_year(y)
        if y >= c.holding_from:
            for q in range(1, 5):
                day = self.cal.quarter_end(y, q)
                yield self._at(env, day, Phase.QUARTER_CHECK)
                self.events.append((day, f"quarter_check_q{q}", y))
                self.hold(y, q, day)
        day = self.cal.month_day(y + 1, c.surrender)
        yield self._at(env, day, Phase.SURRENDER)
        self.events.append((day, "surrender", y))
        self.surrender(y, day)
        day = self.cal.month_day(y + 1, c.repurchase)
        yield self._at(env, day, Phase.REPURCHASE)
        self.events.append((day, "repurchase", y))
        self.repurchase(y, day)

    # -- the yearly step (two phases: flows from start-of-year stocks, then stocks) ----
    def start_year(self, y: int) -> None:
        inp, s = self.inp, self.state
        t = int(np.searchsorted(inp.years, y))
        self._commission()
        self._park_direct_lines(y)
        if t > 0:
            s.expected_price = prices.expected_price(
                s.expected_price,
                inp.draws.certificate_price_eur[:, t - 1],
                1.0,
                inp.behaviour.expectation_tau_years,
            )
        ctx, now, base_volume = self._now(t)
        expected = year_obligation(
            ctx,
            inp,
            base_volume,
            now.direct,
            self._indirect(now),
            now.bench_actual,
            s.verified,
            inp.cbam_enabled,
            price=s.expected_price,
        )
        volume = base_volume
        if inp.behaviour.enabled:
            cost_per_t = np.divide(
                expected["cbam_cost"],
                base_volume,
                out=np.zeros_like(base_volume),
                where=base_volume > 0,
            )
            volume = trade.eu_export_volume(
                base_volume,
                cost_per_t,
                inp.behaviour.price_eur_per_t,
                inp.behaviour.pass_through,
                inp.behaviour.elasticity * inp.draws.elasticity_multiplier[:, None],
            )
        now = dataclasses.replace(now, eu_share=volume / inp.behaviour.production_t)
        out = year_obligation(
            ctx,
            inp,
            volume,
            now.direct,
            self._indirect(now),
            now.bench_actual,
            s.verified,
            inp.cbam_enabled,
        )
        flows = self._decide(now, volume, out)
        self._record(t, y, out, now, base_volume - volume, flows)
        self._apply(flows)

    def _now(self, t: int):
        inp, s, tech = self.inp, self.state, self.inp.technology
        eff = np.ones(s.verified.shape)
        for k in np.flatnonzero(tech.reduction > 0):  # a loop over the few reduction options
            eff = eff * (1.0 - s.adopted[..., k] * tech.reduction[k])
        recognised = s.green_share[..., 0] + s.green_share[..., 1]
        ef = power.cbam_emission_factor(inp.population.power_emission_factor, recognised)
        direct, electricity, bench = entity_intensities(
            s.route_share, eff, tech.direct_er0, tech.electricity_er0, tech.benchmark_er0
        )
        in_scope = inp.indirect_in_scope[:, t]
        see_actual = direct + in_scope * electricity * ef
        ctx = YearContext(
            cbam_factor=float(inp.cbam_factor[t]),
            cscf=float(inp.cscf[t]),
            markup=inp.markup[:, t],
            indirect_in_scope=in_scope,
            certificate_price=inp.draws.certificate_price_eur[:, t],
            domestic_price_eur=inp.draws.domestic_price_eur[:, t, None],
            paid_share=inp.effectively_paid_share[t] * inp.domestic_coverage[:, t],
            deduction_with_default_values=inp.deduction_with_default_values,
            in_scope=inp.cbam_in_scope[:, t],
        )
        base_volume = np.broadcast_to(inp.population.volume_t, s.verified.shape).astype(float)
        now = decisions.Now(
            t,
            base_volume / inp.behaviour.production_t,
            eff,
            direct,
            see_actual,
            bench,
            ef,
            electricity,
        )
        return ctx, now, base_volume

    @staticmethod
    def _indirect(now: decisions.Now) -> np.ndarray:
        """Indirect tCO2e/t at the emission factor CBAM counts (scope is applied later)."""
        return now.electricity * now.ef_cbam

    def _decide(self, now: decisions.Now, volume: np.ndarray, out: dict) -> dict:
        inp, s = self.inp, self.state
        zeros = np.zeros(s.verified.shape)
        expected_liability = out["certificates"] * s.expected_price[:, None]
        flows = {
            "starts": np.zeros(s.adopted.shape),
            "capex": zeros,
            "mrv_start": zeros,
            "power": np.zeros(s.green_share.shape),
            "reserve_in": inp.behaviour.reserve_share * expected_liability,
        }
        if inp.behaviour.enabled:
            flows["starts"], flows["capex"] = decisions.invest(inp, s, now)
            flows["mrv_start"] = decisions.verify(inp, s, now, volume)
            flows["power"] = decisions.green_power(inp, s, now)
        tech, beh = inp.technology, inp.behaviour
        flows["opex"] = s.adopted @ tech.opex_eur_per_t * beh.production_t
        flows["mrv_cost"] = s.verified * beh.mrv_annual_eur + flows["mrv_start"] * beh.mrv_setup_eur
        return flows

    def _commission(self) -> None:
        s, tech = self.state, self.inp.technology
        done = s.pipeline.step()
        if tech.ids.size:
            route = tech.is_route_option
            onto = np.zeros((tech.ids.size, tech.routes.size))
            onto[np.flatnonzero(route), tech.to_route[route]] = 1.0
            moved = done * route
            s.route_share += moved @ onto
            e_idx = np.arange(s.route_share.shape[1])
            s.route_share[:, e_idx, tech.base_route] -= sum_last(moved)
            s.adopted += done
            s.deployed_t += np.einsum("dek,e->dk", done, self.inp.behaviour.production_t)
        s.verified = np.maximum(s.verified, s.mrv_pipeline.step())

    def _park_direct_lines(self, y: int) -> None:
        """A planned park-wide direct line commissions on 1 January of its year."""
        beh, s = self.inp.behaviour, self.state
        due = beh.park_line_year == y
        s.green_share[:, due, 0] = np.maximum(s.green_share[:, due, 0], beh.park_line_share[due])
        excess = np.maximum(0.0, sum_last(s.green_share) - 1.0)
        s.green_share[..., 2] = np.maximum(0.0, s.green_share[..., 2] - excess)

    def _apply(self, flows: dict) -> None:
        s, tech = self.state, self.inp.technology
        if tech.ids.size:
            s.pipeline.start(flows["starts"], tech.lead_time_years)
        s.mrv_pipeline.start(flows["mrv_start"], self.inp.behaviour.mrv_lead_years)
        s.green_share += flows["power"]
        s.reserve_eur += flows["reserve_in"]

    def _record(self, t, y, out, now, leakage, flows) -> None:
        s, beh = self.state, self.inp.behaviour
        energy = self._energy_emissions(now)
        rec = dict(out)
        rec.update(
            {
                "direct_intensity": now.direct,
                "leakage_volume": leakage,
                "verified_data": s.verified.copy(),
                "expected_certificate_price": s.expected_price.copy(),
                "certificate_price": self.inp.draws.certificate_price_eur[:, t],
                "production_capacity": s.route_share * beh.production_t[:, None],
                "abatement_share": s.adopted.copy(),
                "under_construction": s.pipeline.total + flows["starts"],
                "green_power_share": s.green_share.copy(),
                "abatement_capex": flows["capex"],
                "abatement_opex": flows["opex"],
                "mrv_cost": flows["mrv_cost"],
                "reserve_balance": s.reserve_eur + flows["reserve_in"],
                "reported_emissions": energy * (1.0 - beh.offset_share),
                "energy_emissions": energy,
                "electricity_use": beh.production_t * now.electricity,
                "export_value": (out["export_volume"] + out["exempt_volume"]) * beh.price_eur_per_t,
                "ccus_storage": self._stored(now),
            }
        )
        self.due[y] = out["certificates"]
        self.embedded[y] = out["embedded_emissions"]
        self.held[y] = np.zeros_like(out["certificates"])
        self.paid[y] = np.zeros_like(out["certificates"])
        for k, v in rec.items():
            if self.keep and k not in self.keep:
                continue
            v = np.asarray(v)
            if k not in self.years:
                self.years[k] = np.empty((self.inp.years.size, *v.shape))
            self.years[k][t] = v

    def _energy_emissions(self, now: decisions.Now) -> np.ndarray:
        """Emissions of all production in the domestic accounting, tCO2e, before offsets:
        direct plus grid electricity, every green-power kind (certificates too) counted as
        zero-carbon. Offsets and certificates lower reported emissions, never CBAM's."""
        s, beh = self.state, self.inp.behaviour
        ef = self.inp.population.power_emission_factor * (1.0 - sum_last(s.green_share))
        return beh.production_t * (now.direct + now.electricity * ef)

    def _stored(self, now: decisions.Now) -> np.ndarray:
        """CO2 captured and stored by capture options, tCO2/yr: the option's cut of direct
        emissions, counted as applied after every other reduction option."""
        tech, s = self.inp.technology, self.state
        stored = np.zeros(s.verified.shape)
        for k in np.flatnonzero(tech.stores_co2 & (tech.reduction > 0)):
            cut = s.adopted[..., k] * tech.reduction[k]
            before = np.divide(now.direct, 1.0 - cut, out=np.zeros_like(cut), where=cut < 1.0)
            stored += self.inp.behaviour.production_t * before * cut
        return stored

    # -- the certificate account ---------------------------------------------------------
    def _price_on(self, import_year: int, day: dt.date) -> np.ndarray:
        """Price of certificates bought on ``day`` for ``import_year`` (D,)."""
        years, prices_ = self.inp.years, self.inp.draws.certificate_price_eur
        if import_year in self.inp.compliance.quarterly_price_years:
            return prices_[:, int(np.searchsorted(years, import_year))]
        t = min(int(np.searchsorted(years, day.year)), years.size - 1)
        return prices_[:, t]  # after the horizon: the last year's price (assumption)

    def _buy(self, y: int, amount: np.ndarray, day: dt.date) -> None:
        q = self.cal.quarter_index(day)
        price = self._price_on(y, day)[:, None]
        self.held[y] += amount
        self.paid[y] += amount * price
        self.quarterly["certificate_purchases"][q] += amount
        self.quarterly["certificate_purchase_cost"][q] += amount * price
        self.bought_in[day.year] = self.bought_in.get(day.year, 0.0) + amount
        self.state.reserve_eur -= np.minimum(self.state.reserve_eur, amount * price)

    def hold(self, y: int, q: int, day: dt.date) -> None:
        c = self.inp.compliance
        if day < c.sales_start:
            return
        basis = self.embedded[y] if c.holding_on_gross else self.due[y]
        required = c.holding_share * basis * q / 4.0  # imports spread evenly over quarters
        self._buy(y, np.maximum(0.0, required - self.held[y]), day)

    def surrender(self, y: int, day: dt.date) -> None:
        self._buy(y, np.maximum(0.0, self.due[y] - self.held[y]), day)
        self.quarterly["certificates_surrendered"][self.cal.quarter_index(day)] += self.due[y]

    def repurchase(self, y: int, day: dt.date) -> None:
        excess = np.maximum(0.0, self.held[y] - self.due[y])
        cap = self.inp.compliance.repurchase_cap * self.bought_in.get(day.year - 1, 0.0)
        back = np.minimum(excess, cap)
        unit_cost = np.divide(
            self.paid[y], self.held[y], out=np.zeros_like(back), where=self.held[y] > 0
        )
        self.quarterly["certificate_repurchase_revenue"][self.cal.quarter_index(day)] += (
            back * unit_cost
        )


def run_chunked(
    inp: Inputs,
    chunk_size: int,
    keep: list[str] | None = None,
    progress: bool | None = None,
    dtype: str = "float64",
    workers: int = 1,
) -> dict[str, np.ndarray]:
    """Run the draws in chunks of ``chunk_size`` (memory stays bounded) and join them.

    Draws are independent, so the result does not depend on the chunk size. ``keep``
    limits the variables kept (all when empty). ``progress`` shows a progress bar (None:
    only on a terminal and with more than one chunk).
    """
    n = len(inp.draws)
    chunk_size = max(1, int(chunk_size))
    starts = list(range(0, n, chunk_size))
    first = _kept(
        run_model(dataclasses.replace(inp, draws=inp.draws.slice(0, chunk_size)), keep), keep
    )
    fixed = {k: v for k, v in first.items() if VARIABLES[k].dims[0] != "draw"}
    joined = {k: np.empty((n, *v.shape[1:]), dtype) for k, v in first.items() if k not in fixed}
    for k in joined:  # preallocated: no copies at the end
        joined[k][: first[k].shape[0]] = first[k]

    def chunk(a: int) -> None:
        out = run_model(dataclasses.replace(inp, draws=inp.draws.slice(a, a + chunk_size)), keep)
        for k in joined:
            joined[k][a : a + out[k].shape[0]] = out[k]

    quiet = len(starts) == 1 if progress is None else not progress
    # disable=None: tqdm shows the bar only on a terminal
    with tqdm(
        total=len(starts),
        initial=1,
        desc="draw chunks",
        unit="chunk",
        disable=True if quiet else None,
    ) as bar:
        if workers > 1:  # numpy releases the GIL in its loops; chunks write disjoint slices
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for _ in pool.map(chunk, starts[1:]):
                    bar.update()
        else:
            for a in starts[1:]:
                chunk(a)
                bar.update()
    return {**fixed, **joined}


def _kept(out: dict[str, np.ndarray], keep: list[str] | None) -> dict[str, np.ndarray]:
    return {k: v for k, v in out.items() if not keep or k in keep}


def run_model(inp: Inputs, keep: list[str] | None = None) -> dict[str, np.ndarray]:
    """Run the model; arrays carry a leading draw axis and a trailing year (or quarter) axis."""
    parts = ["cbam_cost", "abatement_capex", "abatement_opex", "mrv_cost"]
    if keep and "cumulative_cost" in keep:
        keep = [*keep, *parts]
    out = Simulation(inp, keep).run()
    if all(p in out for p in parts):
        out["cumulative_cost"] = np.cumsum(sum(out[p] for p in parts), axis=-1)
    out["cbam_factor"] = inp.cbam_factor
    out["cscf"] = inp.cscf
    out["domestic_carbon_price"] = inp.draws.domestic_price_eur
    out["effectively_paid_share"] = inp.effectively_paid_share
    out["carbon_price_coverage"] = inp.domestic_coverage
    return out
