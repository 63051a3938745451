"""The user's cache folder: entries that are costly to rebuild and cheap to check (issue 14:
a composed config is 0.4 s of a default run; reading it back is 10 ms).

An entry is a file named by the digest of what it was built from; the caller decides
whether it still holds (:mod:`sim.cli.kept_config` checks every config file it was
composed from). Entries are written whole or not at all (a temporary file, then a
rename), the folder is private to the user (0700) and keeps the :data:`KEEP` most
recently written entries. The cache is an optimisation only: a folder that cannot be
read or written (read-only, full disk, unreadable entry) means no cache, never an error.

``CBAM_SIM_CACHE``: the folder (default ``$XDG_CACHE_HOME/cbam-sim``, else
``~/.cache/cbam-sim``); ``off`` (or ``0``, ``false``, ``no``, empty) turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

ENV = "CBAM_SIM_CACHE"
OFF = {"", "0", "off", "false", "no"}
KEEP = 64  # entries per kind: a composed config is ~0.2 MB
MAX_FILES = 2000  # a config folder with more files is not fingerprinted (no cache)
SUFFIXES = (".yaml", ".yml")  # the files Hydra reads from a config folder


def folder(kind: str) -> Path | None:
    """The cache folder of ``kind`` entries, or None when the cache is off."""
    value = os.environ.get(ENV)
    if value is not None and value.strip().lower() in OFF:
        return None
    if value:
        return Path(value).expanduser() / kind
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cbam-sim" / kind


def read(kind: str, key: str) -> bytes | None:
    """The entry ``key`` of ``kind``, or None (absent, unreadable, cache off)."""
    where = folder(kind)
    if where is None:
        return None
    try:
        return (where / key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    """Keep ``data`` as entry ``key`` of ``kind`` (whole or not at all; silently not at
    all when the folder cannot be written), then drop the oldest beyond :data:`KEEP`."""
    where = folder(kind)
    if where is None:
        return
    tmp = None
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, where / key)
        tmp = None
        _prune(where)
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def drop(kind: str, key: str) -> None:
    """Remove entry ``key`` of ``kind`` (one found unreadable)."""
    where = folder(kind)
    if where is not None:
        try:
            (where / key).unlink(missing_ok=True)
        except OSError:
            pass


def _prune(where: Path) -> None:
    entries = [p for p in where.iterdir() if not p.name.startswith(".")]
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - KEEP]:
        old.unlink(missing_ok=True)


def digest(parts: Iterable[bytes]) -> str:
    """A hex digest of ``parts`` (each length-prefixed, so that no two lists collide)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def tree_fingerprint(root: Path) -> str | None:
    """A digest of the folders and config files under ``root`` (paths and contents), "absent"
    for a missing folder, or None when it has more than :data:`MAX_FILES` files or cannot
    be read (then nothing is kept)."""
    if not root.is_dir():
        return "absent"
    parts: list[bytes] = []
    try:
        for path in _config_files(root):
            name = str(path.relative_to(root)).encode()
            parts += [name, b"/"] if path.is_dir() else [name, path.read_bytes()]
    except (OSError, _TooMany):
        return None
    return digest(parts)


class _TooMany(Exception):
    """More files than :data:`MAX_FILES` under a config folder."""


def _config_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        found += [Path(dirpath, n) for n in dirnames]
        found += [Path(dirpath, n) for n in sorted(filenames) if n.endswith(SUFFIXES)]
        if len(found) > MAX_FILES:
            raise _TooMany
    return found
