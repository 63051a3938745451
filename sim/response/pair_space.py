"""Arrays over the applicable (entity, option) pairs (D, P): sums per entity and per option,
the product per entity, and the dense (D, E, K) array made from them for the record.

The technology stocks (adopted shares, projects under construction, starts) are non-zero
only on the P applicable pairs (52 of 230 entity-options on the baseline), so they are
kept as (D, P). Pairs are ordered by entity, then option (:class:`Pairs`), and every sum
here adds in that order from 0.0; the dense forms they replace add exact zeros at the
other cells, so the results are the same bits wherever the order of the non-zero terms
cannot matter: one or two non-zero terms per sum (a + b = b + a), or, per option over
entities, an order that is the dense one (``einsum("dek,e->dk")`` adds entity by entity).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sim.response.technology import Pairs

_INDEX: dict[tuple[int, int, bytes], np.ndarray] = {}


def per_entity(x: np.ndarray, pe: np.ndarray, n_entities: int) -> np.ndarray:
    """Sum (D, P) values over the (entity, option) pairs of each entity: (D, E), each sum
    in pair order from 0.0.

    A scatter-add in O(D x P); a dense pair -> entity matrix would be P x E, quadratic in
    entities (1.6 GB at 10,000 entities)."""
    return _scatter_sum(x, pe, n_entities)


def per_option(x: np.ndarray, pk: np.ndarray, n_options: int) -> np.ndarray:
    """Sum (D, P) values over the pairs of each option: (D, K), entity by entity from 0.0
    (the order of ``np.einsum("dek,e->dk", ...)`` on the dense array)."""
    return _scatter_sum(x, pk, n_options)


def _scatter_sum(x: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """(D, G) sums of the (D, P) values ``x`` by the group of each pair, in pair order."""
    n_draws = x.shape[0]
    index = _flat_index(n_draws, n_groups, group)
    sums = np.bincount(index, weights=x.ravel(), minlength=n_draws * n_groups)
    return sums.reshape(n_draws, n_groups)


def _flat_index(n_draws: int, n_groups: int, group: np.ndarray) -> np.ndarray:
    """(D x P,) the flat (draw, group) cell of each (draw, pair), kept for the next call
    (the same few pair sets every year of a run; at most 64 kept)."""
    key = (n_draws, n_groups, group.tobytes())
    index = _INDEX.get(key)
    if index is None:
        if len(_INDEX) >= 64:
            _INDEX.clear()
        index = (np.arange(n_draws)[:, None] * n_groups + group[None, :]).ravel()
        _INDEX[key] = index
    return index


@dataclass(frozen=True)
class PairSpace:
    """The applicable pairs of ``n_entities`` x ``n_options`` and the index sets the
    stocks are read and written through."""

    pairs: Pairs
    n_entities: int
    n_options: int

    @property
    def size(self) -> int:
        """The number of pairs P."""
        return self.pairs.size

    def dense(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """(D, E, K): ``x`` (D, P) on the pairs, zeros elsewhere (written into ``out``
        when given)."""
        if out is None:
            out = np.zeros((x.shape[0], self.n_entities, self.n_options))
        else:
            out[...] = 0.0
        if not out.flags.c_contiguous:  # (a flat view would be a copy)
            out[:, self.pairs.entity, self.pairs.option] = x
            return out
        # one flat scatter: half the time of out[:, entity, option] = x (numpy's 3-d path)
        cell = self.pairs.entity * self.n_options + self.pairs.option
        out.reshape(-1)[_flat_index(x.shape[0], self.n_entities * self.n_options, cell)] = x.ravel()
        return out

    def column(self, x: np.ndarray, k: int) -> np.ndarray:
        """(D, E): option ``k`` of ``x`` (D, P), zeros where it does not apply (the dense
        array's ``[..., k]``)."""
        on = np.flatnonzero(self.pairs.option == k)
        out = np.zeros((x.shape[0], self.n_entities))
        out[:, self.pairs.entity[on]] = x[:, on]
        return out

    def per_entity(self, x: np.ndarray) -> np.ndarray:
        """(D, E) :func:`per_entity` of ``x`` (D, P)."""
        return per_entity(x, self.pairs.entity, self.n_entities)

    def per_option(self, x: np.ndarray) -> np.ndarray:
        """(D, K) :func:`per_option` of ``x`` (D, P)."""
        return per_option(x, self.pairs.option, self.n_options)

    def product_per_entity(self, factors: np.ndarray, on: np.ndarray) -> np.ndarray:
        """(D, E) the product, option by option in index order, of ``factors`` (D, Q) on
        the pairs ``on`` (Q,) (indices into P, ascending), 1.0 where an entity has none:
        the dense product over all options with factor 1.0 off the pairs, bit for bit."""
        eff = np.ones((factors.shape[0], self.n_entities))
        for cols, ents in self._ranks(np.asarray(on, np.intp)):
            eff[:, ents] = eff[:, ents] * factors[:, cols]
        return eff

    def _ranks(self, on: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """The columns of ``on`` taken r-th by their entity, and those entities, r = 0, 1..."""
        key = on.tobytes()
        cached = self._rank_cache.get(key)
        if cached is None:
            ent = self.pairs.entity[on]
            rank = np.arange(on.size) - np.searchsorted(ent, ent)  # pairs sorted by entity
            top = int(rank.max()) + 1 if on.size else 0
            cached = [(np.flatnonzero(rank == r), ent[rank == r]) for r in range(top)]
            self._rank_cache[key] = cached
        return cached

    @cached_property
    def _rank_cache(self) -> dict[bytes, list[tuple[np.ndarray, np.ndarray]]]:
        return {}
