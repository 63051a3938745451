"""Hydra's two costly steps of a composition, done once per set of group choices and kept
(issue 14: a default run at most 2x the import floor, a sweep job at most 0.3 s).

Each composition builds a defaults list from the group choices (0.18 s of a default run)
and merges the ~40 config files it names into the typed schemas (0.45 s); Hydra then
applies the value overrides (``policy.cscf=0.9``, ``hydra.run.dir=...``) to the merged
config, and that part is left to Hydra every time. Within :func:`compositions_kept`:

- **in the command**: each distinct set of group choices is listed and merged once, with
  a pickled copy for each use. A sweep (``-m``) composes every job twice (the basic
  sweeper first checks that each composes, then the launcher composes it to run it).
- **between commands**: both are kept in the cache folder (:mod:`sim.io.cache`), under
  the digest of the call and of what Hydra composes with: the versions (Python, Hydra,
  OmegaConf, cbam-sim), the working directory, the search path and the contents of
  Hydra's ConfigStore (the schemas, the named scenarios). An entry holds a digest of every
  folder and YAML file under each config source (the shipped configs, ``--config-dir``,
  Hydra's own), and is used only while all of them are unchanged: any edit, added or
  removed file means a fresh composition. ``CBAM_SIM_CACHE=off`` turns this part off.

What is kept is what Hydra's code returned (pickled: values, types, flags), before any
value override and before anything is resolved. Deletions (``~group``) and appended
groups (``+group=x``) go to Hydra every time; a composition that warned is not written to
the cache folder (its warning would not be shown again).
"""

from __future__ import annotations

import os
import pickle
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from sim.io import cache

KIND = "compositions"
SCHEMAS = "schemas"  # the ConfigStore after registering the schemas and scenarios


@contextmanager
def compositions_kept() -> Iterator[None]:
    """Within the block, Hydra lists and merges each set of group choices once, and reads
    them back from the cache folder while their config sources are unchanged."""
    from hydra._internal import config_loader_impl as loader

    merge, defaults = (
        loader.ConfigLoaderImpl._compose_config_from_defaults_list,
        loader.create_defaults_list,
    )
    kept = Kept(persist=cache.folder(KIND) is not None)
    loader.ConfigLoaderImpl._compose_config_from_defaults_list = kept.merging(merge)  # type: ignore[method-assign]
    loader.create_defaults_list = kept.listing(defaults)
    try:
        yield
    finally:
        loader.ConfigLoaderImpl._compose_config_from_defaults_list = merge  # type: ignore[method-assign]
        loader.create_defaults_list = defaults


