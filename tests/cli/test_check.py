"""cbam-check (issue 15, item 5): a fresh run checks clean against the golden baseline, a
planted change is found with its size and place, structural changes are reported, bad
tolerances get one line, and the comparison flags exactly the cells numpy.isclose does."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.analysis.regression import check
from tests.conftest import cli
from tests.golden.digest import array_digest
from tests.golden.generate import BASELINE_FILE

CHECK = str(Path(sys.executable).parent / "cbam-check")


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHECK, *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def golden(tmp_path_factory) -> Path:
    """The golden baseline (tests/golden/baseline.nc.gz) as a netCDF file."""
    path = tmp_path_factory.mktemp("golden") / "baseline.nc"
    path.write_bytes(gzip.decompress(BASELINE_FILE.read_bytes()))
    return path


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A default ``cbam-sim`` run of this code."""
    where = tmp_path_factory.mktemp("fresh")
    proc = cli(f"hydra.run.dir={where / 'run'}", "run.quiet=true", cwd=where)
    assert proc.returncode == 0, proc.stderr
    return where / "run" / "results.nc"


def test_the_golden_baseline_file_holds_the_golden_numbers(golden):
    want = json.loads((BASELINE_FILE.parent / "results.json").read_text(encoding="utf-8"))
    digests = want["cases"]["scenario=baseline"]
    with xr.open_dataset(golden) as ds:
        names = sorted(ds.data_vars)
        assert [f"var:{n}" for n in names] == sorted(k for k in digests if k.startswith("var:"))
        for name in names:
            v = ds[name].variable
            if v.dtype.kind == "f":  # float arrays: the same bytes as the golden digest
                got = array_digest(v.values, tuple(v.dims))["sha256"]
                assert got == digests[f"var:{name}"]["sha256"], name


def test_a_fresh_run_checks_clean_against_the_golden_baseline(golden, fresh, tmp_path):
    proc = _check(golden, fresh, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "every variable within tolerance" in proc.stdout
    assert "55 variables compared" in proc.stdout


def test_a_planted_change_is_found_with_its_size_and_place(golden, tmp_path):
    with xr.open_dataset(golden) as ds:
        planted = ds.load()
    cell = {"entity": "steel_hrc_a1", "year": 2030}
    before = float(planted["cbam_cost"].sel(cell))
    planted["cbam_cost"].loc[cell] = before * 1.01
    planted.to_netcdf(tmp_path / "new.nc")
    proc = _check(golden, tmp_path / "new.nc", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("cbam_cost ")]
    assert len(lines) == 1 and "1 of 207" in lines[0] and "1.00%" in lines[0]
    assert "entity=steel_hrc_a1, year=2030" in lines[0]
    assert f"{before:.6g} -> {before * 1.01:.6g}" in lines[0]
    assert "1 of 55 variables moved beyond tolerance" in proc.stdout
    # within a tolerance given for it, nothing moved
    (tmp_path / "tol.yaml").write_text("variables:\n  cbam_cost: {rtol: 0.02}\n", "utf-8")
    proc = _check(golden, tmp_path / "new.nc", "--tolerances", tmp_path / "tol.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and "every variable within tolerance" in proc.stdout


def test_added_removed_and_relabelled_are_changes(golden, tmp_path):
    with xr.open_dataset(golden) as ds:
        base = ds.load()
    new = base.drop_vars("leakage_volume").assign(extra=base["cbam_cost"] * 0)
    new = new.assign_coords(entity=[*base.entity.values[:-1], "renamed_unit"])
    new["cbam_cost"].attrs["cbam_units"] = "kEUR"
    result = check(base, new, {})
    assert not result.passed
    assert result.only_base == ["leakage_volume"] and result.only_new == ["extra"]
    assert result.units == ["cbam_cost: EUR -> kEUR"]
    assert any(c.startswith("entity: only in base") and "renamed_unit" in c for c in result.labels)
    assert result.moved == []  # the shared entities did not move


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default: {rtol: -1}\n", "default.rtol: -1 is not a non-negative number"),
        ("default: {rtol: 1e-3, slack: 1}\n", "default: expected a mapping of rtol and atol"),
        ("tolerance: {}\n", "unknown key ['tolerance']"),
        ("variables: {cbam_cot: {rtol: 0.1}}\n", "no variable 'cbam_cot' in either results file"),
        ("ignore: cbam_cost\n", "ignore: expected a list of variable names"),
        ("default: [\n", "not valid YAML"),
    ],
)
def test_bad_tolerances_get_one_line(golden, tmp_path, text, message):
    (tmp_path / "tol.yaml").write_text(text, encoding="utf-8")
    proc = _check(golden, golden, "--tolerances", tmp_path / "tol.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr


def test_a_missing_file_gets_one_line(golden, tmp_path):
    proc = _check(golden, tmp_path / "nope.nc", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip().endswith("no such results file")


cells = arrays(np.float64, (4, 3), elements=st.floats(-1e6, 1e6, allow_subnormal=False))


@settings(max_examples=60, deadline=None)
@given(base=cells, shift=cells, rtol=st.sampled_from([0.0, 1e-9, 1e-3]))
def test_the_cells_flagged_are_those_numpy_isclose_rejects(base, shift, rtol):
    def ds(values: np.ndarray) -> xr.Dataset:
        coords = {"entity": ["a", "b", "c", "d"], "year": [2026, 2027, 2028]}
        return xr.Dataset({"x": (("entity", "year"), values)}, coords=coords)

    new = base + np.where(np.abs(shift) > 5e5, shift, 0.0)
    result = check(ds(base), ds(new), {"default": {"rtol": rtol, "atol": 1.0}})
    bad = ~np.isclose(new, base, rtol=rtol, atol=1.0)
    assert result.passed == (not bad.any())
    if bad.any():
        (moved,) = result.moved
        assert moved.cells == int(bad.sum()) and moved.of == 12
        assert moved.max_abs == pytest.approx(float(np.abs(new - base)[bad].max()))
    assert check(ds(base), ds(base), {}).passed


def test_a_zarr_store_checks_clean_against_the_netcdf_file_of_its_run(tmp_path):
    import zarr

    from sim.pipeline import run_to_file
    from tests.conftest import compose_plain

    args = ["ensemble=prices_capex", "ensemble.n=40", "run.end_year=2027"]
    _, netcdf, _ = run_to_file(compose_plain(args), tmp_path / "nc")
    zarr_run = compose_plain([*args, "run.output_file=results.zarr"])
    _, store, _ = run_to_file(zarr_run, tmp_path / "zarr")
    proc = _check(netcdf, store, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zarr.open_group(str(store), mode="r+")["cbam_cost"][7, 2, 1] += 1e3  # a planted change
    proc = _check(netcdf, store, cwd=tmp_path)
    assert proc.returncode == 1 and "cbam_cost" in proc.stdout, proc.stdout + proc.stderr
