"""Digests of a results dataset for the golden-equality test (refactors change no number).

Each variable and coordinate is reduced to the SHA-256 of its raw bytes (with dtype,
dims and shape) and, for numeric arrays, to its sum, sum of absolute values and a
position-weighted sum (which catches cells moved to other positions). The
hashes prove bit-for-bit equality on a machine whose numpy dispatches the same SIMD
kernels as the one that made the file; elsewhere transcendental functions (exp, tanh,
power) may round differently in the last place, and the sums are compared with a
relative tolerance instead (see ``tests/golden/test_golden_results.py``).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import xarray as xr

# provenance attributes that legitimately differ between two runs of the same config
VOLATILE_ATTRS = {"created", "git_commit", "overrides", "package_version", "config_yaml"}


def array_digest(values: np.ndarray, dims: tuple[str, ...]) -> dict[str, Any]:
    """SHA-256 of dtype, dims, shape and bytes; sum and absolute sum for numbers."""
    a = np.ascontiguousarray(values)
    h = hashlib.sha256(f"{a.dtype.str}|{','.join(dims)}|{a.shape}|".encode())
    if a.dtype.kind in "US":
        h.update("\x1f".join(map(str, a.ravel())).encode())
        return {"sha256": h.hexdigest()}
    h.update(a.tobytes())
    out: dict[str, Any] = {"sha256": h.hexdigest()}
    if a.dtype.kind in "fiub":
        f = a.astype(np.float64)
        out["sum"] = float(f.sum())
        out["abs_sum"] = float(np.abs(f).sum())
        # position-weighted: a permutation of cells (entities reordered) changes it
        weights = np.arange(f.size) % 97 + 1.0
        out["weighted_sum"] = float(f.ravel() @ weights)
    return out


def dataset_digest(ds: xr.Dataset) -> dict[str, Any]:
    """Digest of every data variable and coordinate, with their units and long names."""
    out: dict[str, Any] = {}
    for kind, names in (("coord", ds.coords), ("var", ds.data_vars)):
        for name in sorted(names):
            v = ds[name].variable
            d = array_digest(v.values, tuple(v.dims))
            d["attrs"] = {k: str(v.attrs[k]) for k in ("units", "long_name") if k in v.attrs}
            out[f"{kind}:{name}"] = d
    return out


def numpy_simd() -> list[str]:
    """The SIMD targets numpy dispatches to on this machine."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return sorted(t for t in __cpu_dispatch__ if __cpu_features__.get(t))
