"""Results as a Zarr store without a cluster (issue 15, item 4): the chunks of draws
written region by region in this process hold the bits of the netCDF run, the store is
written whole or not at all, and the readers open it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import zarr

import sim.dynamics.batch
import sim.io.zarr_store
from sim.errors import NonFiniteResultError
from sim.io.results import open_lazy, open_results
from sim.io.zarr_store import ZarrResults, fixed_width_strings, write_region
from sim.pipeline import run_plan, run_to_file
from tests.conftest import assert_same_results, compose_plain

# five chunks, the last one short (300 = 4 x 64 + 44)
SMALL = ["ensemble=uncertain", "ensemble.n=300", "run.end_year=2028", "ensemble.chunk_size=64"]
ZARR = "run.output_file=results.zarr"


@pytest.fixture(scope="module")
def netcdf(tmp_path_factory):
    _, path, _ = run_to_file(compose_plain(SMALL), tmp_path_factory.mktemp("nc"))
    return open_results(path)


def test_a_zarr_store_holds_the_bits_of_the_netcdf_run(netcdf, tmp_path):
    cfg = compose_plain([*SMALL, ZARR, "ensemble.workers=2"])
    plan = run_plan(cfg)
    assert plan.stream and plan.cluster is None and plan.n_chunks == 5
    ds, path, status = run_to_file(cfg, tmp_path)
    assert status == "done" and sorted(p.name for p in tmp_path.iterdir()) == ["results.zarr"]
    store = open_results(path)
    assert_same_results(netcdf, store)
    assert_same_results(netcdf, ds)
    # the digest leaves out how the run was carried out, not the name of its file
    assert store.attrs["config_sha256"] != netcdf.attrs["config_sha256"]
    assert store["cbam_cost"].encoding["chunks"] == (64, *store["cbam_cost"].shape[1:])
    assert zarr.open_group(str(path), mode="r").metadata.zarr_format == 2
    _, _, status = run_to_file(cfg, tmp_path)  # resume: the same config was run here
    assert status == "skipped"


@pytest.mark.parametrize(
    "extra",
    [
        ["ensemble.float32=true", "ensemble.variables=[cbam_cost]", "run.compression=3"],
        ["ensemble.n=1"],  # one deterministic draw: no draw axis, written whole
    ],
)
def test_the_other_run_settings_hold_the_bits_of_their_netcdf_run(tmp_path, extra):
    given = {e.split("=")[0] for e in extra}
    args = [a for a in SMALL if a.split("=")[0] not in given] + extra  # each key once
    _, nc, _ = run_to_file(compose_plain(args), tmp_path / "nc")
    _, store, _ = run_to_file(compose_plain([*args, ZARR]), tmp_path / "zarr")
    assert_same_results(open_results(nc), open_results(store))


def test_a_nan_in_a_later_chunk_leaves_no_store_and_no_temporary(tmp_path, monkeypatch):
    real = sim.dynamics.batch.run_model

    def broken(inp, draws, keep=()):
        out = real(inp, draws, keep)
        if float(draws.certificate_price_eur[0, -1]) == third_chunk_price:
            out["cbam_cost"] = out["cbam_cost"].copy()
            out["cbam_cost"][5, 1, 2] = np.nan
        return out

    cfg = compose_plain([*SMALL, ZARR])
    third_chunk_price = float(run_plan(cfg).draws.certificate_price_eur[128, -1])
    monkeypatch.setattr(sim.dynamics.batch, "run_model", broken)
    with pytest.raises(NonFiniteResultError, match=r"cbam_cost is NaN at draw=133, "):
        run_to_file(cfg, tmp_path)
    assert not list(tmp_path.iterdir())  # no results.zarr, no temporary store, no lock


def test_a_full_disk_is_refused_before_the_run(tmp_path, monkeypatch):
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(sim.io.zarr_store.shutil, "disk_usage", lambda p: usage._replace(free=1000))
    with pytest.raises(OSError, match="No space left"):
        run_to_file(compose_plain([*SMALL, ZARR]), tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_store_of_a_killed_writer_is_removed_and_an_unreadable_one_redone(netcdf, tmp_path):
    stale = tmp_path / ".results.zarr.999999999-abcd1234.tmp"  # no such process
    (stale / "cbam_cost").mkdir(parents=True)
    (tmp_path / "results.zarr").mkdir()  # left empty by an interrupted copy: unreadable
    _, path, status = run_to_file(compose_plain([*SMALL, ZARR]), tmp_path)
    assert status == "done" and not stale.exists()
    assert_same_results(netcdf, open_results(path))


def test_regions_land_where_they_belong_in_any_order(tmp_path):
    """The template holds no draw until written; regions written out of order, from
    the last chunk to the first, give the dataset back; the store is renamed into place
    only when every draw is in."""
    full = xr.Dataset(
        {"x": (("draw", "year"), np.arange(20.0).reshape(10, 2), {"units": "1"})},
        coords={
            "draw": np.arange(10),
            "year": [2026, 2027],
            "entity": ("e", np.array(["a", "bbb"], dtype="<U17")),
        },
        attrs={"title": "t"},
    )
    path = tmp_path / "r.zarr"
    with pytest.raises(RuntimeError, match="6 of 10 draws written"):
        with ZarrResults(path, 10) as out:
            out.create(full.isel(draw=slice(0, 1)), full.coords, 4)
            assert not (out.tmp / "x" / "0.0").exists()  # no draw written yet
            out.add(write_region(out.tmp, full.isel(draw=slice(4, 10)), 4))
    assert not path.exists() and not list(tmp_path.iterdir())
    with ZarrResults(path, 10) as out:
        out.create(full.isel(draw=slice(0, 1)), full.coords, 4)
        for start in (8, 4, 0):
            out.add(write_region(out.tmp, full.isel(draw=slice(start, start + 4)), start))
    back = open_results(path)
    assert_same_results(fixed_width_strings(full), back, skip_attrs=set())
    assert back["entity"].dtype == "<U3"
    with pytest.raises(FileExistsError):
        ZarrResults(path, 10)


def test_a_region_is_not_written_into_a_removed_store(tmp_path):
    ds = xr.Dataset({"x": (("draw",), [1.0, 2.0])}, coords={"draw": [0, 1]})
    with pytest.raises(FileNotFoundError, match="store is gone"):
        write_region(tmp_path / "gone.zarr", ds, 0)
    assert not (tmp_path / "gone.zarr").exists()


def test_the_readers_open_a_store_lazily_without_dask(netcdf, tmp_path):
    _, path, _ = run_to_file(compose_plain([*SMALL, ZARR]), tmp_path)
    with open_lazy(path) as lazy:
        assert not lazy["cbam_cost"].variable._in_memory
        assert not hasattr(lazy["cbam_cost"].data, "dask")
        np.testing.assert_array_equal(lazy["cbam_cost"].values, netcdf["cbam_cost"].values)
    assert os.path.isdir(path)


def test_a_store_made_in_between_by_another_writer_is_not_overwritten(tmp_path, monkeypatch):
    """The run lock keeps two runs from one path; should a store appear there between the
    check and the rename anyway, the rename is refused and the other store kept."""
    ds = xr.Dataset({"x": (("draw",), [1.0, 2.0])}, coords={"draw": [0, 1]})
    path = tmp_path / "r.zarr"
    real = os.rename

    def racing(src, dst):
        (Path(dst) / "x").mkdir(parents=True)  # the other writer's store, not empty
        real(src, dst)

    monkeypatch.setattr(sim.io.zarr_store.os, "rename", racing)
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        with ZarrResults(path, 2) as out:
            out.create(ds.isel(draw=slice(0, 1)), ds.coords, 2)
            out.add(write_region(out.tmp, ds, 0))
    assert [p.name for p in path.iterdir()] == ["x"]  # the other store, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.zarr"]  # no temporary left
