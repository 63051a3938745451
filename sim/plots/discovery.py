"""The PRIM peeling trajectory: coverage against density of every box, the chosen one
marked (scenario discovery, :mod:`sim.analysis.discovery`)."""

from __future__ import annotations

import pandas as pd

from sim.plots.style import plt


def trajectory_figure(
    trajectory: pd.DataFrame, chosen: int, question: str, method: str = "prim"
) -> plt.Figure:
    """Each box of the peeling trajectory (or each CART leaf) as a point (colour: inputs
    restricted)."""
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    points = ax.scatter(trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"],
                        cmap="viridis", s=28, zorder=3)  # fmt: skip
    if method == "prim":  # a trajectory: the boxes in peeling order
        ax.plot(trajectory["coverage"], trajectory["density"], color="0.7", lw=1, zorder=2)
    row = trajectory.loc[chosen]
    ax.scatter([row["coverage"]], [row["density"]], s=160, facecolors="none",
               edgecolors="crimson", lw=2, zorder=4, label=f"box {chosen} (chosen)")  # fmt: skip
    fig.colorbar(points, ax=ax, label="inputs restricted")
    ax.set_xlabel("coverage (share of the cases of interest inside the box)")
    ax.set_ylabel("density (share of the box's draws that are cases)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", frameon=False)
    title = "PRIM peeling trajectory" if method == "prim" else "CART leaves"
    ax.set_title(f"{title}\n{question}", fontsize=9)
    fig.tight_layout()
    return fig
