"""The per-draw inputs of an ensemble: what the model reads along the draw axis.

Built by the experiment design (:func:`sim.experiments.design.build_draws`) from the
central paths of :class:`sim.inputs.arrays.Inputs`; a deterministic run is one draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Draws:
    """Uncertain inputs per draw (D draws); T years, K options."""

    certificate_price_eur: np.ndarray  # (D, T)
    domestic_price_eur: np.ndarray  # (D, T)
    capex_multiplier: np.ndarray  # (D, K)
    learning_multiplier: np.ndarray  # (D,)
    adoption_speed: np.ndarray  # (D,)
    elasticity_multiplier: np.ndarray  # (D,)
    parameters: dict[str, np.ndarray]  # sampled values, recorded as coordinates on draw
    descriptions: dict[str, str]  # what each sampled parameter scales or sets
    # rule uncertainties (None: the configured rule in every draw)
    cscf: np.ndarray | None = None  # (D,) the CSCF of every year
    paid_share_multiplier: np.ndarray | None = None  # (D,) on the effectively paid share
    downstream_extension: np.ndarray | None = None  # (D,) bool: the extension adopted

    def __len__(self) -> int:
        """The number of draws."""
        return self.certificate_price_eur.shape[0]

    def slice(self, start: int, stop: int) -> Draws:
        """Draws ``start`` to ``stop`` (a chunk of the ensemble)."""
        return Draws(
            self.certificate_price_eur[start:stop],
            self.domestic_price_eur[start:stop],
            self.capex_multiplier[start:stop],
            self.learning_multiplier[start:stop],
            self.adoption_speed[start:stop],
            self.elasticity_multiplier[start:stop],
            {k: v[start:stop] for k, v in self.parameters.items()},
            self.descriptions,
            None if self.cscf is None else self.cscf[start:stop],
            None if self.paid_share_multiplier is None else self.paid_share_multiplier[start:stop],
            None if self.downstream_extension is None else self.downstream_extension[start:stop],
        )
