"""Additive LMDI-I (logarithmic mean Divisia index): the contributions of each factor to the
change of a product, summing exactly to it, with zeros handled as the decomposition's
module docstring says (:mod:`sim.analysis.decomposition`); numpy arithmetic on the
broadcast labelled factors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import xarray as xr

from sim.analysis.bare import broadcast

__all__ = ["lmdi", "log_mean"]


def log_mean(a: xr.DataArray, b: xr.DataArray) -> xr.DataArray:
    """Logarithmic mean L(a, b) of positive numbers, accurate when a is close to b."""
    a, b = xr.broadcast(a, b)
    return a.copy(data=_log_mean(a.values, b.values))


def _log_mean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    rel = (a - b) / b
    with np.errstate(divide="ignore", invalid="ignore"):
        near = b * rel / np.log1p(rel)  # accurate for a close to b
        far = (a - b) / (np.log(a) - np.log(b))
    return np.where(rel == 0, b, np.where(abs(rel) < 1e-3, near, far))


def lmdi(before: Sequence[Any], after: Sequence[Any]) -> list[Any]:
    """Additive LMDI-I contributions of each factor to the change of their product.

    ``before`` and ``after`` hold the same factors (non-negative, broadcastable: labelled
    arrays, or unlabelled ``xr.Variable`` that give unlabelled contributions); the
    contributions sum to prod(after) - prod(before). Zeros are handled as in the module
    docstring. The factors are broadcast once and the arithmetic done on their arrays
    (the same operations, element by element, as on the labelled arrays, at a tenth of
    the time: the explorer redraws it on every lever change).
    """
    n = len(before)
    factors = (*before, *after)
    if all(isinstance(x, xr.Variable) for x in factors):  # unlabelled: sim.analysis.bare
        arrays = broadcast(*factors)
    else:
        arrays = xr.broadcast(
            *(x if isinstance(x, xr.DataArray) else xr.DataArray(x) for x in factors)
        )
    values = [np.asarray(x.values, dtype=float) for x in arrays]
    for x in values:
        if bool((x < 0).any()) or bool(np.isnan(x).any()):
            raise ValueError("LMDI factors must be non-negative numbers")
    template = _product(arrays)  # the coordinates the labelled arithmetic would carry
    return [template.copy(data=c) for c in _lmdi(values[:n], values[n:])]


def _lmdi(before: list[np.ndarray], after: list[np.ndarray]) -> list[np.ndarray]:
    t0, t1 = _product(before), _product(after)
    both = (t0 > 0) & (t1 > 0)
    weight = _log_mean(np.where(both, t1, 1.0), np.where(both, t0, 1.0))
    zero = [(x0 == 0) | (x1 == 0) for x0, x1 in zip(before, after, strict=True)]
    n_zero = sum(z.astype(int) for z in zero)
    n_factors = len(before)
    change = t1 - t0
    out = []
    for x0, x1, z in zip(before, after, zero, strict=True):
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log(np.where(both, x1, 1.0)) - np.log(np.where(both, x0, 1.0))
        # a term zero in one period: its change goes to the factors that are zero;
        # none (an underflowed product of tiny factors): shared by all factors
        share = np.where(n_zero > 0, z / np.where(n_zero > 0, n_zero, 1), 1.0 / n_factors)
        out.append(np.where(both, weight * log_ratio, change * share))
    return out


def _product(factors: Sequence[Any]) -> Any:
    out = factors[0]
    for x in factors[1:]:
        out = out * x
    return out
