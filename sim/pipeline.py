"""Run one scenario: config -> inputs -> model -> labelled dataset (no CLI, no printing)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

import xarray as xr

from sim import checks
from sim.clusters import cluster_settings
from sim.coordinates import labels
from sim.dynamics.batch import chunk_draws, run_chunked
from sim.experiments.design import build_draws
from sim.experiments.levers import declared
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws
from sim.inputs.files import existing_file
from sim.inputs.gate import build_inputs
from sim.inputs.official_tables import shipped_tables
from sim.io.dataset import check_finite, to_dataset
from sim.io.provenance import collect_sources, config_yaml, input_digests, provenance
from sim.io.results import (
    clean_stale_tmp,
    is_zarr,
    output_name,
    remove_results,
    run_lock,
)
from sim.progress import progress_bar
from sim.streaming import (
    RunPlan,
    check_memory,
    open_streamed,
    results_memory,
    stream_to_file,
    write_held,
)
from sim.variables import VARIABLES

# the files a config may name, by key: their content is part of the config digest
INPUT_FILE_KEYS = ("population.entities_file", "prices.weekly_price_file")

# files shipped with the package that the model reads (data tables), by label: hashed like
# the files a config names, so a changed table never passes for the one a run read
SHIPPED_INPUT_FILES: dict[str, Path] = shipped_tables()


def model_inputs(cfg: Mapping[str, Any]) -> tuple[Inputs, Draws]:
    """The validated inputs and the ensemble's draws of a resolved config (plain dicts)."""
    inputs = build_inputs(cfg)
    return inputs, build_draws(cfg["ensemble"], inputs)


def input_files(cfg: Mapping[str, Any]) -> dict[str, Path]:
    """Every file the run reads, by label: the files the config names (an entities file, a
    weekly price file; a named file that does not exist is a :class:`ConfigError`) and the
    shipped data tables (:data:`SHIPPED_INPUT_FILES`)."""
    files = dict(SHIPPED_INPUT_FILES)
    for key in INPUT_FILE_KEYS:
        section, name = key.split(".")
        value = (cfg.get(section) or {}).get(name)
        if value:
            files[key] = existing_file(key, value, "expected the path of a file")
    return files


def simulate(
    cfg: Mapping[str, Any],
    extra_attrs: Mapping[str, str] | None = None,
    digests: Mapping[str, Mapping[str, str]] | None = None,
) -> xr.Dataset:
    """Run the model for a resolved config given as plain dicts (``OmegaConf.to_container``);
    ``digests`` of the input files (:func:`sim.io.provenance.input_digests`, by default
    taken now, before the files are read) go into the digest and the provenance. The
    results are held in memory (``ensemble.stream`` is for :func:`run_to_file`); with
    levers, a run of each policy on the same draws (:mod:`sim.lever_runs`)."""
    digests = input_digests(input_files(cfg)) if digests is None else digests
    if declared(cfg):
        from sim.lever_runs import simulate_levers

        return simulate_levers(cfg, extra_attrs, digests)
    return simulate_plan(cfg, run_plan(cfg), extra_attrs, digests)


def simulate_plan(
    cfg: Mapping[str, Any],
    plan: RunPlan,
    extra_attrs: Mapping[str, str] | None,
    digests: Mapping[str, Mapping[str, str]],
    bar: Any = None,
) -> xr.Dataset:
    """:func:`simulate` of a :func:`run_plan`, in memory; ``bar``: the run's progress bar
    (by default one over the chunks)."""
    check_memory(results_memory(plan))
    # disable=None: tqdm shows the bar only on a terminal; never for a single chunk
    own = bar is None
    if bar is None:
        one = plan.n_chunks == 1
        bar = progress_bar(total=plan.n_chunks, desc="draw chunks", disable=True if one else None)
    with bar if own else nullcontext(bar) as b:  # a bar given is closed by its owner
        dtype = "float32" if plan.float32 else "float64"
        values = run_chunked(
            plan.inputs, plan.draws, plan.chunk, plan.keep, dtype, plan.workers, b.update
        )
        b.update()  # the first chunk (run_chunked reports the others)
    attrs = run_attrs(cfg, extra_attrs, plan.inputs.population.overrides, digests)
    return to_dataset(values, labels(plan.inputs, plan.draws), attrs, plan.float32)


