"""System dynamics: delays, conservation, feedback, learning, green power, data, calendar."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.dynamics.batch import run_model
from sim.dynamics.simulation import Simulation
from sim.inputs.gate import build_inputs
from sim.pipeline import model_inputs
from tests.conftest import compose_plain

T = {y: i for i, y in enumerate(range(2026, 2035))}


@pytest.fixture(scope="module")
def baseline():
    inp, draws = model_inputs(compose_plain())
    return inp, run_model(inp, draws)


def ids(inp, name):
    return list(inp.population.ids).index(name)


# -- delays and conservation --------------------------------------------------------------


def test_nothing_commissions_before_its_lead_time(base_cfg):
    # Make hydrogen DRI free so it is certainly started in 2027 (its first year), lead 3 years.
    opt = base_cfg["technology"]["options"]["h2_dri_eaf"]
    opt.update(capex_eur_per_t=0.0, opex_eur_per_t=-100.0)
    inp, draws = model_inputs(base_cfg)
    out = run_model(inp, draws)
    k = list(inp.technology.ids).index("h2_dri_eaf")
    e = ids(inp, "steel_hrc_a1")
    share = out["abatement_share"][0, e, k]
    building = out["under_construction"][0, e, k]
    assert share[: T[2030]].max() == 0.0  # 2027 + 3 years
    assert share[T[2030]] > 0.0
    assert building[T[2027]] > 0.0 and building[T[2026]] == 0.0  # started 2027, end of year
    assert building[T[2030]] < building[T[2029]]  # the first projects have commissioned


def test_capacity_is_conserved_and_equals_commissioned_projects(baseline):
    inp, out = baseline
    cap = out["production_capacity"][0]  # (E, R, T)
    production = inp.behaviour.production_t
    np.testing.assert_allclose(cap.sum(axis=1), production[:, None] * np.ones(9))
    tech = inp.technology
    for k in np.flatnonzero(tech.is_route_option):
        r = tech.to_route[k]
        users = tech.applicable[:, k]
        np.testing.assert_allclose(
            cap[users, r, :], out["abatement_share"][0][users, k, :] * production[users, None]
        )
    assert (out["abatement_share"] <= tech.max_share[None, None, :, None] + 1e-12).all()


# -- feedback ------------------------------------------------------------------------------


def weighted_intensity(inp, out, year):
    w = inp.behaviour.production_t
    return float((out["direct_intensity"][0, :, T[year]] * w).sum() / w.sum())


def test_higher_eu_price_means_more_abatement_and_lower_intensity():
    runs = {}
    for p in ("low", "high"):
        inp, draws = model_inputs(compose_plain([f"prices={p}"]))
        runs[p] = (inp, run_model(inp, draws))
    capex = {p: runs[p][1]["abatement_capex"].sum() for p in runs}
    assert capex["high"] > capex["low"] > 0
    assert weighted_intensity(*runs["high"], 2034) < weighted_intensity(*runs["low"], 2034)


def test_response_lowers_cost_where_cbam_bites(baseline):
    inp, out = baseline
    frozen = run_model(*model_inputs(compose_plain(["response.enabled=false"])))
    assert out["cbam_cost"][..., T[2034]].sum() < frozen["cbam_cost"][..., T[2034]].sum()
    assert weighted_intensity(inp, out, 2034) < weighted_intensity(inp, frozen, 2034)


def test_no_cbam_no_cbam_driven_investment():
    inp, draws = model_inputs(compose_plain(["policy.cbam_enabled=false"]))
    out = run_model(inp, draws)
    assert out["cbam_cost"].sum() == 0.0
    assert out["abatement_capex"].sum() == 0.0  # the domestic price alone does not pay
    # nobody pays for verified data it does not need
    np.testing.assert_array_equal(out["verified_data"][0, :, -1], ~inp.population.uses_default)
    assert out["green_power_share"][..., :2, :].sum() == 0.0


def test_configured_learning_rate_reaches_the_options(base_cfg):
    inp = build_inputs(base_cfg)
    k = list(inp.technology.ids).index("green_hydrogen")
    assert 2.0 ** -inp.technology.learning_exponent[k] == pytest.approx(1 - 0.15)


# -- green power ---------------------------------------------------------------------------


def cost_2030(overrides, kind=None, share=0.0):
    inp, draws = model_inputs(compose_plain(["response.enabled=false", *overrides]))
    sim = Simulation(inp, draws)
    if kind is not None:
        sim.state.green_share[..., kind] = share
    cost = sim.run()["cbam_cost"][0, :, T[2030]]
    return dict(zip(inp.population.sector, cost, strict=True)), inp


@pytest.mark.parametrize("kind", [0, 1], ids=["direct_line", "ppa"])
def test_green_power_lowers_cbam_only_where_indirect_counts(kind):
    plain, _ = cost_2030([])
    green, _ = cost_2030([], kind, 0.8)
    for sector in ("cement", "fertilisers"):
        assert green[sector] < plain[sector]
    for sector in ("iron_steel", "aluminium", "hydrogen"):
        assert green[sector] == plain[sector]
    plain_all, _ = cost_2030(["policy.indirect_for_all_sectors_from=2030"])
    green_all, _ = cost_2030(["policy.indirect_for_all_sectors_from=2030"], kind, 0.8)
    for sector in ("iron_steel", "aluminium", "cement", "fertilisers"):
        assert green_all[sector] < plain_all[sector]


def test_unbundled_certificates_never_lower_cbam():
    plain, _ = cost_2030(["policy.indirect_for_all_sectors_from=2026"])
    gec, _ = cost_2030(["policy.indirect_for_all_sectors_from=2026"], 2, 1.0)
    assert gec == plain


# -- verified data -------------------------------------------------------------------------


def test_default_value_unit_switches_to_verified_data_after_lead_time(baseline):
    inp, out = baseline
    e = ids(inp, "steel_tinplate_a3")
    assert out["verified_data"][0, e, :2].tolist() == [0.0, 1.0]  # decided 2026, lead 1 yr
    see = out["specific_embedded_emissions"][0, e]
    # IR 2025/2621 China CN 7210 (route C) 3.205 with the 2026 mark-up of 10 %
    assert see[T[2026]] == pytest.approx(3.205 * 1.10)
    assert see[T[2027]] == pytest.approx(2.25)  # its actual direct intensity


def test_unit_stays_on_default_values_when_verification_does_not_pay():
    inp, draws = model_inputs(compose_plain(["response.mrv_annual_eur=1e12"]))
    out = run_model(inp, draws)
    e = ids(inp, "steel_tinplate_a3")
    assert out["verified_data"][0, e].max() == 0.0
    assert out["specific_embedded_emissions"][0, e, T[2027]] == pytest.approx(3.205 * 1.20)


# -- ensembles -----------------------------------------------------------------------------


def test_one_draw_alone_equals_its_slice_of_the_ensemble():
    inp, draws = model_inputs(compose_plain(["ensemble=prices_capex", "ensemble.n=8"]))
    full = run_model(inp, draws)
    assert np.ptp(full["cbam_cost"].sum(axis=(1, 2))) > 0  # the draws differ
    for k in (0, 5):
        alone = run_model(inp, draws.slice(k, k + 1))
        for name, values in full.items():
            if np.ndim(values) >= 2:
                np.testing.assert_array_equal(values[k], alone[name][0], err_msg=name)


# -- the compliance calendar --------------------------------------------------------------


def test_compliance_events_in_designed_order():
    sim = Simulation(*model_inputs(compose_plain()))
    sim.run()
    ev = [(d, name, y) for d, name, y in sim.events]
    assert ev[0] == (dt.date(2026, 1, 1), "year_start", 2026)
    assert [e[0] for e in ev] == sorted(e[0] for e in ev)
    assert not any(n.startswith("quarter_check") and y == 2026 for _, n, y in ev)
    pos = {(d, n, y): i for i, (d, n, y) in enumerate(ev)}
    assert (
        pos[(dt.date(2027, 2, 1), "sales_open", 0)]
        < pos[(dt.date(2027, 3, 31), "quarter_check_q1", 2027)]
    )
    for y in range(2026, 2035):
        surrender = (dt.date(y + 1, 9, 30), "surrender", y)
        assert surrender in pos
        assert pos[surrender] < pos[(dt.date(y + 1, 10, 31), "repurchase", y)]
        if y + 1 <= 2034:  # year y is surrendered while year y+1's quarterly checks run
            assert pos[(dt.date(y + 1, 6, 30), "quarter_check_q2", y + 1)] < pos[surrender]
            assert pos[surrender] < pos[(dt.date(y + 1, 9, 30), "quarter_check_q3", y + 1)]


def test_event_count_does_not_grow_with_draws():
    one = Simulation(*model_inputs(compose_plain()))
    many = Simulation(*model_inputs(compose_plain(["ensemble=prices_capex", "ensemble.n=50"])))
    one.run()
    many.run()
    assert len(one.events) == len(many.events)


def test_quarterly_holding_and_surrender_cash(baseline):
    _, out = baseline
    due = out["certificates"][0]  # (E, T)
    bought = out["certificate_purchases"][0]  # (E, Q), Q = 0 is 2026Q1
    q = lambda y, n: 4 * (y - 2026) + n - 1  # noqa: E731
    # 2027 imports: at least 50 % of the year-to-date obligation held at each quarter end
    for n in (1, 2, 4):
        np.testing.assert_allclose(bought[:, q(2027, n)], 0.5 * due[:, T[2027]] / 4)
    # 2027Q3 (30 Sep): the rest of 2026 is bought for surrender, plus 2027's Q3 holding
    np.testing.assert_allclose(bought[:, q(2027, 3)], due[:, T[2026]] + 0.5 * due[:, T[2027]] / 4)
    np.testing.assert_allclose(bought.sum(-1), due.sum(-1))  # everything due is bought once
    np.testing.assert_allclose(out["certificates_surrendered"][0].sum(-1), due.sum(-1))
    assert out["certificate_repurchase_revenue"].sum() == 0.0  # net basis: never over-held
    # 2026 certificates cost the 2026 (quarterly-average) price
    cost_2027q3 = out["certificate_purchase_cost"][0][:, q(2027, 3)]
    price = out["certificate_price"][0]
    np.testing.assert_allclose(
        cost_2027q3, due[:, T[2026]] * price[T[2026]] + 0.5 * due[:, T[2027]] / 4 * price[T[2027]]
    )


def test_gross_holding_basis_leads_to_capped_repurchase():
    inp, draws = model_inputs(compose_plain(["policy.compliance.quarterly_holding_basis=gross"]))
    out = run_model(inp, draws)
    revenue = out["certificate_repurchase_revenue"][0]
    assert revenue.sum() > 0  # cement holds 50 % of gross but owes far less net
    bought = out["certificate_purchases"][0]
    repurchased_q = 4 * (2028 - 2026) + 3  # 31 Oct 2028 for import year 2027
    cap = inp.policy.compliance.repurchase_cap * bought[:, 4:8].sum(-1)  # bought in calendar 2027
    price = out["certificate_price"][0]
    assert (revenue[:, repurchased_q] <= cap * price.max() + 1e-6).all()


# -- regressions found in review ----------------------------------------------------------


def test_decisions_do_not_depend_on_the_run_horizon():
    short = run_model(*model_inputs(compose_plain(["run.end_year=2028"])))
    full = run_model(*model_inputs(compose_plain()))
    np.testing.assert_allclose(short["abatement_capex"], full["abatement_capex"][..., :3])
    np.testing.assert_allclose(short["cbam_cost"], full["cbam_cost"][..., :3])


def test_draw_inputs_do_not_depend_on_ensemble_size_or_horizon():
    # with plain random sampling a draw's inputs are the same whatever the ensemble size
    # (a Latin hypercube stratifies over all n draws, so there they depend on n by design)
    def draws(*extra):
        return model_inputs(
            compose_plain(["ensemble=uncertain", "ensemble.sampler=random", *extra])
        )[1]

    small, large = draws("ensemble.n=3"), draws("ensemble.n=5")
    np.testing.assert_array_equal(small.certificate_price_eur, large.certificate_price_eur[:3])
    np.testing.assert_array_equal(small.capex_multiplier, large.capex_multiplier[:3])
    short = draws("ensemble.n=3", "run.end_year=2028")
    np.testing.assert_array_equal(short.certificate_price_eur, small.certificate_price_eur[:, :3])


def test_price_draws_are_centred_on_the_configured_path():
    inp, draws = model_inputs(compose_plain(["ensemble=prices_capex", "ensemble.n=20000"]))
    ratio = draws.certificate_price_eur.mean(0) / inp.prices.certificate_price_eur
    np.testing.assert_allclose(ratio, 1.0, atol=0.02)  # sampling error ~0.3 % at n = 20,000
    np.testing.assert_allclose(np.median(draws.capex_multiplier), 1.0, atol=0.02)


def test_green_shares_only_grow_and_never_exceed_one():
    out = run_model(
        *model_inputs(
            compose_plain(
                ["response.power_reporting_value_eur_per_mwh=100", "response.power_imitation=1.0"]
            )
        )
    )
    g = out["green_power_share"]  # (D, E, J, T)
    assert (np.diff(g, axis=-1) >= -1e-12).all()
    assert (g.sum(axis=2) <= 1 + 1e-12).all()
    assert g[..., 0, -1].max() >= 0.30  # direct lines built as projects of >= 30 % of load


def test_deduction_follows_the_current_value_basis():
    inp, draws = model_inputs(compose_plain(["policy.deduction_with_default_values=false"]))
    out = run_model(inp, draws)
    e = ids(inp, "steel_tinplate_a3")  # on default values in 2026, verified from 2027
    ded = out["carbon_price_deduction"][0, e]
    assert ded[T[2026]] == 0.0 and (ded[T[2027] :] > 0).all()


def test_an_option_that_costs_nothing_is_not_taken_when_it_hurts():
    # Green ammonia on grid power raises CBAM emissions (5.7 MWh/t x 0.55 > coal route);
    # with no domestic carbon price to gain on direct emissions it only hurts.
    no_china_price = [f"prices.domestic_price_cny.{y}=0" for y in (2026, 2028, 2030, 2032, 2034)]
    inp, draws = model_inputs(
        compose_plain(
            [
                "technology.options.green_ammonia.capex_eur_per_t=0",
                "technology.options.green_ammonia.opex_eur_per_t=0",
                *no_china_price,
            ]
        )
    )
    out = run_model(inp, draws)
    k = list(inp.technology.ids).index("green_ammonia")
    assert out["abatement_share"][0, ids(inp, "urea_b5"), k].max() == 0.0


def test_cumulative_cost_is_the_running_sum_of_costs(baseline):
    _, out = baseline
    yearly = out["cbam_cost"] + out["abatement_capex"] + out["abatement_opex"] + out["mrv_cost"]
    np.testing.assert_allclose(np.diff(out["cumulative_cost"], axis=-1), yearly[..., 1:])
    assert (np.diff(out["cumulative_cost"], axis=-1) >= 0).all()


def test_chunked_equals_unchunked_and_same_seed_is_bit_identical():
    from sim.dynamics.batch import run_chunked

    inp, draws = model_inputs(compose_plain(["ensemble=uncertain", "ensemble.n=50"]))
    whole = run_chunked(inp, draws, 50)
    again = run_chunked(*model_inputs(compose_plain(["ensemble=uncertain", "ensemble.n=50"])), 7)
    for name, values in whole.items():
        np.testing.assert_array_equal(values, again[name], err_msg=name)
    other = run_chunked(
        *model_inputs(compose_plain(["ensemble=uncertain", "ensemble.n=50", "ensemble.seed=1"])),
        50,
    )
    assert not np.array_equal(other["cbam_cost"], whole["cbam_cost"])


@pytest.mark.parametrize("sampler", ["lhs", "sobol", "random"])
def test_ensemble_of_one_equals_the_deterministic_run(sampler):
    det = run_model(*model_inputs(compose_plain()))
    one = run_model(*model_inputs(compose_plain(["ensemble=none", f"ensemble.sampler={sampler}"])))
    for name, values in det.items():
        np.testing.assert_array_equal(values, one[name], err_msg=name)


def test_threads_give_the_same_result_as_one_thread():
    from sim.dynamics.batch import run_chunked

    inp, draws = model_inputs(compose_plain(["ensemble=uncertain", "ensemble.n=40"]))
    one = run_chunked(inp, draws, 8, workers=1)
    two = run_chunked(inp, draws, 8, workers=2)
    for name, values in one.items():
        np.testing.assert_array_equal(values, two[name], err_msg=name)


def test_a_run_may_start_after_certificate_sales_opened():
    """run.start_year=2028: sales opened on 1 February 2027, before the first simulated day
    (this raised simpy's 'Negative delay'); quarterly holdings apply from the first year."""
    inp, draws = model_inputs(compose_plain(["run.start_year=2028"]))
    sim = Simulation(inp, draws)
    out = sim.run()
    assert inp.years.tolist() == list(range(2028, 2035))
    assert not any(name == "sales_open" for _, name, _ in sim.events)
    bought = out["certificate_purchases"][0]  # (E, Q), Q = 0 is 2028Q1
    due = out["certificates"][0]
    np.testing.assert_allclose(bought[:, 0], 0.5 * due[:, 0] / 4)  # Q1 2028 holding


def test_the_benchmark_of_the_second_period_applies_from_2028():
    # IR 2025/2620 prints two Column B values for alloy bars 7228 30 69, route (F):
    # 1.613 for 2026-2027 and 1.446 for 2028-2030; hot-rolled coil has one (1.370)
    inp, draws = model_inputs(compose_plain(["response.verified_data=never"]))
    out = run_model(inp, draws)
    bars, coil = ids(inp, "alloy_bars_b2"), ids(inp, "steel_hrc_a1")
    assert out["cbam_benchmark"][0, bars, : T[2028] + 1].tolist() == [1.613, 1.613, 1.446]
    assert set(out["cbam_benchmark"][0, coil].tolist()) == {1.370}
    faa = out["free_allocation_adjustment"][0, bars, T[2028]]
    volume = out["export_volume"][0, bars, T[2028]]
    assert faa == pytest.approx(volume * 0.90 * 1.0 * 1.446)  # CF 2028 x CSCF x benchmark
