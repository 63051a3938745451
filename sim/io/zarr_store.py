"""Results as a Zarr store (``results.zarr``) written region by region: the template (the
coordinates, the attributes, and every variable laid out in Zarr chunks of the run's draws
per chunk, nothing of the draws written yet) is written first into a temporary folder
named after the writing process, then each chunk of draws writes its own region of it,
from this process or from any worker that sees the folder (a Dask cluster:
:mod:`sim.zarr_ensemble`). The folder is renamed to ``results.zarr`` only when every
draw is in; a failed chunk (a NaN, a full disk, an interrupt) removes it: there is never a
partial ``results.zarr`` (:func:`sim.io.results.clean_stale_tmp` removes the folder of a
killed writer).

Opened with xarray (:func:`sim.io.results.open_results`), the store holds what the
netCDF file of the same run holds, bit for bit: the same variables, dtypes, coordinates
(strings as wide as their longest label, as netCDF reads them back) and attributes.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import xarray as xr

from sim.io.dataset import check_finite
from sim.io.results import clean_stale_tmp, tmp_path

# Zarr format 2: its fixed-width strings and consolidated metadata are in the
# specification, read by every Zarr library (zarr-python 3.1 warns that format 3 has
# neither: UnstableSpecificationWarning, "consolidated metadata is not part of the spec")
ZARR_FORMAT = 2
# the file of the consolidated metadata, the last thing the template writes
METADATA = ".zmetadata"


def zarr_encoding(ds: xr.Dataset, draws_per_chunk: int, complevel: int = 0) -> dict[str, dict]:
    """Zarr encoding: the variables along ``draw`` in chunks of ``draws_per_chunk`` draws
    by the whole of their other dimensions (so that each chunk of the run writes whole
    Zarr chunks of its own, with no lock), and, with ``complevel`` 1-9, the float data
    variables compressed by Zstandard at that level (Blosc, byte shuffle); otherwise
    Zarr's default compressor."""
    from numcodecs import Blosc

    enc: dict[str, dict[str, Any]] = {}
    for name, var in ds.variables.items():
        spec: dict[str, Any] = {}
        if var.dims[:1] == ("draw",) and name in ds.data_vars:
            spec["chunks"] = (int(draws_per_chunk), *var.shape[1:])
        if complevel and name in ds.data_vars and var.dtype.kind == "f":
            spec["compressors"] = (Blosc("zstd", int(complevel), Blosc.SHUFFLE),)
        if spec:
            enc[str(name)] = spec
    return enc


