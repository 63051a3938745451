"""The shared style of every figure: the colours and the money unit, and the file backend
the commands choose.

Importing ``sim`` or ``sim.plots`` leaves matplotlib's backend alone (a notebook keeps its
inline one, a script its own choice); only the commands that write figures to files
(``cbam-report``, ``cbam-compare``, ``cbam-sobol``) choose Agg, by :func:`use_file_backend`.
Figures use the Okabe-Ito colour-blind-safe palette, with money in million EUR.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt

# Okabe-Ito colour-blind-safe palette
OKABE_ITO = [
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
    "#999999",
]
MEUR = 1e6  # EUR per million EUR: figures show money in million EUR


def use_file_backend() -> None:
    """Draw without a screen (Agg): for the commands, which write figures to files."""
    matplotlib.use("Agg")


__all__ = ["MEUR", "OKABE_ITO", "plt", "use_file_backend"]
