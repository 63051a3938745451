"""The parks' targets under the national zero-carbon park rule (NDRC/MIIT/NEA notice 2025
No. 910, dual control of intensity and total emissions): an optional target year and an
optional cap on total emissions per park (``population.parks.<park>.target_year`` and
``.emissions_cap_tco2``). The model does not act on them; the scorecard reads them from
the stored config (``sim.analysis.pass_years``). Checked here so that a bad value fails
before the run, not when the results are analysed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim import checks


def check_park_targets(parks: Mapping[str, Any]) -> None:
    """Each park's target year is a year and its cap a positive number (tCO2/yr), where
    given; a bad one raises ConfigError naming the key."""
    for name, park in parks.items():
        key = f"population.parks.{name}"
        if park.get("target_year") is not None:
            checks.year(f"{key}.target_year", park["target_year"])
        if park.get("emissions_cap_tco2") is not None:
            checks.number(
                f"{key}.emissions_cap_tco2", park["emissions_cap_tco2"], low=0, low_open=True
            )
