"""The only place that knows dates: integer ticks for the simpy calendar.

A tick is ``days since 1 January of the first year * N_PHASES + phase``. The phase
orders events that fall on the same day by design, not by scheduling order: on
30 September of year y+1, year y is surrendered before year y+1's quarterly check.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum


class Phase(IntEnum):
    """The order of events that fall on the same day."""

    YEAR_START = 0  # commission, perceive prices, decide, compute the year's obligation
    SALES_OPEN = 1  # certificate sales open (1 February 2027)
    SURRENDER = 2  # declaration and surrender of the previous import year
    QUARTER_CHECK = 3  # quarterly holding of the current import year
    REPURCHASE = 4  # repurchase of excess certificates of the previous import year


N_PHASES = len(Phase)


class Calendar:
    """Dates of the compliance cycle and their integer ticks, from 1 January of the first
    import year."""

    def __init__(self, first_year: int) -> None:
        """A calendar starting on 1 January of ``first_year``."""
        self.epoch = dt.date(first_year, 1, 1)

    def tick(self, day: dt.date, phase: Phase) -> int:
        """The tick of ``day`` at ``phase``."""
        return (day - self.epoch).days * N_PHASES + int(phase)

    def date(self, tick: int) -> dt.date:
        """The date of a tick."""
        return self.epoch + dt.timedelta(days=tick // N_PHASES)

    @staticmethod
    def quarter_end(year: int, quarter: int) -> dt.date:
        """The last day of ``quarter`` (1-4) of ``year``."""
        month = 3 * quarter
        next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
        return next_first - dt.timedelta(days=1)

    @staticmethod
    def month_day(year: int, month_day: str) -> dt.date:
        """``"09-30"`` in ``year``."""
        month, day = (int(x) for x in month_day.split("-"))
        return dt.date(year, month, day)

    def quarter_index(self, day: dt.date) -> int:
        """Index of the calendar quarter containing ``day`` (0 = Q1 of the first year)."""
        return (day.year - self.epoch.year) * 4 + (day.month - 1) // 3
