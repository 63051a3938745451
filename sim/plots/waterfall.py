"""The waterfall of a decomposition: from the cost before, through what each cost path
contributed, to the cost after (the parts of :mod:`sim.analysis.decomposition`)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from sim.analysis.decomposition import FACTOR_LABELS
from sim.plots.style import MEUR, OKABE_ITO, plt

ORDER = (  # rises first, then cuts, so that the running level stays readable
    "certificate_price",
    "free_allocation",
    "export_volume",
    "emissions_intensity",
    "carbon_price_deduction",
    "zero_floor",
)


def waterfall(decomposition: xr.Dataset, label: str = "all sectors") -> plt.Figure:
    """Waterfall from the cost before, through each path's contribution, to the cost after.

    ``decomposition``: a decomposition summed to one group (``by_group(..., 'all')`` or one
    sector); medians are taken over draws and years summed when present.
    """
    d = decomposition
    if "draw" in d.dims:
        d = d.median("draw")
    if "year" in d.dims:
        d = d.sum("year")
    parts = d["contribution"].sel(factor=list(ORDER)).values / MEUR
    start = float(d["cost_before"]) / MEUR
    end = float(d["cost_after"]) / MEUR
    comparison = d.attrs.get("comparison", "")
    fig, ax = plt.subplots(figsize=(10, 5.2))
    _draw_steps(ax, start, parts, end)
    ax.set_xticks(range(len(ORDER) + 2), [_wrap(t, 12) for t in _ticks(comparison)], fontsize=8)
    ax.set_ylabel("CBAM cost (million EUR)")
    ax.axhline(0, color="black", lw=0.8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(
        f"What moved the CBAM cost, {label} ({comparison})\n"
        "orange raises it, green lowers it; the parts sum to the change (LMDI)"
    )
    fig.tight_layout()
    return fig


def _ticks(comparison: str) -> list[str]:
    """Bar labels: the two sides of the comparison ("2026 -> 2034") around the paths."""
    before_label, after_label = "before", "after"
    if " -> " in comparison:
        before_label, after_label = comparison.split(" -> ")
    return [before_label, *[FACTOR_LABELS[f] for f in ORDER], after_label]


def _draw_steps(ax: plt.Axes, start: float, parts: np.ndarray, end: float) -> None:
    """The bars (grey ends, orange rises, green cuts), their values, and the y range."""
    last = len(parts) + 1
    levels = [start]
    ax.bar(0, start, color=OKABE_ITO[8], width=0.6)
    for i, value in enumerate(parts, start=1):
        colour = OKABE_ITO[5] if value > 0 else OKABE_ITO[2]
        ax.bar(i, value, bottom=levels[-1], color=colour, width=0.6)
        levels.append(levels[-1] + value)
    ax.bar(last, end, color=OKABE_ITO[8], width=0.6)
    top, bottom = max(*levels, end, 0.0), min(*levels, end, 0.0)
    pad = 0.02 * (top - bottom or 1.0)
    for i, value in enumerate(parts, start=1):
        y = max(levels[i - 1], levels[i]) + pad
        ax.text(i, y, f"{value:+,.1f}", ha="center", va="bottom", fontsize=8)
    for i, value in ((0, start), (last, end)):
        ax.text(i, max(value, 0) + pad, f"{value:,.1f}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(bottom - 4 * pad if bottom < 0 else 0, top + 8 * pad)


def _wrap(text: str, width: int = 14) -> str:
    """``text`` broken into lines of at most ``width`` characters (at spaces)."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join([*lines, line])
