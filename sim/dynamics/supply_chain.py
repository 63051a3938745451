"""Precursor emissions along the supply chain, each year, and the CBAM pressure passed
upstream (docs/model.md, "Supply chain").

An actual-value declaration counts the embedded emissions of the precursors the good is
made from (IR 2025/2547): SEE = own + sum over links of t_per_t x SEE of the precursor,
where the precursor's SEE is its supplier's actual value when the supplier declares
verified actual values, and its Annex IV default value otherwise (and always for a
precursor bought outside the population). Only the capacity still on the entity's base
route buys precursors: a route option builds the whole chain anew (its intensities are of
the full route). Arrays are (D, E) over entities or (D, L) over links.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.inputs.arrays import SupplyLinks


@dataclass(frozen=True)
class Chain:
    """What the precursors add this year, each (D, E), and each link's value (D, L)."""

    precursor: np.ndarray  # tCO2e/t of good made on the base route, from its precursors
    priced: np.ndarray  # of which on the suppliers' verified values (carbon price evidenced)
    base_share: np.ndarray  # share of capacity on the base route (the share that buys them)
    link_see: np.ndarray  # (D, L) tCO2e per t of precursor, as charged
    link_actual: np.ndarray  # (D, L) 1.0 on the supplier's actual values, 0.0 on Annex IV


def precursor_chain(
    links: SupplyLinks,
    own_see: np.ndarray,
    own_direct: np.ndarray,
    base_share: np.ndarray,
    verified: np.ndarray,
    t: int,
) -> Chain:
    """The precursors' embedded emissions per t of each good in year index ``t``, from the
    entities' own actual SEE and direct emissions (without precursors), resolving chains
    of suppliers in ``links.depth`` passes."""
    n_d, n_e = own_see.shape
    pre, priced = np.zeros((n_d, n_e)), np.zeros((n_d, n_e))
    if links.size == 0:
        empty = np.zeros((n_d, 0))
        return Chain(pre, priced, base_share, empty, empty)
    sup = np.maximum(links.supplier, 0)
    actual = (links.supplier >= 0) & (verified[:, sup] >= 0.5)
    default = links.default_tco2e_per_t[:, t]
    see = own_see
    for _ in range(links.depth):
        value = np.where(actual, see[:, sup], default)
        evidenced = np.where(actual, (own_direct + base_share * priced)[:, sup], 0.0)
        pre, priced = np.zeros((n_d, n_e)), np.zeros((n_d, n_e))
        np.add.at(pre, (slice(None), links.customer), links.t_per_t * value)
        np.add.at(priced, (slice(None), links.customer), links.t_per_t * evidenced)
        see = own_see + base_share * pre
    value = np.where(actual, see[:, sup], default)
    return Chain(pre, priced, base_share, value, actual.astype(float))


def precursor_volume(links: SupplyLinks, chain: Chain, volume: np.ndarray) -> np.ndarray:
    """(D, L) t of each precursor embedded in the customer's declared volume."""
    if links.size == 0:
        return np.zeros((volume.shape[0], 0))
    c = links.customer
    return links.t_per_t * volume[:, c] * chain.base_share[:, c]


def cost_passed_upstream(
    links: SupplyLinks,
    chain: Chain,
    volume: np.ndarray,
    embedded: np.ndarray,
    cbam_cost: np.ndarray,
    verified: np.ndarray,
    share: float,
) -> np.ndarray:
    """(D, L) EUR of the customer's CBAM cost passed back to the supplier (a lower price
    for a carbon-intensive precursor): ``share`` of the cost in proportion to the
    precursor's part of the embedded emissions, where the customer declares actual values
    (on default values the precursor's emissions change nothing it pays)."""
    if links.size == 0:
        return np.zeros((volume.shape[0], 0))
    c = links.customer
    part = precursor_volume(links, chain, volume) * chain.link_see
    ratio = np.divide(part, embedded[:, c], out=np.zeros_like(part), where=embedded[:, c] > 0)
    return share * cbam_cost[:, c] * ratio * (verified[:, c] >= 0.5)


def upstream_share(
    links: SupplyLinks,
    chain: Chain,
    volume: np.ndarray,
    verified: np.ndarray,
    production_t: np.ndarray,
    share: float,
) -> np.ndarray:
    """(D, E) the share of each supplier's output whose CBAM cost reaches it through its
    customers' declared EU volume (``share`` of it passed upstream), per t produced: what
    a cut of the supplier's SEE is worth to it, as if it exported that share itself."""
    out = np.zeros(volume.shape)
    inside = links.supplier >= 0
    if not inside.any():
        return out
    c, s = links.customer[inside], links.supplier[inside]
    t_in_eu = precursor_volume(links, chain, volume)[:, inside] * (verified[:, c] >= 0.5)
    np.add.at(out, (slice(None), s), share * t_in_eu)
    return out / production_t
