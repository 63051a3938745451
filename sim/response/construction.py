"""Projects under construction: a conveyor that commissions each start after its lead time."""

from __future__ import annotations

from collections import deque

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


class Conveyor:
    """Projects under construction, as a rotating list of yearly slots (..., K): slot i
    commissions at the (i+1)-th yearly step. The running total is kept, so a year's step
    moves no data (a rotation, not a copy of the whole pipeline)."""

    def __init__(self, shape: tuple[int, ...], lead_max: int) -> None:
        """An empty conveyor of ``shape`` with room for lead times up to ``lead_max``."""
        self.slots = deque(np.zeros(shape) for _ in range(max(int(lead_max), 1)))
        self.total = np.zeros(shape)  # everything under construction (..., K)

    def start(self, starts: FloatArray, lead_years: NDArray[np.int_] | int) -> None:
        """Put ``starts`` in so each commissions after its lead time: ``lead_years`` is one
        int or one per last-axis element (K,). ``starts`` are finite: the options of
        another lead time get ``starts x 0.0`` added, which leaves a slot as it is."""
        leads = np.broadcast_to(np.asarray(lead_years, int), starts.shape[-1:])
        for lead in np.unique(leads):
            if not 1 <= lead <= len(self.slots):
                raise ValueError(f"lead time {lead} outside 1..{len(self.slots)} years")
            slot = self.slots[lead - 1]
            options = np.flatnonzero(leads == lead)
            if options.size == leads.size:
                slot += starts
            elif options.size <= 2:  # a strided add per option costs about a whole pass
                for k in options:
                    slot[..., k] += starts[..., k]
            else:  # two whole passes: the other options get + 0.0 (a slot is never -0.0)
                slot += starts * (leads == lead)
        self.total += starts

    def step(self) -> FloatArray:
        """Advance one year; return what commissions now (..., K)."""
        done = self.slots.popleft()
        self.slots.append(np.zeros_like(done))
        np.subtract(self.total, done, out=self.total)  # in place, as in start
        np.maximum(self.total, 0.0, out=self.total)  # no -0.0 rounding residue
        return done