class Kept:
    """Pickled results of Hydra's steps by key: in memory, and in the cache folder."""

    def __init__(self, persist: bool) -> None:
        self.persist = persist
        self.memory: dict[str, bytes] = {}  # pickled results by key
        self.lists: dict[str, Any] = {}  # defaults lists by key, shared by their calls
        self.prints: dict[tuple[tuple[str, str], ...], list[str | None]] = {}
        self.store: bytes | None = None

    def merging(self, original: Callable[..., Any]) -> Callable[..., Any]:
        """Hydra's merge of a defaults list, once per list; a fresh copy each call."""

        def merge(loader: Any, defaults: list, repo: Any) -> Any:
            key = self.key("merge", [repr(d) for d in defaults], repo)
            data = self.get(key, repo) or self.made(
                key, repo, lambda: original(loader, defaults=defaults, repo=repo)
            )
            return pickle.loads(data)  # the caller applies the job's overrides to it

        return merge

    def listing(self, original: Callable[..., Any]) -> Callable[..., Any]:
        """Hydra's defaults list, once per set of group choices; each call gets its own
        value overrides (Hydra's ``Overrides`` tells them apart)."""
        from hydra._internal.defaults_list import DefaultsList, Overrides

        def create(repo: Any, config_name: Any, overrides_list: list, prepend_hydra: bool,
                   skip_missing: bool) -> DefaultsList:  # fmt: skip
            mine = Overrides(repo=repo, overrides_list=overrides_list)
            args = (repo, config_name, overrides_list, prepend_hydra, skip_missing)
            if mine.deletions or mine.append_group_defaults:
                return original(*args)
            values = {id(o) for o in mine.config_overrides}
            choices = [o.input_line for o in overrides_list if id(o) not in values]
            key = self.key("defaults", [config_name, prepend_hydra, skip_missing, choices], repo)
            first = self.lists.get(key)
            if first is None:
                data = self.get(key, repo) or self.made(key, repo, lambda: original(*args))
                first = self.lists[key] = pickle.loads(data)
            return DefaultsList(
                defaults=first.defaults,
                defaults_tree=first.defaults_tree,
                config_overrides=mine.config_overrides,
                overrides=first.overrides,  # its known choices: the same for the same choices
            )

        return create

    def key(self, step: str, call: list[Any], repo: Any) -> str:
        """The digest of a step's call and of what Hydra composes with (not the files:
        their fingerprints are checked against the entry)."""
        return cache.digest([step.encode(), repr(call).encode(), *self.context(repo)])

    def context(self, repo: Any) -> list[bytes]:
        """What a composition depends on besides its call and its files."""
        if self.store is None:  # once per command: what registered configs it has
            from hydra.core.config_store import ConfigStore

            self.store = pickle.dumps(ConfigStore.instance().repo)
        return [repr((_versions(), os.getcwd(), sources_of(repo))).encode(), self.store]

    def get(self, key: str, repo: Any) -> bytes | None:
        """The kept result of ``key``: from memory, else from a cache entry whose config
        sources are unchanged."""
        if key in self.memory:
            return self.memory[key]
        entry = cache.read(KIND, key) if self.persist else None
        if entry is None:
            return None
        try:
            prints, data = pickle.loads(entry)
        except Exception:  # written by another version, or damaged: composed afresh
            cache.drop(KIND, key)
            return None
        if prints != self.fingerprints(repo):
            return None
        self.memory[key] = data
        return data

    def made(self, key: str, repo: Any, step: Callable[[], Any]) -> bytes:
        """Run Hydra's ``step``, keep its result, and return it pickled."""
        with warnings.catch_warnings(record=True) as caught:
            data = pickle.dumps(step(), protocol=pickle.HIGHEST_PROTOCOL)
        for w in caught:  # shown as they would have been
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
        self.memory[key] = data
        prints = self.fingerprints(repo)
        if self.persist and not caught and None not in prints:
            cache.write(KIND, key, pickle.dumps((prints, data), protocol=pickle.HIGHEST_PROTOCOL))
        return data

    def fingerprints(self, repo: Any) -> list[str | None]:
        """A digest of each config source's folders and YAML files, once per command."""
        sources = sources_of(repo)
        if sources not in self.prints:
            self.prints[sources] = [fingerprint(scheme, path) for scheme, path in sources]
        return self.prints[sources]


def sources_of(repo: Any) -> tuple[tuple[str, str], ...]:
    """(scheme, path) of each config source of Hydra's config repository."""
    return tuple((s.scheme(), s.path) for s in repo.get_sources())


def fingerprint(scheme: str, path: str) -> str | None:
    """The digest of a config source's folder; the ConfigStore (``structured``) is part
    of the key instead; None for a source that is not checked (then nothing is kept)."""
    if scheme == "structured":
        return "store"
    if scheme == "file":
        return cache.tree_fingerprint(Path(path))
    if scheme == "pkg":
        try:
            root = resources.files(path.replace("/", "."))
        except (ModuleNotFoundError, TypeError, ValueError):
            return "absent"
        folder = Path(str(root))  # a package inside a zip file: not checked, nothing kept
        return cache.tree_fingerprint(folder) if folder.is_dir() else None
    return None  # a source of a plugin's kind


def schemas_registered() -> None:
    """:func:`sim.config.store.register_configs`, its ConfigStore read back from the cache
    folder while nothing it registers from has changed (50 ms of a default run against 3
    ms): the key covers the versions, the ConfigStore before (Hydra's and its plugins'
    configs) and :func:`sim.config.store.registered_from` (the schemas' source, the named
    scenario files)."""
    from hydra.core.config_store import ConfigStore

    from sim.config.store import register_configs, registered_from

    store = ConfigStore.instance()
    if cache.folder(SCHEMAS) is None:
        register_configs()
        return
    before = pickle.dumps(store.repo, protocol=pickle.HIGHEST_PROTOCOL)
    key = cache.digest([repr(_versions()).encode(), before, *registered_from()])
    entry = cache.read(SCHEMAS, key)
    if entry is not None:
        try:
            store.repo = pickle.loads(entry)
            return
        except Exception:  # written by another version, or damaged: registered afresh
            cache.drop(SCHEMAS, key)
    register_configs()
    cache.write(SCHEMAS, key, pickle.dumps(store.repo, protocol=pickle.HIGHEST_PROTOCOL))


def _versions() -> tuple[str, ...]:
    import hydra
    import omegaconf

    return (sys.version, hydra.__version__, omegaconf.__version__, _own_version())


def _own_version() -> str:
    try:
        return metadata.version("cbam-sim")
    except metadata.PackageNotFoundError:
        return "unknown"
