"""The recorder: the year's output variables written in place into (T, ...) arrays."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np


class Recorder:
    """Yearly outputs, year first while running (each write contiguous); only the
    variables in ``keep`` when it is not empty."""

    def __init__(self, n_years: int, keep: Iterable[str] = ()) -> None:
        """An empty record of ``n_years`` years."""
        self.n_years = n_years
        self.keep = set(keep)
        self.years: dict[str, np.ndarray] = {}

    def wants(self, name: str) -> bool:
        """Whether ``name`` is recorded."""
        return not self.keep or name in self.keep

    def record(self, t: int, values: Mapping[str, np.ndarray]) -> None:
        """Write year index ``t`` of each kept variable."""
        for k, v in values.items():
            if not self.wants(k):
                continue
            v = np.asarray(v)
            if k not in self.years:
                self.years[k] = np.empty((self.n_years, *v.shape))
            self.years[k][t] = v

    def arrays(self) -> dict[str, np.ndarray]:
        """The records with the year axis last (views, no copies)."""
        return {k: np.moveaxis(v, 0, -1) for k, v in self.years.items()}
