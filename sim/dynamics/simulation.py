"""The system-dynamics model: a simpy calendar drives the yearly step and the compliance
cycle of every import year.

One ``simpy.Environment`` per run; draws and entities are numpy axes, so the number of
events depends only on the number of years. Each import year is one process that reads
like the rules (:mod:`sim.rules.compliance`; Reg. 2023/956 Arts 22-23 as amended by
Reg. 2025/2083):

- 1 January: the year's stocks are updated and its obligation follows (the step);
- each quarter end from 2027 (``quarterly_holding_from``): the declarant holds at least
  half of the certificates due so far (Art. 22(2)), once sales have opened on
  1 February 2027 (``certificate_sales_start``);
- 30 September of the next year: the year is declared and surrendered (Art. 22(1)),
  while the next year's quarterly checks run;
- 31 October of the next year: excess certificates are repurchased (Art. 23).

Same-day events are ordered by :class:`sim.dynamics.calendar.Phase`, not by scheduling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterable

import numpy as np
import simpy

from sim.dynamics.account import CertificateAccount
from sim.dynamics.calendar import Calendar, Phase
from sim.dynamics.recorder import Recorder
from sim.dynamics.state import State
from sim.dynamics.step import YearStep
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws

Process = Generator[simpy.Event, None, None]


class Simulation:
    """One run: the calendar, the stocks, the certificate account and the record."""

    def __init__(self, inp: Inputs, draws: Draws, keep: Iterable[str] = ()) -> None:
        """A run of ``inp`` over ``draws``, recording only ``keep`` (all when empty)."""
        self.inp, self.draws = inp, draws
        self.state = State.initial(inp, len(draws))
        self.cal = Calendar(int(inp.years[0]))
        self.recorder = Recorder(inp.years.size, keep)
        self.account = CertificateAccount(
            inp, self.cal, draws.certificate_price_eur, self.state.verified.shape
        )
        self.step = YearStep(inp, draws, self.state, self.recorder, self.account)
        self.events: list[tuple[dt.date, str, int]] = []

    def run(self) -> dict[str, np.ndarray]:
        """Run every import year to its repurchase; arrays with the year (or quarter) last."""
        env = simpy.Environment()
        for y in self.inp.years:
            env.process(self._import_year(env, int(y)))
        env.process(self._sales_open(env))
        env.run()
        out = self.recorder.arrays()
        out.update({k: np.moveaxis(v, 0, -1) for k, v in self.account.quarterly.items()})
        return out

    def _at(self, env: simpy.Environment, day: dt.date, phase: Phase) -> simpy.Event:
        """The event of ``day`` at ``phase``."""
        return env.timeout(self.cal.tick(day, phase) - env.now)

    def _sales_open(self, env: simpy.Environment) -> Process:
        day = self.inp.policy.compliance.sales_start
        if day < self.cal.epoch:  # already open when the run starts
            return
        yield self._at(env, day, Phase.SALES_OPEN)
        self.events.append((day, "sales_open", 0))

    def _import_year(self, env: simpy.Environment, y: int) -> Process:
        c, account, reserve = self.inp.policy.compliance, self.account, self.state.reserve_eur
        # the reserve is changed in place by purchases (paid from it first)
        yield self._at(env, dt.date(y, 1, 1), Phase.YEAR_START)
        self.events.append((dt.date(y, 1, 1), "year_start", y))
        self.step(y)
        if y >= c.holding_from:
            for q in range(1, 5):
                day = self.cal.quarter_end(y, q)
                yield self._at(env, day, Phase.QUARTER_CHECK)
                self.events.append((day, f"quarter_check_q{q}", y))
                account.hold(y, q, day, reserve)
        day = self.cal.month_day(y + 1, c.surrender)
        yield self._at(env, day, Phase.SURRENDER)
        self.events.append((day, "surrender", y))
        account.surrender(y, day, reserve)
        day = self.cal.month_day(y + 1, c.repurchase)
        yield self._at(env, day, Phase.REPURCHASE)
        self.events.append((day, "repurchase", y))
        account.repurchase(y, day)
