"""The per-draw inputs of an ensemble: what the model reads along the draw axis.

Built by the experiment design (:func:`sim.experiments.design.build_draws`) from the
central paths of :class:`sim.inputs.arrays.Inputs`; a deterministic run is one draw.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

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
    indirect_for_all_sectors_from: np.ndarray | None = None  # (D,) the year (a float)
    cbam_factor: np.ndarray | None = None  # (D, T) the drawn schedule of the CBAM factor
    de_minimis_threshold_t: np.ndarray | None = None  # (D,) t a year per importer

    def __len__(self) -> int:
        """The number of draws."""
        return self.certificate_price_eur.shape[0]

    def slice(self, start: int, stop: int) -> Draws:
        """Draws ``start`` to ``stop`` (a chunk of the ensemble): every per-draw array cut
        along its first axis, the sampled values too; the descriptions kept."""
        cut = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                cut[f.name] = value[start:stop]
            elif f.name == "parameters":
                cut[f.name] = {k: v[start:stop] for k, v in value.items()}
            else:  # the descriptions, or a rule left as configured (None)
                cut[f.name] = value
        return Draws(**cut)
