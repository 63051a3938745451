"""Provenance of a results file: version, commit, time, seed, the resolved config and the
source of every parameter."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import pickle
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sim import __version__
from sim.errors import ConfigError


def provenance(
    config_yaml: str, sources: Mapping[str, str], seed: int, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Global attributes that let a results file be traced and re-run."""
    return {
        "cbam_sim_version": __version__,
        "git_commit": git_commit(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": str(seed),
        "config": config_yaml,
        "sources": json.dumps(dict(sources), indent=1, ensure_ascii=False),
        **(extra or {}),
    }


def config_yaml(cfg: Mapping[str, Any]) -> str:
    """A resolved config (plain dicts) as YAML, in the order of its keys: what
    :func:`stored_config` reads back. The C dumper of PyYAML when it is built (13 ms for
    the default config against 0.24 s through OmegaConf, issue 14). Each top-level
    section is dumped on its own and kept by its ``repr`` (exact: keys in order, types and
    values): repeated runs that change a lever dump only the section it is in."""
    return "".join(_section_yaml(key, value) for key, value in cfg.items())


_SECTIONS: dict[tuple[str, bytes], str] = {}  # (key, digest of the section's repr) -> YAML
_SECTIONS_KEPT = 64


def _section_yaml(key: str, value: Any) -> str:
    import yaml

    seen = (key, hashlib.blake2b(repr(value).encode()).digest())
    if seen not in _SECTIONS:
        if len(_SECTIONS) >= _SECTIONS_KEPT:
            _SECTIONS.pop(next(iter(_SECTIONS)), None)  # the oldest
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        _SECTIONS[seen] = yaml.dump(
            {key: value}, Dumper=dumper, sort_keys=False, allow_unicode=True,
            default_flow_style=False,
        )  # fmt: skip
    return _SECTIONS[seen]


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_digests(
    files: Mapping[str, str | Path] | Iterable[str | Path],
) -> dict[str, dict[str, str]]:
    """The path and SHA-256 of each input file, by label (a config key such as
    ``population.entities_file``, or the path itself when ``files`` is a plain list): what
    the config digest and the ``input_files`` attribute of a results file hold, so that an
    edited file never passes for the one a run read. A file that cannot be read is a
    :class:`ConfigError` naming its label."""
    labelled = files.items() if isinstance(files, Mapping) else ((str(f), f) for f in files)
    out: dict[str, dict[str, str]] = {}
    for label, path in labelled:
        try:
            out[str(label)] = {"path": str(path), "sha256": file_sha256(path)}
        except OSError as err:
            raise ConfigError(str(label), str(path), f"cannot read it ({err.strerror})") from None
    return out


@functools.lru_cache(maxsize=1)
def git_commit() -> str:
    """The commit of the source tree the package runs from, or "unknown" (asked of git
    once per process: two subprocesses, 5-10 ms, on every in-process run otherwise)."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def collect_sources(cfg: Any, prefix: str = "") -> dict[str, str]:
    """Every ``*_source`` / ``source`` string of a resolved config, keyed by its path."""
    found: dict[str, str] = {}
    if isinstance(cfg, Mapping):
        for key, value in cfg.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, str) and (key == "source" or str(key).endswith("_source")):
                if value:
                    found[path] = value
            else:
                found.update(collect_sources(value, path))
    return found


def stored_config(ds: Any, where: str = "results", required: bool = False) -> dict[str, Any]:
    """The resolved config stored in a results dataset's ``config`` attribute (YAML), the
    one place that parses it; an empty mapping when there is none, unless ``required``."""
    import yaml

    text = ds.attrs.get("config")
    if not isinstance(text, str) or not text.strip():
        if required:
            raise ConfigError(f"{where} attribute config", text, "no resolved config stored")
        return {}
    try:
        cfg = pickle.loads(_parsed(text))  # a fresh copy each time: callers may change it
    except yaml.YAMLError as err:
        raise ConfigError(f"{where} attribute config", "<YAML>", f"unreadable ({err})") from None
    if not isinstance(cfg, dict):
        raise ConfigError(f"{where} attribute config", cfg, "expected a mapping")
    return cfg


@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> bytes:
    """The stored config ``text`` parsed once (libyaml's parser where installed; about
    0.2 s in Python for a default run's config, read several times by one report)."""
    import yaml

    return pickle.dumps(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


# a collected sweep (sim.experiments.collection): each job's provenance, as JSON on the
# swept dimensions, and the mask of the cells a job really holds (an entity of its population)
JOB_PROVENANCE = "job_provenance"
PRESENT = "present"
# the global attributes of a results file that belong to its job, kept per job
JOB_ATTRS = (
    "scenario",
    "policy",
    "prices",
    "population",
    "overrides",
    "config",
    "config_sha256",
    "input_files",
    "sources",
    "seed",
)
