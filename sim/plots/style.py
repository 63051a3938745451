"""The shared style of every figure: the matplotlib backend, the colours and the money unit.

Figures are drawn without a screen (the Agg backend; notebooks keep their inline one), in
the Okabe-Ito colour-blind-safe palette, with money in million EUR.
"""

from __future__ import annotations

import sys

import matplotlib

if "ipykernel" not in sys.modules:  # notebooks keep their inline backend
    matplotlib.use("Agg")  # no screen needed; figures are written to files by the caller
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

__all__ = ["MEUR", "OKABE_ITO", "plt"]
