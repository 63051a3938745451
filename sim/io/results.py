"""Results files: atomic writing, reading, and cleaning up after killed writers."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xarray as xr

from sim.errors import ConfigError
from sim.io import lazy_dask

lazy_dask.install()  # numpy-backed datasets without importing dask.array

# netCDF4 through the netCDF-C library: 0.05 s for the default results against 0.25-0.45 s
# through h5netcdf (h5py), measured by benchmarks/netcdf_writers.py; the files are the same
# format (netCDF4/HDF5), readable by either.
ENGINE = "netcdf4"
# a results path ending so is a Zarr store (a folder: sim.io.zarr_store), read by xarray's
# zarr backend
ZARR_SUFFIX = ".zarr"


def is_zarr(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a Zarr store (``results.zarr``) rather than a netCDF file."""
    return Path(path).suffix == ZARR_SUFFIX


def remove_results(path: Path) -> None:
    """Remove an unreadable results file or Zarr store (left by an interrupted run)."""
    if Path(path).is_dir() and not Path(path).is_symlink():
        shutil.rmtree(path)
    else:
        Path(path).unlink(missing_ok=True)


def tmp_path(path: Path) -> Path:
    """A temporary name next to ``path`` that says which process writes it
    (``.<name>.<pid>-<random>.tmp``), so that :func:`clean_stale_tmp` can tell a killed
    writer's file from a live one's."""
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


def clean_stale_tmp(path: Path) -> list[Path]:
    """Remove temporary files (or Zarr folders) left next to ``path`` by writers that no
    longer run (killed mid-write); those of a live process are left alone. Returns what
    was removed."""
    path = Path(path)
    removed = []
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 : -len(".tmp")].split("-")[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


class RunLockedError(FileExistsError):
    """Another process is running into the same run folder."""

    def __init__(self, path: Path) -> None:
        folder = Path(path).parent
        super().__init__(
            f"{folder}: another cbam-sim run is already running into it (lock "
            f"{lock_path(path).name} held); wait for it to finish or choose another folder"
        )


def lock_path(path: Path) -> Path:
    """The lock file of the run writing ``path``."""
    return Path(path).with_name(f".{Path(path).name}.lock")


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold the lock of the run writing ``path`` (an advisory ``flock`` on a hidden lock
    file, released when the process ends, even when killed, and removed when the run
    ends); :class:`RunLockedError` when another process holds it."""
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(lock, Path(path))
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)  # before releasing: a waiter re-checks the inode
        os.close(fd)


def _acquire(lock: Path, path: Path) -> int:
    """An open descriptor holding the lock on the file now at ``lock``."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunLockedError(path) from None
        try:
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the holder removed the file meanwhile: lock the new one


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def write_atomic(ds: xr.Dataset, path: Path, encoding: dict[str, dict] | None = None) -> Path:
    """Write ``ds`` to ``path`` via a temporary file; never overwrite an existing file.
    ``encoding``: netCDF encoding by variable (compression: :func:`sim.io.stream.encoding`)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; refusing to overwrite another run's results")
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_tmp(path)
    ensure_space(ds, path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        ds.to_netcdf(tmp, engine=ENGINE, encoding=encoding)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.link(tmp, path)  # atomic, and fails if another process wrote path meanwhile
    finally:
        tmp.unlink(missing_ok=True)
    return path


def ensure_space(ds: xr.Dataset, path: Path) -> None:
    """Refuse to start writing ``ds`` to ``path`` when the file system has not the room
    for it (the netCDF library may crash on a full disk instead of raising): ``OSError``
    ENOSPC naming the path."""
    attrs = sum(len(str(v)) for v in ds.attrs.values())
    attrs += sum(len(str(v)) for var in ds.variables.values() for v in var.attrs.values())
    needed = int(ds.nbytes * 1.1) + attrs + (1 << 18)  # data, attributes, HDF5 metadata
    if shutil.disk_usage(Path(path).parent).free < needed:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def open_results(path: str | os.PathLike[str]) -> xr.Dataset:
    """Load a results file (or Zarr store) fully into memory (closed afterwards)."""
    return xr.load_dataset(path, engine="zarr" if is_zarr(path) else ENGINE)


def open_lazy(path: str | os.PathLike[str]) -> xr.Dataset:
    """Open a results file (or Zarr store) without reading its variables (read when used,
    without dask; for files larger than memory)."""
    return xr.open_dataset(path, engine="zarr" if is_zarr(path) else ENGINE, chunks=None)


def output_name(name: Any) -> str:
    """``run.output_file``: a plain file name, written inside the run folder."""
    text = str(name) if name is not None else ""
    if not text.strip() or Path(text).name != text or text in (".", ".."):
        raise ConfigError(
            "run.output_file", text, "expected a file name inside the run folder (no folder)"
        )
    return text
