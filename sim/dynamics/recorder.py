"""The recorder: the year's output variables written in place into (T, ...) arrays."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Into:
    """A value computed straight into its record slot: ``write(out)`` fills ``out`` (of
    ``shape``) with the same bits the array would have had (no temporary, no copy)."""

    shape: tuple[int, ...]
    write: Callable[[np.ndarray], None]


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

    def record(self, t: int, values: Mapping[str, np.ndarray | Into]) -> None:
        """Write year index ``t`` of each kept variable."""
        for k, v in values.items():
            if not self.wants(k):
                continue
            if isinstance(v, Into):
                v.write(self._slot(k, t, v.shape))
                continue
            v = np.asarray(v)
            self._slot(k, t, v.shape)[...] = v

    def _slot(self, name: str, t: int, shape: tuple[int, ...]) -> np.ndarray:
        """The record of ``name`` at year index ``t`` (allocated at the first write)."""
        if name not in self.years:
            self.years[name] = np.empty((self.n_years, *shape))
        return self.years[name][t]

    def arrays(self) -> dict[str, np.ndarray]:
        """The records with the year axis last (views, no copies)."""
        return {k: np.moveaxis(v, 0, -1) for k, v in self.years.items()}
