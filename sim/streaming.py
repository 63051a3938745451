"""An ensemble streamed to its results file: each chunk of draws is labelled, checked and
appended to the file as soon as it is computed (:mod:`sim.io.stream`), so that memory is
set by the chunk, not by the number of draws (issue 14). The numbers are those of the
run held in memory, bit for bit: the chunks are the same and are written in draw order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from sim.axes import GASES, POWER_KINDS
from sim.clusters import ClusterSettings
from sim.coordinates import labels
from sim.dynamics.batch import n_chunks, run_streamed
from sim.errors import ConfigError
from sim.inputs.arrays import PARK_ASSETS, Inputs
from sim.inputs.draws import Draws
from sim.io.dataset import to_dataset
from sim.io.results import is_zarr, open_lazy, write_atomic
from sim.io.stream import StreamedResults, encoding
from sim.variables import VARIABLES


@dataclass(frozen=True)
class RunPlan:
    """How a run is carried out: its inputs and draws, the variables kept (all when
    empty), the draws per chunk, the threads, the stored precision, the gzip level,
    whether the results are streamed to disk, and the Dask cluster its chunks run on
    (None: this process)."""

    inputs: Inputs
    draws: Draws
    keep: list[str]
    chunk: int
    workers: int
    float32: bool
    complevel: int
    stream: bool
    cluster: ClusterSettings | None = None

    @property
    def n_chunks(self) -> int:
        """How many chunks the draws make."""
        return n_chunks(len(self.draws), self.chunk)


def stream_to_file(plan: RunPlan, path: Path, attrs: dict[str, str], bar: Any = None) -> None:
    """Run ``plan`` chunk by chunk into ``path`` (written whole or not at all); ``bar``: a
    progress bar advanced by each chunk and by the final write."""
    with StreamedResults(path, len(plan.draws), plan.complevel, file_size(plan)) as out:
        stream_chunks(plan, out, attrs, bar)
        if bar is not None:
            bar.set_description(f"writing {path.name}")


def stream_chunks(
    plan: RunPlan,
    out: StreamedResults,
    attrs: dict[str, str],
    bar: Any = None,
    lever: int = 0,
    tag: Callable[[xr.Dataset], xr.Dataset] | None = None,
) -> None:
    """Run ``plan`` chunk by chunk, each chunk labelled and appended to ``out``; in a file
    of levers, as policy ``lever``, each chunk given its lever dimension by ``tag``."""
    coords = labels(plan.inputs, plan.draws)

    def sink(start: int, arrays: dict[str, np.ndarray]) -> None:
        stop = start + draws_in(arrays)
        ds = to_dataset(arrays, slice_draws(coords, start, stop), attrs, plan.float32)
        out.append(ds if tag is None else tag(ds), lever)
        if bar is not None:
            bar.update()

    run_streamed(plan.inputs, plan.draws, plan.chunk, sink, plan.keep, plan.workers)


def file_size(plan: RunPlan) -> int:
    """The bytes a streamed results file is expected to take: its data uncompressed, a
    quarter of it with gzip (measured: 4.2x smaller at level 1)."""
    names = plan.keep or list(VARIABLES)
    data = memory_needed(plan.inputs, len(plan.draws), names, 4 if plan.float32 else 8) // 2
    return data // 4 if plan.complevel else data


def draws_in(arrays: dict[str, np.ndarray]) -> int:
    """The number of draws of a chunk's arrays."""
    return next(v.shape[0] for k, v in arrays.items() if VARIABLES[k].dims[0] == "draw")


def slice_draws(coords: dict[str, tuple], start: int, stop: int) -> dict[str, Any]:
    """The coordinates of draws ``start:stop`` (those along ``draw`` sliced)."""
    return {k: (v[0], v[1][start:stop], *v[2:]) if v[0] == "draw" else v for k, v in coords.items()}


def memory_needed(inp: Inputs, n_draws: int, names: list[str], itemsize: int) -> int:
    """Bytes of the results of a run: every kept variable, twice (the arrays the chunks
    fill and the dataset written from them)."""
    t = int(inp.years.size)
    sizes = {
        "draw": n_draws,
        "year": t,
        "entity": int(inp.population.ids.size),
        "quarter": 4 * (t + 1),
        "option": int(inp.technology.ids.size),
        "production_route": int(inp.technology.routes.size),
        "power_kind": len(POWER_KINDS),
        "link": inp.links.size,
        "park_id": int(inp.parks.ids.size),
        "park_asset": len(PARK_ASSETS),
        "gas": len(GASES),
    }
    cells = sum(int(np.prod([sizes[d] for d in VARIABLES[n].dims])) for n in names)
    return 2 * cells * itemsize


def open_streamed(path: Path, load_below: int) -> xr.Dataset:
    """The results of a streamed run: loaded when smaller than ``load_below`` bytes, else
    opened lazily (the variables read when used)."""
    ds = open_lazy(path)
    if ds.nbytes >= load_below:
        return ds
    with ds:  # loaded, then the file is closed (as open_results)
        return ds.load()


def available_memory() -> int | None:
    """Bytes of memory available now (``MemAvailable``), or None where unknown."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def check_memory(needed: int) -> None:
    """Refuse, before the run, an ensemble whose results would not fit in memory."""
    free = available_memory()
    if free is not None and needed > free:
        raise ConfigError(
            "ensemble.n",
            f"~{needed / 1e9:.1f} GB needed, {free / 1e9:.1f} GB available",
            "the results would not fit in memory: lower ensemble.n or ensemble.chunk_size, "
            "keep fewer variables (ensemble.variables=[cbam_cost]), set ensemble.float32=true "
            "or stream them to disk (ensemble.stream=true, with cbam-sim)",
        )


def results_memory(plan: RunPlan, streamed: bool = False) -> int:
    """Bytes the results of ``plan`` need: held in memory, every draw
    (:func:`memory_needed`); streamed, the chunks alive at once (one per thread and the
    one being written), each in float64 as the model makes it and its labelled copy."""
    names = plan.keep or list(VARIABLES)
    if not streamed:
        return memory_needed(plan.inputs, len(plan.draws), names, 4 if plan.float32 else 8)
    return (plan.workers + 1) * memory_needed(plan.inputs, plan.chunk, names, 8)


def write_held(ds: xr.Dataset, path: Path, complevel: int) -> None:
    """Write results held in memory: netCDF (atomically), or a Zarr store of one run."""
    if is_zarr(path):
        from sim.io.zarr_store import write_zarr

        write_zarr(ds, path, complevel)
    else:
        write_atomic(ds, path, encoding(ds, complevel))
