"""sim.api.compose: group choices composed once by Hydra, value overrides applied by
Hydra's own code to the cached composition and undone: the same config as a full
composition, whatever was composed before."""

from __future__ import annotations

import pytest
from hydra.errors import ConfigCompositionException

from sim import api
from sim.errors import InputError
from tests.conftest import compose_hydra

CASES = [
    [],
    ["policy.cscf=0.95"],
    ["prices=high", "policy.cbam_factor.2030=0.6"],
    ["scenario=park_direct_line_2028", "run.end_year=2030"],
    ["ensemble=uncertain", "ensemble.n=100", "ensemble.variables=[cbam_cost]"],
    ["population.entities.steel_hrc_a1.value_basis=default"],
    ["ensemble.seed=3", "ensemble=prices_capex"],
    ["+policy.extra_key=1"],  # full composition (and Hydra's error)
    ["policy.cbam_factor={2030: 0.5, 2031: 0.4}"],  # a mapping (merged by Hydra)
    ["population.entities.steel_hrc_a1.precursors=[]", "run.quiet=true"],
    ["policy.cscf=1", "ensemble.n=3"],  # an int for a float key: typed 1.0
    ["ensemble.variables=[cbam_cost, mrv_cost]", "prices.effectively_paid_share.2030=0.5"],
]


@pytest.mark.parametrize("overrides", CASES, ids=lambda o: " ".join(o) or "default")
def test_compose_equals_a_full_hydra_composition(overrides):
    try:
        want = compose_hydra(overrides)
    except ConfigCompositionException:
        with pytest.raises(InputError):  # the line the CLI prints, no Hydra internals
            api.compose(overrides)
        return
    got = api.compose(overrides)
    assert got == want
    assert repr(got) == repr(want)  # the same types and key order (1 == 1.0 for ==)


def test_overrides_leave_the_cached_composition_unchanged():
    base = api.compose([])
    api.compose(["policy.cscf=0.9", "policy.cbam_factor.2030=0.1"])
    with pytest.raises(InputError):  # the first applied, the second refused: both undone
        api.compose(["policy.cscf=0.8", "policy.cbam_factor.2030=not_a_number"])
    assert api.compose([]) == base == compose_hydra([])


def test_clear_cache_composes_again():
    api.compose([])
    api.clear_cache()
    assert api.compose(["policy.cscf=0.97"])["policy"]["cscf"] == 0.97


def test_value_overrides_patch_a_copy_of_the_plain_config():
    """The patched plain config is a fresh copy: changing it changes no later result."""
    first = api.compose(["policy.cscf=0.9"])
    first["policy"]["cbam_factor"]["2030"] = -1.0
    first["population"]["entities"].clear()
    again = api.compose(["policy.cscf=0.9"])
    assert again == compose_hydra(["policy.cscf=0.9"])


def test_an_interpolation_converts_the_whole_config(monkeypatch):
    """An override that interpolates is resolved as Hydra resolves it."""
    want = compose_hydra(["policy.cscf=${run.start_year}"])
    assert api.compose(["policy.cscf=${run.start_year}"]) == want
