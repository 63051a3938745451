"""Embodied emissions of commissioned abatement assets, amortised over their life."""

from __future__ import annotations

import numpy as np
import pytest

from sim.dynamics.batch import run_model
from sim.pipeline import model_inputs

EMBODIED = 0.64  # tCO2e per t/yr of capacity
LIFE = 3


def _forced_dri(cfg):
    """Free hydrogen DRI with a 3-year life and the only embodied carbon in the table."""
    for o in cfg["technology"]["options"].values():
        o["embodied_tco2e_per_t"] = 0.0
    opt = cfg["technology"]["options"]["h2_dri_eaf"]
    opt.update(
        capex_eur_per_t=0.0,
        opex_eur_per_t=-100.0,
        life_years=LIFE,
        embodied_tco2e_per_t=EMBODIED,
        embodied_tco2e_per_t_source="test",
    )
    inp, draws = model_inputs(cfg)
    return inp, run_model(inp, draws)


def test_embodied_is_amortised_over_the_life_from_commissioning(base_cfg):
    inp, out = _forced_dri(base_cfg)
    k = list(inp.technology.ids).index("h2_dri_eaf")
    share = out["abatement_share"][0, :, k]  # (E, T) commissioned share
    built = np.diff(share, axis=-1, prepend=0.0) * inp.behaviour.production_t[:, None]
    assert built.sum() > 0 and (built >= -1e-9).all()
    n_years = share.shape[-1]
    expected = np.zeros_like(built)
    for t in range(n_years):  # hand-worked: each year's build spreads over LIFE years
        expected[:, t : t + LIFE] += (built[:, t] * EMBODIED / LIFE)[:, None]
    np.testing.assert_allclose(out["embodied_emissions"][0], expected, rtol=1e-12, atol=1e-9)
    # nothing before the first commissioning (a 3-year lead from 2027: 2030)
    first = int(np.flatnonzero(built.sum(axis=0) > 0)[0])
    assert first == 2030 - 2026
    assert out["embodied_emissions"][0, :, :first].sum() == 0


def test_the_amortisation_sums_to_the_total_over_the_life(base_cfg):
    inp, out = _forced_dri(base_cfg)
    k = list(inp.technology.ids).index("h2_dri_eaf")
    share = out["abatement_share"][0, :, k]
    built = (np.diff(share, axis=-1, prepend=0.0) * inp.behaviour.production_t[:, None]).sum(0)
    n_years = built.size
    # a build of year index t is amortised over min(LIFE, n_years - t) years of the run:
    # the whole total for the builds of 2030-2032, a part for later ones
    seen = sum(built[t] * EMBODIED * min(LIFE, n_years - t) / LIFE for t in range(n_years))
    recorded = out["embodied_emissions"][0].sum()
    assert recorded == pytest.approx(seen, rel=1e-12)
    whole = slice(0, n_years - LIFE + 1)  # builds to 2032: their whole life is in the run
    assert built[whole].sum() > 0
    full = out["embodied_emissions"][0].sum() - sum(
        built[t] * EMBODIED * min(LIFE, n_years - t) / LIFE
        for t in range(n_years - LIFE + 1, n_years)
    )
    assert full == pytest.approx(built[whole].sum() * EMBODIED, rel=1e-12)


def test_without_embodied_carbon_nothing_is_recorded(base_cfg):
    for o in base_cfg["technology"]["options"].values():
        o["embodied_tco2e_per_t"] = 0.0
    inp, draws = model_inputs(base_cfg)
    out = run_model(inp, draws)
    assert out["abatement_share"].sum() > 0
    assert out["embodied_emissions"].sum() == 0