def fixed_width_strings(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` with its string coordinates as wide as their longest label (``<U12``, not
    the ``<U17`` they were made with): what netCDF gives back, so that the two formats
    read the same."""
    narrow = {}
    for name, var in ds.coords.items():
        if var.dtype.kind == "U":
            width = max([len(str(v)) for v in var.values.ravel()] or [1])
            narrow[name] = var.astype(f"<U{max(width, 1)}")
    return ds.assign_coords(narrow)


class ZarrResults:
    """A results store written region by region (a context manager)::

    with ZarrResults(path, n_draws) as out:
        out.create(template, draws_per_chunk)   # a dataset of one draw (or all)
        for start, ds in chunks:                # any order, any process
            out.add(write_region(out.tmp, ds, start))
    # path exists now, complete; after an exception, neither it nor the temporary does
    """

    def __init__(self, path: Path, n_draws: int, size: int = 0) -> None:
        """``size``: the bytes the store is expected to take; refused at once (``OSError``
        ENOSPC) when the file system has not the room."""
        self.path, self.n_draws = Path(path), int(n_draws)
        if self.path.exists():
            raise FileExistsError(f"{path} exists; refusing to overwrite another run's results")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if shutil.disk_usage(self.path.parent).free < size:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        clean_stale_tmp(self.path)
        self.tmp = tmp_path(self.path).absolute()  # workers elsewhere write into it
        self.written = 0

    def __enter__(self) -> ZarrResults:
        return self

    def create(
        self,
        first: xr.Dataset,
        coords: Mapping[str, Any],
        draws_per_chunk: int,
        complevel: int = 0,
    ) -> None:
        """Write the template: the variables of ``first`` (the labelled results of the
        first draw: their dtypes, shapes and attributes) stretched to :attr:`n_draws`
        along ``draw`` as lazy zeros that are never computed (nothing of the draws is
        written), the variables without ``draw`` written, with ``coords`` (those of the
        whole run, :func:`sim.coordinates.labels`) and the attributes of ``first``. A run
        without a ``draw`` axis (one deterministic draw) is written whole."""
        check_finite(first)
        data_vars = {}
        for name, var in first.data_vars.items():
            if var.dims[:1] == ("draw",):
                import dask.array as da  # only here: lazy arrays of the template

                shape = (self.n_draws, *var.shape[1:])
                data = da.zeros(shape, dtype=var.dtype, chunks=(draws_per_chunk, *shape[1:]))
                data_vars[name] = xr.Variable(var.dims, data, var.attrs)
            else:
                data_vars[name] = var.variable
        ds = xr.Dataset(data_vars, coords=dict(coords), attrs=first.attrs)
        ds = fixed_width_strings(ds)
        enc = zarr_encoding(ds, draws_per_chunk, complevel)
        kw = {"zarr_format": ZARR_FORMAT, "consolidated": True}
        ds.to_zarr(self.tmp, mode="w-", compute=False, encoding=enc, **kw)
        if "draw" not in ds.dims:
            self.written = self.n_draws

    def add(self, n_draws: int) -> None:
        """Count ``n_draws`` more draws written (by :func:`write_region`)."""
        self.written += int(n_draws)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                if self.written != self.n_draws:
                    raise RuntimeError(f"{self.written} of {self.n_draws} draws written")
                self._rename()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _rename(self) -> None:
        """The finished store moved to its path; refused where something is there already
        (another process: the run lock keeps them out). A folder made in between fails the
        rename unless it is empty (then it is replaced: nothing is lost)."""
        refused = FileExistsError(f"{self.path} exists; refusing to overwrite it")
        if self.path.exists():
            raise refused
        try:
            os.rename(self.tmp, self.path)
        except OSError:
            if self.path.exists():
                raise refused from None
            raise


def write_region(store: Path, ds: xr.Dataset, start: int) -> int:
    """Write the draws of ``ds`` (checked for NaN and infinity first) into the region of
    the template ``store`` that begins at draw ``start``; the number of draws written.

    The data variables along ``draw`` are written into their Zarr arrays directly (their
    values are stored as they are: floats have no scale, offset or mask to encode; 3x
    quicker than ``Dataset.to_zarr(region=...)``, which re-reads and checks the store's
    metadata at every call); the coordinates are the template's. Nothing is written
    once the template is gone (the run failed and removed it), nor by a worker that does
    not see it (no shared file system)."""
    import zarr

    check_finite(ds)
    n = int(ds.sizes["draw"])
    if not (Path(store) / METADATA).exists():
        raise FileNotFoundError(
            errno.ENOENT,
            "the run's Zarr store is gone (removed after a failure) or not on a file "
            "system this worker sees",
            str(store),
        )
    group = zarr.open_group(str(store), mode="r+", zarr_format=ZARR_FORMAT)
    for name, var in ds.data_vars.items():
        if var.dims[:1] != ("draw",):
            continue
        array = group[str(name)]
        if array.dtype != var.dtype or array.shape[1:] != var.shape[1:]:
            raise TypeError(f"{name}: {var.dtype} {var.shape} does not fit the store's array")
        array[int(start) : int(start) + n] = var.values
    return n


def write_zarr(ds: xr.Dataset, path: Path, complevel: int = 0, draws_per_chunk: int = 1024) -> Path:
    """Write results held in memory (``ds``) to the Zarr store ``path``, whole or not at
    all; its draws, if any, in Zarr chunks of ``draws_per_chunk``."""
    n = int(ds.sizes.get("draw", 1))
    with ZarrResults(Path(path), n, int(ds.nbytes)) as out:
        first = ds.isel(draw=slice(0, 1)) if "draw" in ds.dims else ds
        out.create(first, ds.coords, min(n, int(draws_per_chunk)), complevel)
        if "draw" in ds.dims:
            out.add(write_region(out.tmp, ds, 0))
    return Path(path)
