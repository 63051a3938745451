"""Confidence intervals of Sobol indices (issue 15, item 2), by SALib's bootstrap of the
base samples: each index's estimate plus and minus z times the standard deviation of its
resampled estimates (SALib ``sobol.analyze``; Saltelli et al. 2010 estimators, the same
as ``scipy.stats.sobol_indices``' default, whose point estimates are kept).

SALib resamples with an (n, resamples) index array per input, so memory and time grow
as n x resamples, not n squared as scipy's BCa bootstrap (a jackknife of n estimates).
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import sobol_indices


def evaluations(calls: list[np.ndarray], n: int, d: int) -> dict[str, np.ndarray]:
    """``f_A`` (s, n), ``f_B`` (s, n) and ``f_AB`` (d, s, n) from the three calls
    ``scipy.stats.sobol_indices`` makes of the model (A, B, then every AB at once)."""
    f_a, f_b, raw = calls
    return {"f_A": f_a, "f_B": f_b, "f_AB": np.moveaxis(raw.reshape((-1, n, d)), -1, 0)}


def checked(f: dict[str, np.ndarray], n: int, first: np.ndarray, total: np.ndarray) -> None:
    """The evaluations of the first output give scipy's indices again through its
    documented dict form, or a RuntimeError (scipy called the model in another order than
    :func:`evaluations` reads)."""
    one = {"f_A": f["f_A"][:1].copy(), "f_B": f["f_B"][:1].copy(), "f_AB": f["f_AB"][:, :1].copy()}
    again = sobol_indices(func=one, n=n)
    first_again, total_again = np.atleast_2d(again.first_order), np.atleast_2d(again.total_order)
    close = np.allclose(first_again[0], np.atleast_2d(first)[0], rtol=0, atol=1e-12)
    if not close or not np.allclose(total_again[0], np.atleast_2d(total)[0], rtol=0, atol=1e-12):
        raise RuntimeError("scipy.stats.sobol_indices evaluated the model in an unknown order")


def half_widths(
    f: dict[str, np.ndarray], level: float, resamples: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Half widths (s, d) of the first- and total-order intervals at ``level``: z times the
    standard deviation of ``resamples`` bootstrap estimates (0 for an output that does
    not vary: every estimate is 0)."""
    from SALib.analyze import sobol as salib_sobol

    d, s, _ = f["f_AB"].shape
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0, 1]] * d}
    first, total = np.zeros((s, d)), np.zeros((s, d))
    for o in range(s):
        y = np.column_stack([f["f_A"][o], f["f_AB"][:, o].T, f["f_B"][o]]).ravel()
        if np.ptp(y) == 0:
            continue
        with warnings.catch_warnings():  # SALib's notes on constant resamples
            warnings.simplefilter("ignore")
            res = salib_sobol.analyze(problem, y, calc_second_order=False, num_resamples=resamples,
                                      conf_level=level, seed=seed + 1)  # fmt: skip
        first[o], total[o] = res["S1_conf"], res["ST_conf"]
    return first, total
