"""The quick paths of io (issue 14): no dask.array for numpy datasets, dask arrays still
recognised once dask is imported, the provenance YAML read back as the same config."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import xarray as xr

from sim.io.provenance import config_yaml, stored_config
from tests.conftest import compose_plain

NUMPY_ONLY = """
import sys
import numpy as np
from sim.io.dataset import to_dataset
ds = to_dataset({"cbam_cost": np.ones((1, 2, 3))},
                {"year": ("year", [1, 2, 3]), "entity": ("entity", ["a", "b"])}, {})
ds.to_netcdf(sys.argv[1], engine="netcdf4")
print("dask.array" in sys.modules)
"""


def test_numpy_datasets_do_not_import_dask_array(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", NUMPY_ONLY, str(tmp_path / "x.nc")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_dask_arrays_are_recognised_once_dask_is_imported():
    import sim.io.dataset  # noqa: F401  (installs the lazy record)

    da = __import__("dask.array", fromlist=["zeros"])
    ds = xr.Dataset({"x": (("a", "b"), da.zeros((4, 4), chunks=2))})
    assert ds.chunks == {"a": (2, 2), "b": (2, 2)}
    assert float(ds.x.sum().compute()) == 0.0
    assert isinstance(xr.Dataset({"y": ("a", np.ones(3))}).y.data, np.ndarray)


def test_provenance_yaml_reads_back_as_the_config():
    for overrides in ([], ["ensemble=uncertain"], ["scenario=park_direct_line_2028"]):
        cfg = compose_plain(overrides)
        text = config_yaml(cfg)
        assert stored_config(xr.Dataset(attrs={"config": text})) == cfg
        assert "cscf: 1.0" in text  # one key per line, as edited by hand


def whole_dump(cfg) -> str:
    """The config dumped in one piece, as before the sections were kept apart."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(cfg, Dumper=dumper, sort_keys=False, allow_unicode=True)


def test_provenance_yaml_by_sections_equals_the_whole_dump():
    # the scenarios with the most kinds of values: plans, parks, proposals, precursors
    for name in ("baseline", "park_c_zero_carbon_2030", "downstream_2028", "h2_dri_transition"):
        cfg = compose_plain([f"scenario={name}"])
        assert config_yaml(cfg) == whole_dump(cfg), name
        assert config_yaml(cfg) == whole_dump(cfg), name  # from the kept sections


def test_kept_sections_tell_types_apart():
    """1 == 1.0 == True for a dict compare, not for YAML: a section kept by its repr."""
    texts = [config_yaml({"policy": {"cscf": v}, "run": {"quiet": True}}) for v in (1, 1.0, True)]
    assert texts == ["policy:\n  cscf: 1\nrun:\n  quiet: true\n",
                     "policy:\n  cscf: 1.0\nrun:\n  quiet: true\n",
                     "policy:\n  cscf: true\nrun:\n  quiet: true\n"]  # fmt: skip
