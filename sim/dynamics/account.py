"""The certificate account of every (draw, entity): purchases, holdings, surrender and
repurchase per import year, with the dated cash flows per calendar quarter.

The rules (how much to hold, buy, surrender and buy back) are
:mod:`sim.rules.compliance`; this module keeps the balances and books the flows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from sim.dynamics.calendar import Calendar
from sim.inputs.arrays import Inputs
from sim.rules import compliance as rules
from sim.rules.certificate_price import pricing_year

QUARTERLY = (
    "certificate_purchases",
    "certificate_purchase_cost",
    "certificate_repurchase_revenue",
    "certificates_surrendered",
)


class CertificateAccount:
    """Balances per import year and flows per quarter (quarter first: contiguous writes)."""

    def __init__(
        self,
        inp: Inputs,
        calendar: Calendar,
        certificate_price: np.ndarray,
        shape: tuple[int, int],
    ) -> None:
        """An empty account for (draws, entities) = ``shape`` over the run's years, buying
        at ``certificate_price`` (D, T)."""
        self.compliance, self.cal = inp.policy.compliance, calendar
        self.years, self.price = inp.years, certificate_price
        self.growth_after = inp.prices.price_growth_after_horizon
        self.ceiling = inp.prices.price_ceiling_eur
        years = inp.years
        n_q = 4 * (years.size + 1)
        self.quarterly = {k: np.zeros((n_q, *shape)) for k in QUARTERLY}
        self.due: dict[int, np.ndarray] = {}
        self.embedded: dict[int, np.ndarray] = {}
        self.held: dict[int, np.ndarray] = {}
        self.paid: dict[int, np.ndarray] = {}
        self.bought_in: dict[int, np.ndarray] = {}  # certificates bought per calendar year
        # per import year: bought back; carried in from the year before (the excess over the
        # repurchase cap, surrendered first); cancelled (carried in and still not needed)
        self.repurchased: dict[int, np.ndarray] = {}
        self.carried: dict[int, np.ndarray] = {}
        self.cancelled: dict[int, np.ndarray] = {}
        self.carried_price: dict[int, np.ndarray] = {}

    def open_year(self, y: int, due: np.ndarray, embedded: np.ndarray) -> None:
        """Record import year ``y``'s certificates due and embedded emissions (D, E)."""
        self.due[y] = due
        self.embedded[y] = embedded
        self.held[y] = np.zeros_like(due)
        self.paid[y] = np.zeros_like(due)
        carried = self.carried.get(y)
        if carried is not None:  # the previous year's excess, bought at its mean price
            self.held[y] += carried
            self.paid[y] += carried * self.carried_price.pop(y)

    def price_on(self, import_year: int, day: dt.date) -> np.ndarray:
        """Price of certificates bought on ``day`` for ``import_year`` (D,).

        The year priced is :func:`sim.rules.certificate_price.pricing_year`; after the run's
        last year the last price grows at ``prices.growth_after_horizon`` (an assumption:
        no path is configured there), within the price ceiling."""
        years = self.years
        year = pricing_year(import_year, day.year, self.compliance.quarterly_price_years)
        t = int(np.searchsorted(years, year))
        if t < years.size:
            return self.price[:, t]
        later = self.price[:, -1] * (1.0 + self.growth_after) ** (year - int(years[-1]))
        return later if self.ceiling is None else np.minimum(later, self.ceiling)

    def buy(self, y: int, amount: np.ndarray, day: dt.date, reserve: np.ndarray) -> None:
        """Buy ``amount`` certificates for import year ``y`` on ``day``, paid first from
        the ``reserve`` (changed in place)."""
        q = self.cal.quarter_index(day)
        cost = amount * self.price_on(y, day)[:, None]  # one product for the three uses
        self.held[y] += amount
        self.paid[y] += cost
        self.quarterly["certificate_purchases"][q] += amount
        self.quarterly["certificate_purchase_cost"][q] += cost
        self.bought_in[day.year] = self.bought_in.get(day.year, 0.0) + amount
        reserve -= np.minimum(reserve, cost)

    def hold(self, y: int, q: int, day: dt.date, reserve: np.ndarray) -> None:
        """Quarter ``q`` of import year ``y`` ends: top up to the required holding."""
        c = self.compliance
        if day < c.sales_start:
            return
        basis = self.embedded[y] if c.holding_on_gross else self.due[y]
        required = rules.quarterly_holding_required(basis, c.holding_share, q)
        self.buy(y, rules.purchase_to_hold(required, self.held[y]), day, reserve)

    def surrender(self, y: int, day: dt.date, reserve: np.ndarray) -> None:
        """Surrender import year ``y``: buy what is missing, then give up what is due."""
        self.buy(y, rules.purchase_to_surrender(self.due[y], self.held[y]), day, reserve)
        self.quarterly["certificates_surrendered"][self.cal.quarter_index(day)] += self.due[y]

    def repurchase(self, y: int, day: dt.date) -> None:
        """Excess certificates of import year ``y`` are bought back at their purchase price."""
        back = rules.repurchase_allowed(
            self.held[y],
            self.due[y],
            self.bought_in.get(day.year - 1, 0.0),
            self.compliance.repurchase_cap,
        )
        unit = rules.repurchase_unit_price(self.paid[y], self.held[y])
        self.quarterly["certificate_repurchase_revenue"][self.cal.quarter_index(day)] += back * unit
        self.repurchased[y] = back
        self._carry(y, back, unit)

    def _carry(self, y: int, back: np.ndarray, unit: np.ndarray) -> None:
        """What is left of import year ``y`` after surrender and repurchase stays on the
        account: the certificates carried into ``y`` from the year before are the oldest
        and, still not needed, are cancelled (``rules.cancelled_after_repurchase``); the
        rest is surrendered first for the next import year (beyond the run: left on it)."""
        left = np.maximum(0.0, self.held[y] - self.due[y] - back)
        old = self.carried.get(y, np.zeros_like(left))
        self.cancelled[y] = rules.cancelled_after_repurchase(left, old, self.due[y])
        carry = left - self.cancelled[y]
        self.carried[y + 1] = carry
        if y + 1 in self.held:  # opened already (1 January comes before 31 October)
            self.held[y + 1] += carry
            self.paid[y + 1] += carry * unit
        else:
            self.carried_price[y + 1] = unit
