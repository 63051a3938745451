"""Correlated uncertain inputs (issue 15, item 1): rank correlations declared in
``ensemble.correlations`` imposed on the sampled quantiles through a Gaussian copula.

The quantiles u (n, d) of the sampler (Latin hypercube, Sobol or random) are moved to
normal scores z = Phi^-1(u), mixed by the Cholesky factor of the Pearson correlation
that gives the declared Spearman correlation between normal variables
(r = 2 sin(pi rho_s / 6)), and mapped back with Phi. Each input keeps its own
distribution; inputs not named stay independent of the others. The Latin hypercube's
stratification holds for the first input of a correlated group only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sim import checks
from sim.errors import ConfigError

KEY = "ensemble.correlations"


def correlation_matrix(names: Sequence[str], declared: Mapping[str, Any]) -> np.ndarray | None:
    """The Pearson correlation of the normal scores (d, d) for the declared rank
    correlations among ``names`` (the varying inputs, in sampling order), or None."""
    if not declared:
        return None
    index = {n: i for i, n in enumerate(names)}
    pearson = np.eye(len(names))
    seen: dict[frozenset[str], float] = {}
    for a, row in declared.items():
        if not isinstance(row, Mapping):
            raise ConfigError(f"{KEY}.{a}", row, "expected a mapping of input -> rank correlation")
        for b, value in row.items():
            key = f"{KEY}.{a}.{b}"
            for name in (a, b):
                if name not in index:
                    known = ", ".join(names)
                    raise ConfigError(
                        key, value, f"{name} is not a varying uncertain input ({known})"
                    )
            if a == b:
                raise ConfigError(key, value, "an input's correlation with itself is 1")
            rho = checks.number(key, value, low=-1, high=1)
            pair = frozenset((a, b))
            if pair in seen and seen[pair] != rho:
                raise ConfigError(key, value, f"declared twice, also as {seen[pair]}")
            seen[pair] = rho
            r = 2 * np.sin(np.pi * rho / 6)
            pearson[index[a], index[b]] = pearson[index[b], index[a]] = r
    if np.linalg.eigvalsh(pearson).min() <= 1e-10:
        raise ConfigError(
            KEY, dict(declared), "not a valid correlation matrix (not positive definite)"
        )
    return pearson


def correlated(u: np.ndarray, pearson: np.ndarray | None) -> np.ndarray:
    """The quantiles ``u`` (n, d) with the copula's correlation imposed (unchanged: None)."""
    if pearson is None:
        return u
    from scipy.stats import norm

    eps = np.finfo(float).eps
    z = norm.ppf(np.clip(u, eps, 1 - eps)) @ np.linalg.cholesky(pearson).T
    return norm.cdf(z)
