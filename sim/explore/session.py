"""The explorer's model in-process: the baseline config composed once by Hydra, each
what-if made from it by the levers (:mod:`sim.explore.levers`, plain dict work, no
recomposition) and simulated with nothing written; results kept per lever set, so going
back to a setting costs nothing."""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xarray as xr

from sim import api
from sim.explore import levers, park_views, views
from sim.io.provenance import input_digests
from sim.pipeline import input_files, simulate


@dataclass(frozen=True)
class Result:
    """One what-if: its lever values, resolved config and results."""

    values: dict[str, Any]
    cfg: dict[str, Any]
    ds: xr.Dataset


class Session:
    """The composed baseline, the scenario templates and a cache of results."""

    def __init__(self, overrides: Sequence[str] = ()) -> None:
        self.overrides = list(overrides)
        self.base = api.compose(self.overrides)
        self.templates = {
            key: levers.difference(self.base, api.compose([*self.overrides, f"scenario={name}"]))
            for key, name in levers.TEMPLATES.items()
        }
        self.defaults = levers.defaults(self.base)
        self._digests = input_digests(input_files(self.base))
        self._run = functools.lru_cache(maxsize=64)(self._simulate)
        self._scores = functools.lru_cache(maxsize=16)(self._scorecard)
        self._split = functools.lru_cache(maxsize=16)(self._tedi)
        # the page's callbacks of one key press arrive together on the server's threads:
        # one computes, the others wait for its cached result instead of computing it again
        self._lock = threading.RLock()
        self.baseline = self.run(self.defaults)

    def run(self, values: Mapping[str, Any]) -> Result:
        """The results of the lever ``values`` (missing levers at their baseline value)."""
        full = self.complete(values)
        with self._lock:
            return self._run(tuple(sorted(full.items())))

    def complete(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with every missing lever at its baseline value, each of its type."""
        out = dict(self.defaults)
        for key, value in values.items():
            if key not in levers.BY_KEY:
                raise KeyError(f"no lever named {key!r}")
            kind = levers.BY_KEY[key].kind
            if value is None:
                continue
            out[key] = {"toggle": bool, "choice": str, "year": int}.get(kind, float)(value)
        return out

    def config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The resolved config of the lever ``values``."""
        return levers.apply(self.base, self.complete(values), self.templates)

    def changes(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """What the lever ``values`` change in the baseline config (for a scenario file)."""
        return levers.difference(self.base, self.config(values))

    def scores(self, res: Result) -> xr.Dataset:
        """The park scorecard of a result (kept: switching tabs costs nothing)."""
        with self._lock:
            return self._scores(tuple(sorted(res.values.items())))

    def split(self, res: Result) -> dict[str, Any]:
        """The difference of a result to the baseline by TEDI subsystem per year (kept)."""
        with self._lock:
            return self._split(tuple(sorted(res.values.items())))

    def _scorecard(self, items: tuple[tuple[str, Any], ...]) -> xr.Dataset:
        res = self._run(items)
        return park_views.park_scores(res.ds, res.cfg)

    def _tedi(self, items: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
        return views.tedi_by_year(self.baseline.ds, self._run(items).ds)

    def _simulate(self, items: tuple[tuple[str, Any], ...]) -> Result:
        values = dict(items)
        cfg = levers.apply(self.base, values, self.templates)
        moved = {k: v for k, v in values.items() if v != self.defaults[k]}
        ds = simulate(
            cfg, {"overrides": repr(self.overrides), "levers": repr(moved)}, self._digests
        )
        return Result(values, cfg, ds)