def run_plan(cfg: Mapping[str, Any]) -> RunPlan:
    """The inputs, draws and ensemble settings of a resolved config, checked."""
    inputs, draws = model_inputs(cfg)
    ens = cfg["ensemble"]
    keep = list(ens.get("variables") or [])
    for name in keep:
        checks.choice("ensemble.variables", name, VARIABLES, "output variable")
    if keep:  # the yearly context (CBAM factor, prices, ...) is small: always kept
        keep += [n for n, v in VARIABLES.items() if "entity" not in v.dims and n not in keep]
    size = int(checks.number("ensemble.chunk_size", ens.get("chunk_size", 1024), low=1))
    cells = ens.get("chunk_draw_entities", 0)
    cells = int(checks.number("ensemble.chunk_draw_entities", cells, low=0))
    workers = int(checks.number("ensemble.workers", ens.get("workers", 0), low=0))
    level = (cfg.get("run") or {}).get("compression")  # gzip of results.nc, streamed or not
    level = 0 if level is None else int(checks.number("run.compression", level, low=1, high=9))
    chunk = chunk_draws(size, cells, inputs.population.ids.size)
    plan = RunPlan(
        inputs, draws, keep, chunk, workers or min(4, os.cpu_count() or 1),
        bool(ens.get("float32", False)), level, False,
    )  # fmt: skip
    stream, cluster = ens.get("stream"), cluster_settings(cfg)
    if is_zarr(cfg["run"]["output_file"]):  # a Zarr store is written chunk by chunk
        stream = True
    elif stream is None:  # auto: when the results held in memory would exceed STREAM_ABOVE
        stream = results_memory(plan) > STREAM_ABOVE
    return replace(plan, stream=bool(stream) and len(draws) > 1, cluster=cluster)


# results held in memory above this many bytes are streamed to disk (ensemble.stream: null)
STREAM_ABOVE = 1 << 30
# a streamed results file is loaded after the run when smaller, else opened lazily
LOAD_BELOW = 512 << 20


def run_attrs(
    cfg: Mapping[str, Any],
    extra: Mapping[str, str] | None,
    overrides: tuple[str, ...],
    digests: Mapping[str, Any],
) -> dict[str, str]:
    """The provenance attributes, with the SHA-256 of the official tables the run looked
    its goods up in and every looked-up value an entity overrode, and those of
    the input files (``digests``)."""
    attrs = {
        "scenario": str(cfg.get("scenario", {}).get("name", "")),
        "policy": str(cfg["policy"]["name"]),
        "prices": str(cfg["prices"]["name"]),
        "population": str(cfg["population"]["name"]),
        "overridden_official_values": json.dumps(list(overrides), indent=1, ensure_ascii=False),
        **(extra or {}),
    }
    attrs["config_sha256"] = config_digest(cfg, digests)
    attrs["input_files"] = json.dumps(dict(digests), indent=1)
    return provenance(config_yaml(cfg), collect_sources(cfg), int(cfg["ensemble"]["seed"]), attrs)


# keys that do not change the numbers (results do not depend on the chunking or threads)
NOT_IN_DIGEST = ("run.quiet", "ensemble.workers", "ensemble.chunk_size")
NOT_IN_DIGEST += ("ensemble.chunk_draw_entities", "ensemble.stream", "run.compression")
NOT_IN_DIGEST += ("ensemble.cluster",)  # where the chunks run (sim.clusters)


