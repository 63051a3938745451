"""The baseline population against the trade figures it is built from
(sim/data/trade/figures_found.csv) and the official tables it is looked up in."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from sim.inputs import official
from sim.inputs.gate import build_inputs
from tests.conftest import compose_plain

FIGURES = official.DATA / "trade" / "figures_found.csv"


def figure(origin: str, heading: str, group: str = "", period: str = "2023") -> float:
    """The mass of the one row of ``origin`` for ``heading`` (and a product group starting
    with ``group``) in ``period``."""
    with FIGURES.open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["origin"] == origin
            and r["cn_heading"] == heading
            and r["period"] == period
            and r["product_group"].startswith(group)
        ]
    (row,) = rows
    return float(row["mass_t"])


@pytest.fixture(scope="module")
def baseline():
    return build_inputs(compose_plain([])).population


def by_heading(pop) -> Counter:
    out: Counter = Counter()
    for code, volume in zip(pop.cn_code, pop.volume_t, strict=True):
        out[str(code)[:4]] += float(volume)
    return out


def test_steel_headings_equal_the_published_2023_tonnages(baseline):
    heading = by_heading(baseline)
    assert heading["7210"] == figure("CN", "7210")  # 1.01 Mt: tinplate, galvanised, other
    assert heading["7214"] == figure("CN", "7214")
    assert heading["7225"] == figure("CN", "7225")
    assert heading["7228"] == figure("CN", "7228")
    assert heading["7207"] == figure("CN", "7207?")  # slab
    assert heading["7217"] == figure("CN", "7217?")  # carbon wire
    assert heading["7229"] == figure("CN", "7229?")  # alloy wire


def test_parts_of_headings_equal_their_published_parts(baseline):
    volume = dict(zip(baseline.ids, baseline.volume_t, strict=True))
    assert volume["steel_tinplate_a3"] == figure("CN", "7210 (part)", "Tinplate")
    assert volume["steel_hdg_a4"] == figure("CN", "7210 (part)", "Hot-dip")
    assert volume["steel_rebar_a6"] == figure("CN", "7214 (part)")


def test_aluminium_equals_the_cnia_total(baseline):
    aluminium = baseline.volume_t[baseline.sector == "aluminium"].sum()
    assert aluminium == figure("CN", "76 (CNIA selection)")


def test_every_entity_is_looked_up_without_an_override(baseline):
    assert baseline.overrides == ()
    assert set(baseline.origin) == {"CN"}
    # each entity's default values are China's rows of IR 2025/2621
    for code, total in zip(baseline.cn_code, baseline.default_total_tco2e_per_t, strict=True):
        rows = official.lookup("CN", code).default_values
        assert total in [d.total for d in rows]
