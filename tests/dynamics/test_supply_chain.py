"""Precursors along the supply chain (IR 2025/2547): the customer's embedded emissions
include its precursors', on the supplier's verified values or on the Annex IV default
values; a supplier's cut lowers its customer's cost and nothing else."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from sim.dynamics.batch import run_model
from sim.errors import ConfigError
from sim.pipeline import model_inputs

SMELTER = {
    "name": "Hydro smelter",
    "route": "primary",
    "park": "park_b",
    "export_volume_t": 0.0,
    "production_t": 1_000_000.0,
    "value_basis": "actual",
    "direct_intensity": 1.7,
    "electricity_intensity_mwh_per_t": 13.5,
    "price_eur_per_t": 2300.0,
    "source": "test",
}


def _chain(cfg, supplier_direct=1.7, basis="actual", link=None):
    """The baseline with alu_sheet_c1 (1.75 t/t, precursor included) split into its own
    rolling (0.05) and a supplier of its unwrought aluminium (1.0 t/t)."""
    cfg["response"]["enabled"] = False
    ents = cfg["population"]["entities"]
    smelter = dict(copy.deepcopy(ents["alu_primary_b4"]), **SMELTER)
    ents["smelter"] = dict(smelter, direct_intensity=supplier_direct, value_basis=basis)
    sheet = ents["alu_sheet_c1"]
    sheet["direct_intensity"] = 0.05
    sheet["precursors"] = [_link(link or {"supplier": "smelter", "t_per_t": 1.0, "source": "test"})]
    return cfg


def _link(given):
    """A link as a resolved config holds it (every key of the schema)."""
    return {"supplier": None, "cn_code": None, "t_per_t": None, "source": None} | given


def _run(cfg):
    inp, draws = model_inputs(cfg)
    out = run_model(inp, draws)
    e = {k: i for i, k in enumerate(inp.population.ids)}
    return inp, out, e


@pytest.fixture(scope="module")
def folded():
    from tests.conftest import compose_plain

    cfg = compose_plain(["response.enabled=false"])
    return _run(cfg)


def test_a_verified_supplier_reproduces_the_folded_intensity(base_cfg, folded):
    _, before, eb = folded
    _, out, e = _run(_chain(base_cfg))
    c = e["alu_sheet_c1"]
    for name in ("embedded_emissions", "certificates", "cbam_cost", "carbon_price_deduction"):
        np.testing.assert_allclose(out[name][0, c], before[name][0, eb["alu_sheet_c1"]], rtol=1e-12)
    # the unit's own direct intensity is its rolling alone, the precursor shown apart
    np.testing.assert_allclose(out["direct_intensity"][0, c], 0.05)
    np.testing.assert_allclose(out["precursor_intensity"][0, c], 1.7)
    declared = out["export_volume"][0, c]  # less what de-minimis importers buy
    np.testing.assert_allclose(out["precursor_volume"][0, 0], declared)
    np.testing.assert_allclose(out["precursor_embedded_emissions"][0, 0], declared * 1.7)
    assert (out["precursor_actual_values"][0, 0] == 1.0).all()
    assert out["cbam_cost"][0, e["smelter"]].sum() == 0.0  # it exports nothing itself


def test_a_supplier_on_default_values_charges_the_annex_iv_value(base_cfg):
    _, out2, e2 = _run(_chain(copy.deepcopy(base_cfg)))
    _, out, e = _run(_chain(base_cfg, basis="default"))
    c = e["alu_sheet_c1"]
    # IR 2025/2621 Annex IV, unwrought aluminium 7601: 3.518 (2026), 3.838 (2027), 4.157 (2028 on)
    annex_iv = np.array([3.518, 3.838] + [4.157] * 7)
    np.testing.assert_allclose(out["specific_embedded_emissions"][0, c], 0.05 + annex_iv)
    assert (out["precursor_actual_values"][0, 0] == 0.0).all()
    # no carbon price is evidenced for a default-valued precursor: the deduction is the
    # rolling mill's own (0.05 of 1.75 in the folded case)
    np.testing.assert_allclose(
        out["carbon_price_deduction"][0, c],
        out2["carbon_price_deduction"][0, e2["alu_sheet_c1"]] * 0.05 / 1.75,
        rtol=1e-12,
    )


def test_an_outside_precursor_is_charged_its_default_value(base_cfg):
    link = {"cn_code": "7601 10 00", "t_per_t": 1.1, "source": "test"}
    inp, out, e = _run(_chain(base_cfg, link=link))
    c = e["alu_sheet_c1"]
    np.testing.assert_allclose(out["specific_embedded_emissions"][0, c, 0], 0.05 + 1.1 * 3.518)
    assert str(inp.links.ids[0]) == "alu_sheet_c1<-external"


def test_a_supplier_cut_lowers_its_customers_costs_and_nothing_else(base_cfg):
    _, a, e = _run(_chain(copy.deepcopy(base_cfg)))
    _, b, _ = _run(_chain(base_cfg, supplier_direct=1.5))
    c = e["alu_sheet_c1"]
    price = a["certificate_price"][0]
    declared = a["export_volume"][0, c]
    np.testing.assert_allclose(
        a["embedded_emissions"][0, c] - b["embedded_emissions"][0, c], declared * 0.2
    )
    # certificates are due throughout, so the cut saves 0.2 t/t at the certificate price,
    # less the deduction the supplier's carbon price gave on those 0.2 t/t
    saved = a["cbam_cost"][0, c] - b["cbam_cost"][0, c]
    deduction = a["carbon_price_deduction"][0, c] - b["carbon_price_deduction"][0, c]
    np.testing.assert_allclose(saved, (declared * 0.2 - deduction) * price, rtol=1e-9)
    # the foil mill rolls the sheet mill's strip: its cost moves with it, as it should
    others = [i for i in range(len(e)) if i not in (c, e["alu_foil_c2"])]
    np.testing.assert_array_equal(a["cbam_cost"][0, others], b["cbam_cost"][0, others])


def test_a_two_step_chain_adds_up(base_cfg):
    """ingot <- smelter <- an outside alumina-free precursor: SEE = own + t x (own + t x value)."""
    cfg = _chain(base_cfg)
    cfg["population"]["entities"]["smelter"]["direct_intensity"] = 1.2
    cfg["population"]["entities"]["smelter"]["precursors"] = [
        _link({"cn_code": "7601 10 00", "t_per_t": 0.1, "source": "test"})
    ]
    inp, out, e = _run(cfg)
    assert inp.links.depth == 3  # foil <- sheet <- smelter <- outside
    see = out["specific_embedded_emissions"][0, e["alu_sheet_c1"], 0]
    np.testing.assert_allclose(see, 0.05 + 1.0 * (1.2 + 0.1 * 3.518))


@pytest.mark.parametrize(
    ("link", "key"),
    [
        ({"supplier": "nobody", "t_per_t": 1.0, "source": "s"}, "precursors.0.supplier"),
        ({"supplier": "alu_sheet_c1", "t_per_t": 1.0, "source": "s"}, "precursors.0.supplier"),
        ({"supplier": "smelter", "t_per_t": 0.0, "source": "s"}, "precursors.0.t_per_t"),
        ({"supplier": "smelter", "t_per_t": 1.0}, "precursors.0.source"),
        ({"cn_code": "72083900", "supplier": "smelter", "t_per_t": 1, "source": "s"}, "supplier"),
        ({"cn_code": "99999999", "t_per_t": 1.0, "source": "s"}, "precursors.0.cn_code"),
    ],
)
def test_a_bad_link_is_refused_naming_its_key(base_cfg, link, key):
    with pytest.raises(ConfigError) as err:
        model_inputs(_chain(base_cfg, link=link))
    assert key in err.value.key


def test_a_chain_that_loops_back_is_refused(base_cfg):
    cfg = _chain(base_cfg)
    cfg["population"]["entities"]["smelter"]["precursors"] = [
        _link({"supplier": "alu_sheet_c1", "t_per_t": 0.1, "source": "s"})
    ]
    with pytest.raises(
        ConfigError, match=r"(alu_sheet_c1 <- smelter <- alu_sheet_c1|smelter <- alu)"
    ):
        model_inputs(cfg)
