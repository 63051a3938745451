"""xarray without importing ``dask.array`` until something else does (issue 14: start-up).

With dask installed (the ``scale`` extra), xarray asks "is this a dask array?" for every
variable it builds, and to answer it imports ``dask.array``: 0.3-0.4 s of a 1 s default
run that holds numpy arrays only. No dask array can exist before ``dask.array`` is
imported, so until then the answer is "no" without importing it; once anything imports
it (``cbam-collect`` opening files lazily, a user's notebook), xarray's real record of
dask is used. :func:`install` puts this record in xarray's cache of array modules (a
private name: when it is gone, nothing is installed and xarray imports dask as before).
It also answers xarray's "is this a dask collection?" and the netCDF writer's "which
dask scheduler runs?" while dask is not imported at all, instead of importing dask to
ask (70 ms).
"""

from __future__ import annotations

import sys
from typing import Any


class LazyDaskRecord:
    """Stands for xarray's ``DuckArrayModule("dask")`` until dask.array is imported."""

    def __init__(self, cache: dict[str, Any], record: type) -> None:
        self._cache, self._record = cache, record

    @property
    def type(self) -> tuple[type, ...]:
        """The dask array type once dask.array is imported; before, no array is one."""
        array = sys.modules.get("dask.array")
        if array is not None and hasattr(array, "Array"):
            return self._real().type
        return ()

    def _real(self) -> Any:
        real = self._record("dask")
        self._cache["dask"] = real
        return real

    def __getattr__(self, name: str) -> Any:
        """``module``, ``version``, ``available``: those of the real record."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real(), name)


def install() -> bool:
    """Put the lazy record in xarray's cache unless dask.array is imported already or the
    cache is not where it was (xarray 2024-2026); True when installed."""
    try:
        from xarray.namedarray import pycompat

        cache = pycompat._cached_duck_array_modules
        record = pycompat.DuckArrayModule
    except (ImportError, AttributeError):
        return False
    if "dask" in cache or "dask.array" in sys.modules or not isinstance(cache, dict):
        return False
    cache["dask"] = LazyDaskRecord(cache, record)
    _lazy_collection_check()
    return True


def _lazy_collection_check() -> None:
    """xarray's ``is_dask_collection`` (called for every array it wraps) and the netCDF
    writer's ``get_dask_scheduler`` answer "no" and None without importing dask while dask
    is not imported: only dask builds a dask graph or runs a scheduler."""
    from xarray.backends import locks, writers
    from xarray.namedarray import utils

    _unless_dask(utils, "is_dask_collection", False)
    for module in (locks, writers):  # writers holds its own reference
        _unless_dask(module, "get_dask_scheduler", None)


def _unless_dask(module: Any, name: str, answer: Any) -> None:
    """Replace ``module.name`` by a function that gives ``answer`` while dask is not
    imported and asks the original once it is (a missing name is left alone)."""
    asks_dask = getattr(module, name, None)
    if asks_dask is None or getattr(asks_dask, "lazy", False):
        return

    def unless_dask(*args: Any, **kwargs: Any) -> Any:
        return asks_dask(*args, **kwargs) if "dask" in sys.modules else answer

    unless_dask.lazy = True  # type: ignore[attr-defined]
    setattr(module, name, unless_dask)
