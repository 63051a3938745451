"""The printed Sobol and Morris tables: a long input name (a rule uncertainty's) widens the
input column instead of pushing its row's numbers out of line."""

from __future__ import annotations

import numpy as np
import xarray as xr

from sim.analysis.sensitivity_table import format_morris, format_sobol

NAMES = ["eua_level", "indirect_for_all_sectors_from", "cscf"]


def _dataset(variables: list[str], **attrs) -> xr.Dataset:
    dims = ("output", "year", "parameter")
    values = np.array([[[0.5, 0.3, 0.1]]]) * 1e6
    return xr.Dataset(
        {v: (dims, values) for v in variables},
        coords={"output": ["cbam_cost"], "year": [2034], "parameter": NAMES},
        attrs=attrs,
    )


def test_the_columns_line_up_with_a_long_input_name():
    orders = [f"{o}_order{end}" for o in ("total", "first") for end in ("", "_low", "_high")]
    sobol = _dataset(orders, model_evaluations=80, confidence_level=0.95, bootstrap_resamples=9)
    morris = _dataset(["mu_star", "mu_star_low", "mu_star_high", "sigma"],
                      model_evaluations=40, confidence_level=0.95, trajectories=10,
                      levels=4, quantile_range="1st-99th")  # fmt: skip
    for text, column in ((format_sobol(sobol), "total order"), (format_morris(morris), "mu*")):
        header, *rows = text.splitlines()[1:]
        start = header.index(column)
        assert [r.split()[0] for r in rows] == ["eua_level", NAMES[1], "cscf"]
        # every row's first number starts where the header's column does
        assert all(r[start - 1] == " " and r[start] != " " for r in rows), text
