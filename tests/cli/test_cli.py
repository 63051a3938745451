"""End to end: run the installed CLI into a temporary directory and open what it wrote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.dynamics.batch import run_model
from sim.io.results import open_results
from sim.pipeline import model_inputs
from sim.variables import VARIABLES
from tests.conftest import cli, compose_plain

REQUIRED = [
    "cbam_factor",
    "certificate_price",
    "domestic_carbon_price",
    "export_volume",
    "cbam_benchmark",
    "specific_embedded_emissions",
    "embedded_emissions",
    "free_allocation_adjustment",
    "carbon_price_deduction",
    "certificates",
    "cbam_cost",
]


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    proc = cli(f"hydra.run.dir={out}", cwd=out)
    assert proc.returncode == 0, proc.stderr
    return out, proc, open_results(out / "results.nc")


def test_default_run_writes_results_and_prints_summary(default_run):
    out, proc, ds = default_run
    assert "CBAM cost, million EUR" in proc.stdout
    assert "EUR/t" in proc.stdout
    for sector in ["iron_steel", "aluminium", "cement", "fertilisers", "hydrogen"]:
        assert sector in proc.stdout
    assert f"Results: {(out / 'results.nc').resolve()}" in proc.stdout
    assert ds.sizes["year"] == 9 and ds.sizes["entity"] == 23 and "draw" not in ds.dims
    assert ds.sizes["quarter"] == 40  # 2026Q1 .. 2035Q4: surrender of 2034 runs into 2035
    assert ds["year"].values.tolist() == list(range(2026, 2035))
    assert ds["year"].dtype == np.int64  # netCDF4 keeps int64 (netCDF3 would narrow it)
    for coord in ["sector", "park", "route", "good"]:
        assert ds[coord].dims == ("entity",)
    assert len(set(ds["park"].values)) >= 2


def test_every_variable_has_units_and_long_name(default_run):
    ds = default_run[2]
    for name in REQUIRED:
        assert name in ds.data_vars
    for name, var in ds.data_vars.items():
        assert var.attrs["cbam_units"] == VARIABLES[name].units  # units: UDUNITS (test_cf)
        assert var.attrs["long_name"]
    assert ds["cbam_cost"].attrs["cbam_units"] == "EUR"
    assert ds["specific_embedded_emissions"].attrs["cbam_units"] == "tCO2e/t"


def test_provenance_attributes(default_run):
    ds = default_run[2]
    for key in ["config", "cbam_sim_version", "git_commit", "seed", "created", "sources"]:
        assert ds.attrs[key]
    cfg = yaml.safe_load(ds.attrs["config"])
    assert cfg["policy"]["name"] == "enacted" and cfg["prices"]["name"] == "central"
    assert "policy.cbam_factor_source" in ds.attrs["sources"]


def test_output_identities_hold_on_every_cell(default_run):
    ds = default_run[2]
    np.testing.assert_allclose(
        ds.embedded_emissions, ds.export_volume * ds.specific_embedded_emissions
    )
    np.testing.assert_allclose(
        ds.free_allocation_adjustment,
        ds.export_volume * ds.cbam_factor * ds.cscf * ds.cbam_benchmark,
    )
    np.testing.assert_allclose(
        ds.certificates,
        np.maximum(
            0, ds.embedded_emissions - ds.free_allocation_adjustment - ds.carbon_price_deduction
        ),
    )
    np.testing.assert_allclose(ds.cbam_cost, ds.certificates * ds.certificate_price)
    assert (ds.cbam_cost >= 0).all()
    assert (ds.carbon_price_deduction >= 0).all()


def test_file_matches_engine_called_directly(default_run):
    ds = default_run[2]
    direct = run_model(*model_inputs(compose_plain()))
    for name, values in direct.items():
        values = values[0] if ds[name].ndim < np.ndim(values) else values  # one draw: squeezed
        np.testing.assert_array_equal(ds[name].values, values, err_msg=name)


def test_python_dash_m_and_overrides(tmp_path):
    proc = cli(
        f"hydra.run.dir={tmp_path}",
        "prices=high",
        "policy.cscf=0.95",
        "population.entities.steel_hrc_a1.value_basis=default",
        cwd=tmp_path,
        module=True,
    )
    assert proc.returncode == 0, proc.stderr
    ds = open_results(tmp_path / "results.nc")
    assert ds.attrs["prices"] == "high"
    assert float(ds.certificate_price.sel(year=2030)) == 160.0
    assert np.allclose(ds.cscf, 0.95)
    assert str(ds.value_basis.sel(entity="steel_hrc_a1").values) == "default"
    # default values: SEE = 3.187 (IR 2025/2621 China 7208) x (1 + 10 % mark-up) in 2026
    # (it pays to verify from 2027)
    see = ds.specific_embedded_emissions.sel(entity="steel_hrc_a1")
    assert float(see.sel(year=2026)) == pytest.approx(3.187 * 1.1)


def test_rerun_skips_same_config_and_refuses_to_overwrite_another(default_run):
    out = default_run[0]
    before = (out / "results.nc").stat().st_mtime_ns
    same = cli(f"hydra.run.dir={out}", cwd=out)
    assert same.returncode == 0 and "already done (same config)" in same.stderr
    other = cli(f"hydra.run.dir={out}", "prices=high", cwd=out)
    assert other.returncode != 0 and "refusing to overwrite" in other.stderr
    assert (out / "results.nc").stat().st_mtime_ns == before


def test_cfg_job_prints_config_without_running(tmp_path):
    proc = cli("--cfg", "job", cwd=tmp_path)
    assert proc.returncode == 0
    cfg = yaml.safe_load(proc.stdout)
    assert cfg["policy"]["cbam_factor"]["2026"] == 0.975
    assert not (tmp_path / "outputs").exists()


def test_help_explains_groups_and_overrides(tmp_path):
    proc = cli("--help", cwd=tmp_path)
    assert proc.returncode == 0
    for text in [
        "policy",
        "prices",
        "population",
        "scenario",
        "prices=high",
        "policy.cscf",
        "value_basis",
        "-m",
    ]:
        assert text in proc.stdout


def test_multirun_sweep_with_basic_launcher(tmp_path):
    proc = cli(
        "-m", "prices=low,high", f"hydra.sweep.dir={tmp_path}", "run.quiet=true", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    files = sorted(tmp_path.glob("*/results.nc"))
    assert len(files) == 2
    costs = {open_results(f).attrs["prices"]: float(open_results(f).cbam_cost.sum()) for f in files}
    assert costs["high"] > costs["low"]


def test_ensemble_run_has_a_draw_dimension(tmp_path):
    proc = cli(f"hydra.run.dir={tmp_path}", "ensemble=prices_capex", "ensemble.n=20", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Median over 20 draws" in proc.stdout
    ds = open_results(tmp_path / "results.nc")
    assert ds.sizes["draw"] == 20
    assert ds.cbam_cost.dims == ("draw", "entity", "year")
    assert ds.cbam_factor.dims == ("year",)
    assert float(ds.certificate_price.sel(year=2030).std()) > 0  # prices differ across draws
    np.testing.assert_allclose(ds.cbam_cost, ds.certificates * ds.certificate_price)


def test_dynamic_outputs_carry_units(default_run):
    ds = default_run[2]
    expected = {
        "production_capacity": ("t/yr", ("entity", "production_route", "year")),
        "abatement_share": ("1", ("entity", "option", "year")),
        "green_power_share": ("1", ("entity", "power_kind", "year")),
        "abatement_capex": ("EUR", ("entity", "year")),
        "leakage_volume": ("t", ("entity", "year")),
        "reserve_balance": ("EUR", ("entity", "year")),
        "certificate_purchase_cost": ("EUR", ("entity", "quarter")),
        "expected_certificate_price": ("EUR/tCO2e", ("year",)),
    }
    for name, (units, dims) in expected.items():
        assert ds[name].attrs["cbam_units"] == units and ds[name].dims == dims, name
    assert ds.quarter.values[0] == "2026Q1" and ds.quarter.values[-1] == "2035Q4"


def test_all_scenarios_run_at_once(tmp_path):
    proc = cli(
        "-m",
        "scenario=glob(*)",
        "run.end_year=2027",
        "run.quiet=true",
        f"hydra.sweep.dir={tmp_path}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    names = {open_results(f).attrs["scenario"] for f in tmp_path.glob("*/results.nc")}
    assert {"baseline", "downstream_2028", "eu_ets_softened", "indirect_2030"} <= names
    assert len(names) >= 9


def run_user_scenario(tmp_path, name: str, body: str):
    """Write ``scenario/<name>.yaml`` into a user config folder, run it, open the results."""
    mine = tmp_path / "my_configs" / "scenario"
    mine.mkdir(parents=True)
    (mine / f"{name}.yaml").write_text("# @package _global_\n" + body)
    out = tmp_path / "run"
    proc = cli(
        "--config-dir",
        str(tmp_path / "my_configs"),
        f"scenario={name}",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    return open_results(out / "results.nc")


def test_a_user_scenario_is_one_small_yaml_file(tmp_path):
    ds = run_user_scenario(
        tmp_path,
        "cheap_mrv",
        "scenario:\n  name: cheap_mrv\n  question: what if verification were free?\n"
        "response:\n  mrv_setup_eur: 0\n  mrv_annual_eur: 0\n",
    )
    assert ds.attrs["scenario"] == "cheap_mrv"
    assert float(ds.mrv_cost.sum()) == 0.0


def test_sobol_command_writes_indices_and_figures(tmp_path):
    exe = str(Path(sys.executable).parent / "cbam-sobol")
    proc = subprocess.run(
        [
            exe,
            "ensemble=uncertain",
            "sensitivity.n=32",
            "run.end_year=2028",
            f"hydra.run.dir={tmp_path}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Sobol indices of the 2028 CBAM cost" in proc.stdout
    assert "95 % intervals (bootstrap, 100 resamples)" in proc.stdout
    assert "-0.000" not in proc.stdout
    # at n = 32 the intervals are wide: one line says so and what to raise
    assert "Sobol intervals are wider than 0.1" in proc.stderr
    assert "raise sensitivity.n (now 32)" in proc.stderr and "Traceback" not in proc.stderr
    ds = open_results(tmp_path / "sobol.nc")
    assert set(ds.dims) == {"output", "year", "parameter"}
    assert {"total_order_low", "total_order_high", "first_order_low"} <= set(ds.data_vars)
    assert (tmp_path / "sobol.png").stat().st_size > 10_000 and (tmp_path / "sobol.svg").exists()


def test_a_scenario_sets_the_horizon(tmp_path):
    """configs/config.yaml lists _self_ before the groups: a scenario's run.* values win
    (with _self_ last, run.end_year from config.yaml silently overrode them)."""
    ds = run_user_scenario(
        tmp_path, "to_2030", "scenario:\n  name: to_2030\nrun:\n  end_year: 2030\n"
    )
    assert ds.year.values.tolist() == list(range(2026, 2031))
    assert ds.attrs["seed"] == "0"  # the one seed key, ensemble.seed


def test_the_recorded_seed_is_the_seed_that_draws(tmp_path):
    out = tmp_path / "run"
    proc = cli(
        "ensemble=prices_capex",
        "ensemble.n=4",
        "ensemble.seed=17",
        "run.end_year=2027",
        "run.quiet=true",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert open_results(out / "results.nc").attrs["seed"] == "17"
    gone = cli("run.seed=3", f"hydra.run.dir={tmp_path / 'old'}", cwd=tmp_path)
    assert gone.returncode == 2 and "run.seed" in gone.stderr
    assert "the one seed is ensemble.seed" in gone.stderr  # the removed key names its successor


def test_rerun_reproduces_a_file_written_before_the_relayering(tmp_path):
    """A results file of an earlier version (config keys since removed or added) is re-run
    after migrating its config, and every number is reproduced bit for bit."""
    old = tmp_path / "old.nc"
    old.write_bytes((Path(__file__).parent / "data" / "results_d412d29.nc").read_bytes())
    exe = str(Path(sys.executable).parent / "cbam-rerun")
    proc = subprocess.run([exe, str(old)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "bit-identical" in proc.stdout
    assert "run.seed" in proc.stdout and "prices.growth_after_horizon" in proc.stdout


def test_an_india_origin_run_end_to_end(tmp_path):
    """Another origin through the installed CLI: India's default values are looked up."""
    out = tmp_path / "india"
    proc = cli(
        "population=india_eu", "response.verified_data=never", f"hydra.run.dir={out}", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "population india_eu" in proc.stdout
    ds = open_results(out / "results.nc")
    assert set(ds.origin.values) == {"IN"}
    see = ds.specific_embedded_emissions.sel(entity="steel_slab_i5")
    # IR 2025/2621 India CN 7207 12 10, route (C): 4.270; mark-up 10 % (2026), 30 % (2028)
    assert float(see.sel(year=2026)) == pytest.approx(4.27 * 1.1)
    assert float(see.sel(year=2028)) == pytest.approx(4.27 * 1.3)
    assert float(ds.cbam_cost.sum()) > 0


def test_the_readme_recipe_for_a_parks_own_firms(tmp_path):
    """README: cbam-sim population=own_firms population.entities_file=scenarios/examples/..."""
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "own"
    proc = cli(
        "population=own_firms",
        "population.entities_file=scenarios/examples/park_firms.csv",
        f"hydra.run.dir={out}",
        cwd=root,
    )
    assert proc.returncode == 0, proc.stderr
    ds = open_results(out / "results.nc")
    assert list(ds.entity.values) == [
        "coastal_steel_no_1_72083900",
        "coastal_steel_no_1_72104900",
        "harbour_wire_co_72171010",
        "harbour_aluminium_rolling_76061299",
    ]
    assert list(ds.value_basis.values) == ["actual", "default", "actual", "actual"]


def test_a_user_scenario_written_as_the_scenarios_readme_says(tmp_path):
    """scenarios/README.md, followed literally: its example file in my_configs/scenario/."""
    readme = (Path(__file__).resolve().parents[2] / "scenarios" / "README.md").read_text()
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "my_configs" / "scenario"
    folder.mkdir(parents=True)
    (folder / "my_scenario.yaml").write_text(example)
    out = tmp_path / "run"
    proc = cli(
        "--config-dir", "my_configs", "scenario=my_scenario", f"hydra.run.dir={out}", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    ds = open_results(out / "results.nc")
    assert ds.attrs["scenario"] == "my_scenario" and np.allclose(ds.cscf, 0.95)


def test_a_user_scenario_without_the_package_line_is_told_what_it_lacks(tmp_path):
    folder = tmp_path / "my_configs" / "scenario"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("scenario:\n  name: mine\npolicy:\n  cscf: 0.95\n")
    proc = cli(
        "--config-dir", "my_configs", "scenario=mine", f"hydra.run.dir={tmp_path}/r", cwd=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(
        "(a scenario file of your own starts with '# @package _global_': scenarios/README.md)"
    )
    assert "Traceback" not in proc.stderr and not (tmp_path / "r" / "results.nc").exists()
