"""The variables of a results dataset without their labels, for the analysis' arithmetic:
each one an ``xr.Variable`` (named dimensions, broadcast by name as the labelled arrays are,
but no coordinates: no index alignment and no merging of the entity coordinates on every
operation, which on the explorer's small arrays costs ten to fifty times the arithmetic).
The scorecard and the decompositions compute on these and label their outputs once
(:func:`labelled`), so the CLI, the reports and the explorer share one code path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import xarray as xr

__all__ = ["Bare", "broadcast", "labelled"]


class Bare(Mapping[str, xr.Variable]):
    """A dataset's variables (data and coordinates) as plain ``xr.Variable``; a dimension
    without a coordinate gives its positions, as ``ds[dim]`` does."""

    def __init__(self, ds: xr.Dataset) -> None:
        self.ds = ds
        self._variables = ds.variables

    def __getitem__(self, name: str) -> xr.Variable:
        v = self._variables.get(name)
        if v is None:
            if name not in self.ds.dims:
                raise KeyError(name)
            return self.ds[name].variable.to_base_variable()
        return v.to_base_variable() if isinstance(v, xr.IndexVariable) else v

    def __contains__(self, name: object) -> bool:
        return name in self._variables

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)

    def labels(self, dim: str) -> list[str]:
        """The labels of ``dim`` as strings."""
        return [str(x) for x in self[dim].values]

    def pick(self, name: str, dim: str, labels: Sequence[str]) -> xr.Variable:
        """``name`` at the ``labels`` of ``dim`` (as ``.sel(dim=labels)``)."""
        position = {x: i for i, x in enumerate(self.labels(dim))}
        return self[name].isel({dim: [position[x] for x in labels]})


def broadcast(*variables: Any) -> list[Any]:
    """The variables broadcast against each other, dimensions in the order they first
    appear (as ``xr.broadcast`` orders labelled arrays, which it is given labelled ones)."""
    if not all(isinstance(v, xr.Variable) for v in variables):
        return list(xr.broadcast(*variables))
    sizes: dict[str, int] = {}
    for v in variables:
        for dim, n in zip(v.dims, v.shape, strict=True):
            sizes.setdefault(dim, n)
    return [v.set_dims(sizes) for v in variables]


def labelled(variables: Mapping[str, xr.Variable], coords: Mapping[str, Any]) -> xr.Dataset:
    """A dataset of ``variables`` with those of ``coords`` (variables or labelled arrays)
    whose dimensions they have."""
    dims = {d for v in variables.values() for d in v.dims}
    kept = {k: getattr(c, "variable", c) for k, c in coords.items() if set(c.dims) <= dims}
    return xr.Dataset(dict(variables), coords=kept)