def config_digest(
    cfg: Mapping[str, Any], digests: Mapping[str, Mapping[str, str]] | None = None, legacy=False
) -> str:
    """SHA-256 of what determines the results: the resolved config (without
    :data:`NOT_IN_DIGEST` and the ``sweep`` section) and the content of every input file
    (``digests``, by default those of the files now; a run without input files keeps the
    digest of its config alone). ``legacy``: that of files written before workers and chunk
    size were left out."""
    digests = input_digests(input_files(cfg)) if digests is None else digests
    plain = json.loads(json.dumps(cfg, default=str))
    plain.pop("sweep", None)  # how a grid is run, not what a run of it computes
    for key in NOT_IN_DIGEST[:1] + NOT_IN_DIGEST[3:] if legacy else NOT_IN_DIGEST:
        section, name = key.split(".")
        plain.get(section, {}).pop(name, None)
    if digests:
        shas = {label: d["sha256"] for label, d in digests.items()}
        plain = {"config": plain, "input_files": shas}
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def same_config(cfg: Mapping[str, Any], digests: Mapping[str, Any]) -> tuple[str, str]:
    """The digests a results file of this config may carry (today's, and that of files
    written before workers and chunk size were left out)."""
    return config_digest(cfg, digests), config_digest(cfg, digests, legacy=True)


def changed_inputs(stored: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """The labels of input files whose content differs between two :func:`input_digests`."""
    labels = sorted(set(stored) | set(now))
    return [
        k for k in labels if (stored.get(k) or {}).get("sha256") != (now.get(k) or {}).get("sha256")
    ]


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
    path = Path(output_dir) / output_name(cfg["run"].get("output_file"))
    with run_lock(path):  # another process running into the folder: RunLockedError
        return _run_locked(cfg, path, extra_attrs)


def _run_locked(
    cfg: Mapping[str, Any], path: Path, extra_attrs: Mapping[str, str] | None
) -> tuple[xr.Dataset, Path, str]:
    clean_stale_tmp(path)
    digests = input_digests(input_files(cfg))
    previous = _previous(cfg, path, digests)  # decide before computing, not after
    if previous is not None:
        return previous, path, "skipped"
    if declared(cfg):  # a run of each policy on the same draws, into one file
        from sim.lever_runs import levers_to_file

        cluster_settings(cfg)  # refuses a Zarr store (or a cluster) for policies
        return levers_to_file(cfg, path, extra_attrs, digests), path, "done"
    many = int((cfg.get("ensemble") or {}).get("n", 1)) > 1
    # one bar for the whole run (on a terminal, for an ensemble): inputs and draws, the
    # chunks, the writing
    with progress_bar(desc="inputs and draws", unit="step", disable=None if many else True) as bar:
        plan = run_plan(cfg)
        bar.reset(total=plan.n_chunks + 1)
        bar.set_description("draw chunks" + (" (to disk)" if plan.stream else ""))
        if not plan.stream:
            ds = simulate_plan(cfg, plan, extra_attrs, digests, bar)
            check_finite(ds)
            bar.set_description(f"writing {path.name}")
            write_held(ds, path, plan.complevel)
            bar.update()
            return ds, path, "done"
        if plan.cluster is None:
            check_memory(results_memory(plan, streamed=True))
        attrs = run_attrs(cfg, extra_attrs, plan.inputs.population.overrides, digests)
        if is_zarr(path):  # region by region, here or on a cluster (sim.zarr_ensemble)
            from sim.zarr_ensemble import write_store

            write_store(plan, path, attrs, bar)
        else:
            stream_to_file(plan, path, attrs, bar)
        bar.update()
    return open_streamed(path, LOAD_BELOW), path, "done"


def _previous(cfg: Mapping[str, Any], path: Path, digests: Mapping[str, Any]) -> Any:
    """The results already at ``path`` when they are of this config (None when there are
    none, or unreadable ones, removed); another config's: :class:`FileExistsError`."""
    if not path.exists():
        return None
    try:
        previous = open_streamed(path, LOAD_BELOW)
    except Exception:  # corrupt or truncated: redo it
        remove_results(path)
        return None
    if previous.attrs.get("config_sha256") in same_config(cfg, digests):
        return previous
    raise FileExistsError(f"{path} exists with the results of {_other(previous, digests)}")


def _other(previous: xr.Dataset, digests: Mapping[str, Any]) -> str:
    """What differs from the results already in a run folder, for the refusal message."""
    try:
        stored = json.loads(previous.attrs.get("input_files", "{}"))
    except ValueError:
        stored = {}
    changed = changed_inputs(stored, digests)
    if changed and stored:
        return (
            f"another config (input file {', '.join(changed)} changed); refusing to overwrite them"
        )
    return "another config; refusing to overwrite them"
