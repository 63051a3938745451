"""The coordinates of a results dataset: years, entities and their attributes, routes,
options, power kinds, quarters, precursor links and, for an ensemble, the draws and the
inputs sampled for them."""

from __future__ import annotations

import numpy as np

from sim.axes import GASES, POWER_KINDS
from sim.inputs.arrays import PARK_ASSETS, Inputs
from sim.inputs.draws import Draws


def labels(inp: Inputs, draws: Draws) -> dict[str, tuple]:
    """The coordinates of a results dataset: years, entities and their attributes, routes,
    options, power kinds, quarters and, for an ensemble, the draws and their inputs."""
    pop, tech, first = inp.population, inp.technology, int(inp.years[0])
    quarters = [f"{first + i // 4}Q{i % 4 + 1}" for i in range(4 * (inp.years.size + 1))]
    coords: dict[str, tuple] = {
        # CF time axes (axis T), not CF times: a year number or quarter label has no
        # "units since" a reference date (docs/model.md)
        "year": ("year", inp.years.astype("int64"), {"long_name": "import year", "axis": "T"}),
        "entity": ("entity", pop.ids.astype(str), {"long_name": "firm, plant or park unit"}),
        "name": ("entity", pop.names.astype(str)),
        "sector": ("entity", pop.sector.astype(str)),
        "park": ("entity", pop.park.astype(str)),
        "route": ("entity", pop.route.astype(str)),
        "good": ("entity", pop.good.astype(str)),
        "cn_code": ("entity", pop.cn_code.astype(str), {"long_name": "CN code of the good"}),
        "origin": ("entity", pop.origin.astype(str), {"long_name": "country of origin (ISO)"}),
        "value_basis": (
            "entity",
            pop.value_basis.astype(str),
            {"long_name": "declared emissions: actual (verified) or default values"},
        ),
        "production_route": ("production_route", tech.routes.astype(str)),
        "option": ("option", tech.ids.astype(str), {"long_name": "abatement option"}),
        "power_kind": ("power_kind", np.array(POWER_KINDS)),
        "park_id": ("park_id", inp.parks.ids.astype(str), {"long_name": "industrial park"}),
        "park_asset": ("park_asset", np.array(PARK_ASSETS), {"long_name": "park asset kind"}),
        "gas": ("gas", np.array(GASES), {"long_name": "greenhouse gas (tCO2e by GWP100)"}),
        "quarter": (
            "quarter",
            np.array(quarters),
            {"long_name": "calendar quarter of the cash flow", "axis": "T"},
        ),
    }
    return coords | _link_labels(inp) | (_draw_labels(draws) if len(draws) > 1 else {})


def _link_labels(inp: Inputs) -> dict[str, tuple]:
    """The precursor links, with their customer, supplier and the parks of both."""
    links, pop = inp.links, inp.population
    if not links.size:
        return {}
    inside = links.supplier >= 0
    sup = np.maximum(links.supplier, 0)
    supplier = np.where(inside, pop.ids[sup].astype(str), "outside the population")
    return {
        "link": ("link", links.ids, {"long_name": "precursor link: customer <- supplier"}),
        "link_customer": ("link", pop.ids[links.customer].astype(str)),
        "link_supplier": ("link", supplier),
        "link_precursor": ("link", links.cn_code, {"long_name": "CN code of the precursor"}),
        "link_customer_park": ("link", pop.park[links.customer].astype(str)),
        "link_supplier_park": ("link", np.where(inside, pop.park[sup].astype(str), "")),
    }


def _draw_labels(draws: Draws) -> dict[str, tuple]:
    """The draw axis and the sampled inputs of an ensemble, as coordinates on it."""
    coords: dict[str, tuple] = {
        "draw": ("draw", np.arange(len(draws), dtype="int64"), {"long_name": "ensemble member"})
    }
    for name, sampled in draws.parameters.items():
        description = f"sampled {name}: {draws.descriptions[name]}"
        coords[f"sampled_{name}"] = ("draw", np.asarray(sampled, float), {"long_name": description})
    return coords
