"""The printed table of a Sobol dataset (``cbam-sobol``): the last year's CBAM cost, the
most influential input first, each index with its confidence interval."""

from __future__ import annotations

import xarray as xr


def format_sobol(ds: xr.Dataset, output: str = "cbam_cost") -> str:
    """Total- and first-order indices of ``output`` in the last year, with intervals when
    the dataset has them; an index that rounds to zero prints as 0.000, never -0.000."""
    last = int(ds.year[-1])
    sel = {"output": output, "year": last}
    order = ds.total_order.sel(sel).to_series().sort_values(ascending=False).index
    runs = int(ds.attrs["model_evaluations"])
    ci = "total_order_low" in ds
    head = f"Sobol indices of the {last} CBAM cost ({runs:,} model runs)"
    if ci:
        level = float(ds.attrs["confidence_level"])
        resamples = int(ds.attrs["bootstrap_resamples"])
        head += f", {level * 100:g} % intervals (bootstrap, {resamples} resamples)"
    width, names = 23 if ci else 7, _name_width(order)
    lines = [head, f"  {'input':<{names}} {'total order':<{width}} {'first order':<{width}}"]
    lines[-1] = lines[-1].rstrip()
    for name in order:
        cells = [_cell(ds, o, sel | {"parameter": name}, ci) for o in ("total", "first")]
        lines.append(f"  {name:<{names}} {cells[0]:<{width}} {cells[1]}")
    return "\n".join(lines)


def _name_width(names) -> int:
    """The input column: 18 characters, or the longest name (the rule uncertainties')."""
    return max(18, *(len(str(n)) for n in names))


def _cell(ds: xr.Dataset, order: str, at: dict, ci: bool) -> str:
    value = _index(float(ds[f"{order}_order"].sel(at)))
    if not ci:
        return value
    low, high = (float(ds[f"{order}_order_{end}"].sel(at)) for end in ("low", "high"))
    return f"{value} [{_index(low)}, {_index(high)}]"


def _index(x: float) -> str:
    text = f"{x:.3f}"
    return "0.000" if text == "-0.000" else text


def format_morris(ds: xr.Dataset, output: str = "cbam_cost") -> str:
    """mu* (with its interval) and sigma of ``output`` in the last year, largest mu* first,
    in million EUR."""
    last = int(ds.year[-1])
    sel = {"output": output, "year": last}
    order = ds.mu_star.sel(sel).to_series().sort_values(ascending=False).index
    level, names = float(ds.attrs["confidence_level"]) * 100, _name_width(order)
    lines = [
        f"Morris screening of the {last} CBAM cost ({int(ds.attrs['model_evaluations']):,} "
        f"model runs; {int(ds.attrs['trajectories'])} trajectories, {int(ds.attrs['levels'])} "
        f"levels), million EUR for a move across each input's "
        f"{ds.attrs['quantile_range']} quantiles",
        f"  {'input':<{names}} {'mu* [' + f'{level:g} % interval]':<26} sigma",
    ]
    for name in order:
        at = sel | {"parameter": name}
        star, low, high, sigma = (
            float(ds[k].sel(at)) / 1e6 for k in ("mu_star", "mu_star_low", "mu_star_high", "sigma")
        )
        cell = f"{star:,.1f} [{max(low, 0):,.1f}, {high:,.1f}]"
        lines.append(f"  {name:<{names}} {cell:<26} {sigma:,.1f}")
    return "\n".join(lines)
