"""The results meet the CF convention they claim (issue 16, item 19): the year and quarter
are time axes (``axis: T``), every ``units`` is a UDUNITS string, the model's own unit
(tCO2e, EUR, which UDUNITS lacks) is kept in ``cbam_units``; and a compressed file
(``run.compression``) reads back identical."""

from __future__ import annotations

import cf_xarray  # noqa: F401  (the .cf accessor)
import pytest
import xarray as xr

from sim.api import run
from sim.io.results import open_results, write_atomic
from sim.io.stream import encoding
from sim.variables import CF_UNITS, VARIABLES

# every units string the results use, checked by hand against UDUNITS-2 (udunits2-derived,
# -common, -accepted: t = tonne, MW, h, year; "1" dimensionless, as for money: CF has no
# currency unit)
UDUNITS = {"1", "t", "t-1", "MW", "MW h", "t year-1"}


@pytest.fixture(scope="module")
def ds():
    return run(["run.end_year=2028"])


def test_year_and_quarter_are_time_axes(ds):
    axes = ds.cf.axes
    assert "year" in axes["T"] and "quarter" in axes["T"]
    assert "standard_name" not in ds["year"].attrs  # a year number, not a CF time offset


def test_every_unit_is_a_udunits_string_and_the_models_unit_is_kept(ds):
    assert ds.attrs["Conventions"] == "CF-1.10"
    for name in ds.data_vars:
        attrs = ds[name].attrs
        assert attrs["units"] in UDUNITS, (name, attrs["units"])
        if name in VARIABLES:
            assert attrs["cbam_units"] == VARIABLES[name].units
            assert attrs["units"] == CF_UNITS[VARIABLES[name].units]
    assert ds["cbam_cost"].attrs["cbam_units"] == "EUR"
    assert ds["cbam_cost"].attrs["units"] == "1"
    assert ds["embedded_emissions"].attrs["units"] == "t"


@pytest.mark.parametrize("draws", [1, 64])
def test_a_compressed_file_reads_back_identical(draws, tmp_path):
    ensemble = ["ensemble=prices_capex", f"ensemble.n={draws}"] if draws > 1 else []
    ds = run(["run.end_year=2028", *ensemble])
    plain = write_atomic(ds, tmp_path / "plain.nc")
    packed = write_atomic(ds, tmp_path / "packed.nc", encoding(ds, 4))
    xr.testing.assert_identical(open_results(plain).load(), open_results(packed).load())
    assert open_results(packed)["cbam_cost"].encoding.get("zlib") is True
    if draws > 1:  # a single draw is too small to gain from it
        assert packed.stat().st_size < 0.5 * plain.stat().st_size


def test_the_compression_level_is_checked(tmp_path):
    from tests.conftest import cli

    proc = cli("run.compression=12", "run.end_year=2027", "run.quiet=true", cwd=tmp_path)
    assert proc.returncode == 2
    assert "run.compression = 12" in proc.stderr
