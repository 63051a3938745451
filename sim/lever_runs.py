"""An ensemble under each policy of ``ensemble.levers`` (issue 15): the resolved config
patched at the lever keys (no recomposition), its inputs built from it (firms know the
lever: their expectations follow it), and the same draws (the uncertainties are sampled
from ``ensemble`` alone, which no lever sets: common random numbers) run through the
ensemble engine of :mod:`sim.pipeline`. Every variable gets a leading ``lever``
dimension (:mod:`sim.experiments.levers`); the sampled values stay coordinates on
``draw``. Held in memory and joined, or streamed policy by policy into one file at each
policy's index along ``lever`` (:class:`sim.io.stream.StreamedResults`), memory then set
by the chunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xarray as xr

from sim.experiments.levers import LEVER_DIM, Levers, checked_levers, lever_attrs, lever_coords
from sim.experiments.levers import patched as policy_config
from sim.io.dataset import check_finite
from sim.io.results import write_atomic
from sim.io.stream import StreamedResults, encoding
from sim.pipeline import STREAM_ABOVE, check_memory, results_memory, run_attrs, run_plan
from sim.progress import progress_bar
from sim.streaming import RunPlan, file_size, stream_chunks


def simulate_levers(
    cfg: Mapping[str, Any],
    extra_attrs: Mapping[str, str] | None,
    digests: Mapping[str, Mapping[str, str]],
    first: RunPlan | None = None,
) -> xr.Dataset:
    """Every policy's ensemble held in memory, joined along ``lever`` (``first``: the run
    plan of the first policy, when the caller has made it)."""
    from sim.pipeline import simulate_plan

    levers = checked_levers(cfg)
    parts = []
    for i, (_, setting) in enumerate(levers.policies):
        policy = policy_config(cfg, setting)
        plan = first if i == 0 and first is not None else run_plan(policy)
        if i == 0:  # the others are alike: all of them held, then joined (x2)
            check_memory(2 * len(levers) * results_memory(plan))
        parts.append(tagged(simulate_plan(policy, plan, extra_attrs, digests), levers, i))
    return joined(parts, _attrs(cfg, levers, extra_attrs, digests, parts[0].attrs))


def tagged(ds: xr.Dataset, levers: Levers, i: int) -> xr.Dataset:
    """``ds`` (the results of policy ``i``) with a leading ``lever`` dimension of one,
    labelled by the policy, with its value of each lever key."""
    coords = {k: (d, v[i : i + 1], *rest) for k, (d, v, *rest) in lever_coords(levers).items()}
    one = ds.expand_dims({LEVER_DIM: 1})
    return one.assign_coords({k: xr.Variable(*spec) for k, spec in coords.items()})


def joined(parts: list[xr.Dataset], attrs: dict[str, str]) -> xr.Dataset:
    """The policies' results along ``lever``; what the policies share (the entities, the
    draws and their sampled values) must be identical in all of them."""
    bare = [p.copy(deep=False) for p in parts]
    for p in bare:
        p.attrs = {}
    out = xr.concat(
        bare, LEVER_DIM, data_vars="all", coords="minimal", compat="identical", join="exact",
        combine_attrs="override",
    )  # fmt: skip
    out.attrs = attrs
    return out


def _attrs(
    cfg: Mapping[str, Any],
    levers: Levers,
    extra: Mapping[str, str] | None,
    digests: Mapping[str, Any],
    first: Mapping[str, Any],
) -> dict[str, str]:
    """The provenance of the whole run (its config with the levers) and the lever keys."""
    overrides = tuple(_overridden(first))
    return run_attrs(cfg, extra, overrides, digests) | lever_attrs(levers)


def _overridden(attrs: Mapping[str, Any]) -> list[str]:
    import json

    return json.loads(str(attrs.get("overridden_official_values", "[]")))


def levers_to_file(
    cfg: Mapping[str, Any],
    path: Path,
    extra_attrs: Mapping[str, str] | None,
    digests: Mapping[str, Mapping[str, str]],
) -> xr.Dataset:
    """Run every policy into ``path`` (written whole or not at all): held in memory and
    written at once, or streamed (``ensemble.stream``; by default when the results of all
    policies would exceed the memory threshold of :mod:`sim.pipeline`)."""
    from sim.pipeline import LOAD_BELOW
    from sim.streaming import open_streamed

    levers = checked_levers(cfg)
    first = run_plan(policy_config(cfg, levers.policies[0][1]))
    stream = cfg["ensemble"].get("stream")
    if stream is None:
        stream = len(levers) * results_memory(first) > STREAM_ABOVE
    if not stream or len(first.draws) < 2:  # memory checked before any policy is run
        ds = simulate_levers(cfg, extra_attrs, digests, first)
        check_finite(ds)
        write_atomic(ds, path, encoding(ds, first.complevel))
        return ds
    check_memory(results_memory(first, streamed=True))
    attrs = run_attrs(cfg, extra_attrs, first.inputs.population.overrides, digests)
    _streamed(cfg, levers, first, path, attrs | lever_attrs(levers))
    return open_streamed(path, LOAD_BELOW)


def _streamed(
    cfg: Mapping[str, Any], levers: Levers, first: RunPlan, path: Path, attrs: dict[str, str]
) -> None:
    """Each policy's draws streamed in chunks into ``path`` at its index along ``lever``."""
    size = len(levers) * file_size(first)
    n = len(first.draws)
    many = first.n_chunks * len(levers)
    with progress_bar(total=many, desc="policies x draw chunks (to disk)", disable=None) as bar:
        with StreamedResults(path, n, first.complevel, size, n_levers=len(levers)) as out:
            for i, (_, setting) in enumerate(levers.policies):
                plan = first if i == 0 else run_plan(policy_config(cfg, setting))
                if len(plan.draws) != n:
                    raise RuntimeError(f"policy {i}: {len(plan.draws)} draws, not {n}")
                stream_chunks(plan, out, attrs, bar, i, lambda ds, i=i: tagged(ds, levers, i))
            bar.set_description(f"writing {path.name}")
