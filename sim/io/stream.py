"""Results streamed to disk chunk by chunk: each chunk of draws is appended along ``draw``
(a netCDF4 unlimited dimension) to a temporary file named after the writing process,
which is renamed to ``results.nc`` only when every chunk is in (:func:`sim.io.results.
clean_stale_tmp` removes the file of a killed writer). A failed chunk (a NaN, a full disk,
an interrupt) removes the temporary file: there is never a partial ``results.nc``.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

import netCDF4
import numpy as np
import xarray as xr

from sim.io.dataset import check_finite
from sim.io.results import ENGINE, clean_stale_tmp, tmp_path

HDF5_CHUNK_BYTES = 4 << 20  # at most 4 MiB per HDF5 chunk of a draw variable
# the HDF5 chunk cache of each variable while appending: every append writes whole chunks
# (their draws divide the chunk's), so no cache is needed; netCDF-C's default (16-64 MiB
# a variable) held most of the file in memory until it was closed (1.4 GiB at 1e4 draws)
CACHE_BYTES = 1 << 20
LEVER = "lever"  # the leading dimension of a file of policies (sim.experiments.levers)


def encoding(ds: xr.Dataset, complevel: int = 0, draws_per_chunk: int = 0) -> dict[str, dict]:
    """netCDF encoding of the data variables: gzip (zlib with the shuffle filter) at
    ``complevel`` (0: none) and, with ``draws_per_chunk``, HDF5 chunks of that many draws
    (fewer when they would exceed :data:`HDF5_CHUNK_BYTES`) by the whole of the other
    dimensions."""
    enc: dict[str, dict[str, Any]] = {}
    for name, var in ds.variables.items():
        spec: dict[str, Any] = {}
        if complevel and name in ds.data_vars and var.dtype.kind == "f":
            spec.update(zlib=True, complevel=int(complevel), shuffle=True)
        at = var.dims.index("draw") if "draw" in var.dims[:2] else -1
        if draws_per_chunk and (at == 0 or (at == 1 and var.dims[0] == LEVER)):
            per_draw = max(
                1, var.dtype.itemsize * int(np.prod(var.shape[at + 1 :], dtype=np.int64))
            )
            spec["chunksizes"] = (1,) * at  # one policy a chunk, in a file of levers
            spec["chunksizes"] += (_divisor(draws_per_chunk, HDF5_CHUNK_BYTES // per_draw),)
            spec["chunksizes"] += var.shape[at + 1 :]
        if spec:
            enc[str(name)] = spec
    return enc


def _divisor(n: int, most: int) -> int:
    """The largest divisor of ``n`` not above ``most`` (at least 1)."""
    return next(d for d in range(max(1, min(int(n), int(most))), 0, -1) if n % d == 0)


class StreamedResults:
    """A results file written chunk by chunk (a context manager)::

    with StreamedResults(path, n_draws, complevel) as out:
        for ds in chunks:      # datasets of consecutive draws, the first one first
            out.append(ds)
    # path exists now, complete; after an exception, neither it nor the temporary does

    With ``n_levers``, a file of policies: each chunk has a leading ``lever`` dimension of
    one policy, appended with its index (``out.append(ds, lever=i)``), the policies in
    order and each one's draws in order.
    """

    def __init__(
        self, path: Path, n_draws: int, complevel: int = 0, size: int = 0, n_levers: int = 0
    ) -> None:
        """``size``: the bytes the file is expected to take; refused at once (``OSError``
        ENOSPC) when the file system has not the room (the netCDF library may crash on a
        full disk instead of raising)."""
        self.path, self.n_draws, self.complevel = Path(path), int(n_draws), int(complevel)
        if self.path.exists():
            raise FileExistsError(f"{path} exists; refusing to overwrite another run's results")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if shutil.disk_usage(self.path.parent).free < size:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        clean_stale_tmp(self.path)
        self.tmp = tmp_path(self.path)
        self.written = [0] * max(1, int(n_levers))  # draws written, per policy
        self.levers = int(n_levers)
        self._nc: netCDF4.Dataset | None = None

    def __enter__(self) -> StreamedResults:
        return self

    def append(self, ds: xr.Dataset, lever: int = 0) -> None:
        """Append the draws of ``ds`` (checked for NaN and infinity first); ``lever``: the
        index of its policy in a file of levers."""
        check_finite(ds)
        if self._nc is None:  # the first chunk lays out the file: xarray's own encoding
            ds.to_netcdf(
                self.tmp,
                engine=ENGINE,
                unlimited_dims=[LEVER, "draw"] if self.levers else ["draw"],
                encoding=encoding(ds, self.complevel, ds.sizes["draw"]),
            )
            self._nc = netCDF4.Dataset(self.tmp, "a")
            self._nc.set_auto_maskandscale(False)
            for var in self._nc.variables.values():
                if "draw" in var.dimensions[:2]:
                    var.set_var_chunk_cache(size=CACHE_BYTES)
        else:
            a, b = self.written[lever], self.written[lever] + ds.sizes["draw"]
            for name, var in ds.variables.items():
                at = _where(var.dims, lever, a, b)
                if at is not None:
                    self._nc[name][at] = var.values[(0,) if var.dims[0] == LEVER else ()]
        self.written[lever] += ds.sizes["draw"]

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._nc is not None:
                self._nc.close()
            if kind is None:
                if any(w != self.n_draws for w in self.written):
                    raise RuntimeError(f"{self.written} of {self.n_draws} draws written")
                with open(self.tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                os.link(self.tmp, self.path)  # atomic; fails if another process wrote path
        finally:
            self.tmp.unlink(missing_ok=True)


def _where(dims: tuple, lever: int, a: int, b: int) -> tuple | None:
    """Where a chunk's variable of ``dims`` goes in the file: draws ``a:b`` (of policy
    ``lever`` in a file of levers); None for what the first chunk wrote for good."""
    if dims[:1] == ("draw",):
        return (slice(a, b),)
    if dims[:1] == (LEVER,):
        return (lever, slice(a, b)) if dims[1:2] == ("draw",) else (lever,)
    return None
