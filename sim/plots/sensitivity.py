"""The Sobol figure: first- and total-order indices of each output over the years."""

from __future__ import annotations

import xarray as xr

from sim.plots.style import OKABE_ITO, plt

TITLES = {
    "cbam_cost": "CBAM cost in the year",
    "cumulative_cbam_cost": "Cumulative CBAM cost",
    "cumulative_abatement_capex": "Cumulative abatement capex",
    "mean_direct_intensity": "Mean direct intensity",
}


def sobol_figure(ds: xr.Dataset) -> plt.Figure:
    """Total-order (solid) and first-order (dashed) Sobol indices over time, one panel per
    output, one colour per uncertain input; their confidence intervals shaded when the
    dataset has them."""
    outputs = list(ds["output"].values)
    fig, axes = plt.subplots(
        2, (len(outputs) + 1) // 2, figsize=(11, 7.5), sharex=True, sharey=True, squeeze=False
    )
    for ax, name in zip(axes.flat, outputs, strict=False):
        _indices_panel(ax, ds, name)
    for ax in axes[:, 0]:
        ax.set_ylabel("Sobol index (1)")
    bands = ""
    if "total_order_low" in ds:
        level = float(ds.attrs.get("confidence_level", 0.95)) * 100
        bands = f"; shaded: {level:g} % intervals (dark: total, light: first order)"
    return _finished(
        fig,
        axes,
        f"What drives the results: total-order (solid) and first-order (dashed) "
        f"Sobol indices, {int(ds.attrs.get('model_evaluations', 0)):,} model runs{bands}",
    )


def _finished(fig: plt.Figure, axes, title: str) -> plt.Figure:
    """The year axis labelled, one legend of the inputs below, the title above."""
    for ax in axes[-1]:
        ax.set_xlabel("import year")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=5, frameon=False)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0.08, 1, 0.96))
    return fig


def _indices_panel(ax: plt.Axes, ds: xr.Dataset, name: str) -> None:
    """One output's indices: a colour per input, total order solid, first order dashed."""
    years = ds["year"].values
    for i, p in enumerate(ds["parameter"].values):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        ax.plot(
            years,
            ds.total_order.sel(output=name, parameter=p),
            color=colour,
            lw=2,
            label=str(p),
        )
        ax.plot(years, ds.first_order.sel(output=name, parameter=p), color=colour, lw=1, ls="--")
        if "total_order_low" in ds:
            for order, alpha in (("total_order", 0.22), ("first_order", 0.09)):
                at = {"output": name, "parameter": p}
                low, high = ds[f"{order}_low"].sel(at), ds[f"{order}_high"].sel(at)
                ax.fill_between(years, low, high, color=colour, alpha=alpha, lw=0)
    ax.set_title(TITLES.get(str(name), str(name)))
    ax.set_ylim(-0.1, 1.1)
    ax.grid(alpha=0.3)


UNITS = {
    "cbam_cost": ("million EUR", 1e6),
    "cumulative_cbam_cost": ("million EUR", 1e6),
    "cumulative_abatement_capex": ("million EUR", 1e6),
    "mean_direct_intensity": ("tCO2e/t", 1.0),
}


def morris_figure(ds: xr.Dataset) -> plt.Figure:
    """Morris mu* over time, one panel per output (in its units), one colour per input,
    its confidence interval shaded; sigma dotted (the spread of the effects)."""
    outputs = list(ds["output"].values)
    fig, axes = plt.subplots(2, (len(outputs) + 1) // 2, figsize=(11, 7.5), sharex=True,
                             squeeze=False)  # fmt: skip
    for ax, name in zip(axes.flat, outputs, strict=False):
        unit, scale = UNITS.get(str(name), ("", 1.0))
        at = {"output": name}
        for i, p in enumerate(ds["parameter"].values):
            colour, years = OKABE_ITO[i % len(OKABE_ITO)], ds["year"].values
            pick = at | {"parameter": p}
            ax.plot(years, ds.mu_star.sel(pick) / scale, color=colour, lw=2, label=str(p))
            ax.plot(years, ds.sigma.sel(pick) / scale, color=colour, lw=1, ls=":")
            low, high = ds.mu_star_low.sel(pick) / scale, ds.mu_star_high.sel(pick) / scale
            ax.fill_between(years, low.clip(min=0), high, color=colour, alpha=0.18, lw=0)
        ax.set_title(TITLES.get(str(name), str(name)))
        ax.set_ylabel(f"mu* ({unit})" if unit else "mu*")
        ax.grid(alpha=0.3)
    level = float(ds.attrs.get("confidence_level", 0.95)) * 100
    return _finished(
        fig,
        axes,
        f"Morris screening: mu* (solid; shaded: {level:g} % interval) and sigma (dotted), "
        f"{int(ds.attrs.get('model_evaluations', 0)):,} model runs",
    )
