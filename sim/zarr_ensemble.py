"""An ensemble into a Zarr store (``run.output_file=results.zarr``), one region per chunk of
draws: in this process (its ``ensemble.workers`` threads, the chunks written as they come),
or as one task per chunk on a Dask cluster (``ensemble.cluster``: :mod:`sim.clusters`).

The client writes the store's template first (:class:`sim.io.zarr_store.ZarrResults`,
laid out from one draw computed here), sends the inputs and draws to the workers once
(``Client.scatter``), and each task computes its chunk (:func:`sim.dynamics.batch.
run_chunk`), checks it for NaN and writes its own region of the store; the client only
counts the draws written and advances the progress bar as tasks complete: it never holds
the results. The store is renamed into place when every task succeeded; a failed task,
an interrupt or a full disk cancels the others, closes the cluster and removes the store.

The numbers are those of the single-process run bit for bit: the chunks are the same
draws run by the same code, and where they run changes nothing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from sim.clusters import dask_client
from sim.coordinates import labels
from sim.dynamics.batch import run_chunk, run_streamed, tune_allocator
from sim.inputs.arrays import Inputs
from sim.inputs.draws import Draws
from sim.io.dataset import to_dataset
from sim.io.zarr_store import ZarrResults, write_region
from sim.streaming import RunPlan, draws_in, file_size, slice_draws

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class ChunkWork:
    """What every chunk needs, sent to each worker once: the inputs and draws, the
    coordinates of the whole run, the variables kept, the draws per chunk, the stored
    precision and the path of the store being written."""

    inputs: Inputs
    draws: Draws
    coords: dict[str, tuple]
    keep: list[str]
    chunk: int
    float32: bool
    store: str

    def label(
        self, start: int, arrays: dict[str, np.ndarray], attrs: dict | None = None
    ) -> xr.Dataset:
        """The arrays of the chunk beginning at draw ``start``, labelled."""
        stop = start + draws_in(arrays)
        return to_dataset(arrays, slice_draws(self.coords, start, stop), attrs or {}, self.float32)


def write_chunk(work: ChunkWork, start: int) -> int:
    """A task: compute the chunk of draws beginning at ``start`` and write it into its
    region of the store; the number of draws written."""
    tune_allocator()  # once per worker process, as run_streamed does here
    arrays = run_chunk(work.inputs, work.draws, start, work.chunk, work.keep)
    return write_region(Path(work.store), work.label(start, arrays), start)


def write_store(plan: RunPlan, path: Path, attrs: dict[str, str], bar: Any = None) -> None:
    """Run ``plan`` into the Zarr store ``path`` (written whole or not at all), on its
    cluster or in this process; ``bar``: a progress bar advanced by each chunk."""
    coords = labels(plan.inputs, plan.draws)
    with ZarrResults(path, len(plan.draws), file_size(plan)) as out:
        work = ChunkWork(
            plan.inputs, plan.draws, coords, plan.keep, plan.chunk, plan.float32, str(out.tmp)
        )
        first = work.label(0, run_chunk(plan.inputs, plan.draws, 0, 1, plan.keep), attrs)
        out.create(first, coords, plan.chunk, plan.complevel)
        if plan.cluster is None:
            _in_this_process(plan, work, out, bar)
        else:
            with dask_client(plan.cluster) as client:
                _on_cluster(client, work, out, bar)
        if bar is not None:
            bar.set_description(f"closing {path.name}")


def _in_this_process(plan: RunPlan, work: ChunkWork, out: ZarrResults, bar: Any) -> None:
    """The chunks on this process's threads, each region written as its chunk comes."""

    def sink(start: int, arrays: dict[str, np.ndarray]) -> None:
        out.add(write_region(out.tmp, work.label(start, arrays), start))
        if bar is not None:
            bar.update()

    run_streamed(plan.inputs, plan.draws, plan.chunk, sink, plan.keep, plan.workers)


def _on_cluster(client: Client, work: ChunkWork, out: ZarrResults, bar: Any) -> None:
    """One task per chunk on the cluster of ``client``, the work sent once; the first
    failure cancels the tasks not yet done and is raised."""
    from distributed import as_completed

    if bar is not None:
        bar.set_description("waiting for Dask workers")
    client.wait_for_workers(1)  # SLURM jobs may wait in the queue
    shared = client.scatter(work, hash=False)
    starts = range(0, len(work.draws), work.chunk)
    futures = [client.submit(write_chunk, shared, a, pure=False) for a in starts]
    if bar is not None:
        bar.set_description("draw chunks (Dask tasks)")
    try:
        for future in as_completed(futures):
            out.add(future.result())
            if bar is not None:
                bar.update()
    except BaseException:
        with contextlib.suppress(Exception):  # a lost scheduler: the first error stands
            client.cancel(futures)
        raise
