"""The distributions an uncertain input may be declared with (``ensemble.uncertain``):
frozen scipy distributions, each mapping a unit-interval sample to a value by its ``ppf``
(so that Latin hypercube, Sobol and Morris samples in the unit cube all map the same way).

Discrete ones (``bernoulli``, ``integer``, ``categorical``) map ``u`` to a category by the
thresholds of their cumulative probabilities, as SALib and ``scipy.stats.sobol_indices``
users map a unit-interval input to a category: category i where
p_0 + ... + p_(i-1) < u <= p_0 + ... + p_i.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError

DISTRIBUTIONS = {
    "constant": ("value",),
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
    "triangular": ("low", "mode", "high"),
    "bernoulli": ("p",),  # 1 with probability p, else 0 (a rule adopted or not)
    "integer": ("low", "high"),  # every whole number from low to high equally likely
    # values[i] with probability p[i]; ``schedules`` (named schedules, drawn by their
    # index 0, 1, ...) in place of ``values`` for ensemble.uncertain.cbam_factor
    "categorical": ("values", "p"),
}
# [U] the probabilities of a categorical sum to 1 within this (rounded decimals in a file)
SUM_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Constant:
    """A degenerate distribution: every draw takes ``value``."""

    value: float

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """``value`` for every quantile in ``u`` (the inverse of a step distribution)."""
        return np.full(np.shape(u), self.value)


@dataclass(frozen=True)
class Discrete:
    """A discrete distribution (a frozen scipy one over 0, 1, ...) whose i-th category
    takes ``values[i]`` (the categories themselves when ``values`` is None)."""

    dist: Any
    values: np.ndarray | None = None

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """The category of each quantile. ``u`` = 0 (which a scipy discrete ppf maps below
        the support) counts as the smallest quantile: the first category."""
        index = self.dist.ppf(np.maximum(u, np.finfo(float).tiny))
        return index if self.values is None else self.values[index.astype(int)]


def distribution(key: str, spec: Mapping[str, Any]):
    """A frozen distribution from ``{dist: ..., <parameters>}``."""
    kind = checks.choice(f"{key}.dist", spec.get("dist"), DISTRIBUTIONS, "distribution")
    p = {k: v for k, v in spec.items() if k not in ("dist", "source")}
    if kind == "categorical":
        return categorical(key, p)
    need = DISTRIBUTIONS[kind]
    _parameters(key, kind, p, need)
    for name in need:
        checks.number(f"{key}.{name}", p[name])
    if kind == "constant":
        return Constant(float(p["value"]))
    from scipy import stats  # here, not at the top: 0.5 s that a deterministic run never needs

    if kind == "bernoulli":
        checks.number(f"{key}.p", p["p"], low=0, high=1)
        return Discrete(stats.bernoulli(p["p"]))
    if kind == "integer":
        low = checks.integer(f"{key}.low", p["low"])
        high = checks.integer(f"{key}.high", p["high"])
        if high <= low:
            raise ConfigError(f"{key}.high", p["high"], f"must exceed low = {low}")
        return Discrete(stats.randint(0, high - low + 1), np.arange(low, high + 1.0))
    if kind == "uniform":
        if p["high"] <= p["low"]:
            raise ConfigError(f"{key}.high", p["high"], f"must exceed low = {p['low']}")
        return stats.uniform(p["low"], p["high"] - p["low"])
    if kind == "normal":
        checks.number(f"{key}.sd", p["sd"], low=0, low_open=True)
        return stats.norm(p["mean"], p["sd"])
    if kind == "lognormal":
        checks.number(f"{key}.median", p["median"], low=0, low_open=True)
        checks.number(f"{key}.sigma", p["sigma"], low=0, low_open=True)
        return stats.lognorm(p["sigma"], scale=p["median"])
    if not p["low"] <= p["mode"] <= p["high"] or p["high"] <= p["low"]:
        raise ConfigError(f"{key}.mode", p["mode"], "expected low <= mode <= high, low < high")
    width = p["high"] - p["low"]
    return stats.triang((p["mode"] - p["low"]) / width, loc=p["low"], scale=width)


def _parameters(key: str, kind: str, p: Mapping[str, Any], need: Sequence[str]) -> None:
    """Every parameter ``need`` names is given, and no other."""
    for name in need:
        if name not in p:
            raise ConfigError(f"{key}.{name}", None, f"a {kind} distribution needs {tuple(need)}")
    unknown = sorted(set(p) - set(need))
    if unknown:
        raise ConfigError(
            f"{key}.{unknown[0]}", p[unknown[0]], f"a {kind} distribution takes {tuple(need)}"
        )


def categorical(key: str, p: Mapping[str, Any]) -> Discrete:
    """``values[i]`` with probability ``p[i]`` (or schedule i of ``schedules``)."""
    named = "schedules" in p
    need = ("schedules", "p") if named else DISTRIBUTIONS["categorical"]
    _parameters(key, "categorical", p, need)
    probs = _list(f"{key}.p", p["p"])
    if named:
        if not isinstance(p["schedules"], Mapping) or not p["schedules"]:
            raise ConfigError(f"{key}.schedules", p["schedules"], "expected named schedules")
        values = np.arange(len(p["schedules"]), dtype=float)
    else:
        raw = _list(f"{key}.values", p["values"])
        values = np.array([checks.number(f"{key}.values.{i}", v) for i, v in enumerate(raw)])
    if len(probs) != values.size:
        what = "schedules" if named else "values"
        raise ConfigError(f"{key}.p", list(probs), f"expected one probability per {what[:-1]}")
    pk = np.array([checks.number(f"{key}.p.{i}", v, low=0, high=1) for i, v in enumerate(probs)])
    if abs(pk.sum() - 1.0) > SUM_TOLERANCE:
        raise ConfigError(f"{key}.p", list(probs), f"the probabilities sum to {pk.sum():g}, not 1")
    from scipy import stats

    return Discrete(stats.rv_discrete(values=(np.arange(pk.size), pk / pk.sum())), values)


def _list(key: str, value: Any) -> list:
    """A non-empty list (a YAML sequence), or a :class:`ConfigError`."""
    if isinstance(value, str | Mapping) or not isinstance(value, Sequence) or not value:
        raise ConfigError(key, value, "expected a non-empty list")
    return list(value)
