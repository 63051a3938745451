"""Run one scenario: config -> inputs -> model -> labelled dataset (no CLI, no printing)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xarray as xr
from omegaconf import OmegaConf

from sim.dynamics.simulation import run_chunked
from sim.inputs import checks
from sim.inputs.gate import build_inputs
from sim.io.results import (
    check_finite,
    clean_stale_tmp,
    collect_sources,
    open_results,
    provenance,
    to_dataset,
    write_atomic,
)
from sim.variables import VARIABLES


def simulate(cfg: Mapping[str, Any], extra_attrs: Mapping[str, str] | None = None) -> xr.Dataset:
    """Run the model for a resolved config given as plain dicts (``OmegaConf.to_container``)."""
    inputs = build_inputs(cfg)
    ens = cfg["ensemble"]
    keep = list(ens.get("variables") or [])
    for name in keep:
        checks.choice("ensemble.variables", name, VARIABLES, "output variable")
    chunk = int(checks.number("ensemble.chunk_size", ens.get("chunk_size", 1024), low=1))
    float32 = bool(ens.get("float32", False))
    workers = int(checks.number("ensemble.workers", ens.get("workers", 0), low=0))
    workers = workers or min(4, os.cpu_count() or 1)
    values = run_chunked(
        inputs, chunk, keep, dtype="float32" if float32 else "float64", workers=workers
    )
    attrs = {
        "scenario": str(cfg.get("scenario", {}).get("name", "")),
        "policy": str(cfg["policy"]["name"]),
        "prices": str(cfg["prices"]["name"]),
        "population": str(cfg["population"]["name"]),
        **(extra_attrs or {}),
    }
    config_yaml = OmegaConf.to_yaml(OmegaConf.create(dict(cfg)))
    attrs["config_sha256"] = config_digest(cfg)
    prov = provenance(config_yaml, collect_sources(cfg), int(cfg["run"]["seed"]), attrs)
    return to_dataset(values, inputs, prov, float32=float32)


def config_digest(cfg: Mapping[str, Any]) -> str:
    """SHA-256 of the resolved config that determines the results (``run.quiet`` excluded)."""
    plain = json.loads(json.dumps(cfg, default=str))
    plain.get("run", {}).pop("quiet", None)
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def run_to_file(
    cfg: Mapping[str, Any], output_dir: Path, extra_attrs: Mapping[str, str] | None = None
) -> tuple[xr.Dataset, Path, str]:
    """Simulate and write ``results.nc`` (``run.output_file``) atomically into ``output_dir``.

    Returns the dataset, its path and "done", or "skipped" when the file already holds the
    results of the same resolved config (resume). An unreadable file left by an interrupted
    run is replaced, and temporary files of killed writers are removed; a file from another
    config is never overwritten. A dataset holding NaN or infinity is never written
    (:class:`sim.errors.NonFiniteResultError`).
    """
    path = Path(output_dir) / str(cfg["run"]["output_file"])
    clean_stale_tmp(path)
    if path.exists():  # decide before computing, not after
        try:
            previous = open_results(path)
        except Exception:  # corrupt or truncated: redo it
            path.unlink()
        else:
            if previous.attrs.get("config_sha256") == config_digest(cfg):
                return previous, path, "skipped"
            raise FileExistsError(
                f"{path} exists with the results of another config; refusing to overwrite them"
            )
    ds = simulate(cfg, extra_attrs)
    check_finite(ds)
    return ds, write_atomic(ds, path), "done"
