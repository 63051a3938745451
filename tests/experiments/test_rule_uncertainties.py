"""Rule uncertainties (issue 15, item 1): the CSCF and the China ETS effectively paid
share sampled per draw. A draw's results are those of a deterministic run with its rule
values (the response frozen, so that expectations, which stay on the configured rules,
play no part); with the response on, a higher CSCF never costs more; bad samples named."""

from __future__ import annotations

import numpy as np
import pytest

from sim.api import run
from sim.errors import ConfigError

RULES = [
    "+ensemble.uncertain.cscf={dist: uniform, low: 0.9, high: 1.0}",
    "+ensemble.uncertain.paid_share={dist: uniform, low: 0.5, high: 3.0}",
]
PAID = {"2026": 0.0, "2027": 0.02, "2028": 0.05, "2030": 0.10, "2034": 0.20}  # central.yaml


def test_a_draw_is_the_run_with_its_rule_values():
    frozen = ["response.enabled=false"]
    ens = run([*frozen, *RULES, "ensemble.n=3", "ensemble.sampler=random"])
    assert {"sampled_cscf", "sampled_paid_share"} <= set(ens.coords)
    for d in range(3):
        cscf, m = float(ens.sampled_cscf[d]), float(ens.sampled_paid_share[d])
        paid = [f"prices.effectively_paid_share.{y}={v * m!r}" for y, v in PAID.items()]
        one = run([*frozen, f"policy.cscf={cscf!r}", *paid])
        for var in (
            "cbam_cost",
            "certificates",
            "carbon_price_deduction",
            "free_allocation_adjustment",
        ):
            np.testing.assert_allclose(
                ens[var].isel(draw=d).values, one[var].values.squeeze(), rtol=1e-12, atol=1e-6
            )


def test_a_higher_cscf_never_costs_more():
    ens = run(["+ensemble.uncertain.cscf={dist: uniform, low: 0.8, high: 1.0}", "ensemble.n=12",
               "run.end_year=2030"])  # fmt: skip
    order = np.argsort(ens.sampled_cscf.values)
    cost = ens.cbam_cost.sum(("entity", "year")).values[order]
    assert (np.diff(cost) <= 1e-6).all() and cost[0] > cost[-1]


def test_the_paid_share_is_capped_at_one():
    frozen = "response.enabled=false"
    wide = "+ensemble.uncertain.paid_share={dist: uniform, low: 10, high: 20}"
    ens = run([frozen, wide, "ensemble.n=2", "ensemble.sampler=random"])
    whole = [f"prices.effectively_paid_share.{y}={1.0 if v else 0.0}" for y, v in PAID.items()]
    full = run([frozen, *whole]).carbon_price_deduction.squeeze()
    # from 2030 both draws pay on every covered tonne (0.10 x 10 >= 1): the same deduction
    late = {"year": slice(2030, None)}
    for d in range(2):
        got = ens.carbon_price_deduction.isel(draw=d).sel(late)
        np.testing.assert_allclose(got, full.sel(late), rtol=1e-12)


@pytest.mark.parametrize(
    ("spec", "key"),
    [("cscf={dist: uniform, low: 0.9, high: 1.1}", "ensemble.uncertain.cscf"),
     ("downstream_extension={dist: uniform, low: 0, high: 1}",
      "ensemble.uncertain.downstream_extension"),
     ("downstream_extension={dist: bernoulli, p: 1.5}",
      "ensemble.uncertain.downstream_extension.p"),
     ("paid_share={dist: normal, mean: 0.1, sd: 1.0}", "ensemble.uncertain.paid_share")],
)  # fmt: skip
def test_a_sample_outside_the_rule_s_range_is_named(spec, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        run([f"+ensemble.uncertain.{spec}", "ensemble.n=64", "run.end_year=2027"])


def test_the_downstream_extension_is_adopted_in_some_draws_and_not_in_others():
    """On the downstream scenario's population: a draw with the extension adopted is the
    scenario's run, one without is the same run with the extension never adopted."""
    frozen = ["response.enabled=false", "scenario=downstream_2028"]
    switch = "+ensemble.uncertain.downstream_extension={dist: bernoulli, p: 0.5}"
    ens = run([*frozen, switch, "ensemble.n=4", "ensemble.sampler=random", "ensemble.seed=3"])
    adopted = ens.sampled_downstream_extension.values
    assert set(adopted) == {0.0, 1.0}
    on = run(frozen).cbam_cost.squeeze()
    off = run([*frozen, "policy.downstream_extension_from=null"]).cbam_cost.squeeze()
    assert float(on.sum()) > float(off.sum())  # the rope maker pays from 2028
    for d, a in enumerate(adopted):
        np.testing.assert_array_equal(ens.cbam_cost.isel(draw=d), on if a else off)


def test_a_latin_hypercube_adopts_the_extension_in_its_share_of_draws():
    ens = run(["+ensemble.uncertain.downstream_extension={dist: bernoulli, p: 0.3}",
               "ensemble.n=100", "run.end_year=2026"])  # fmt: skip
    assert int(ens.sampled_downstream_extension.sum()) == 30
