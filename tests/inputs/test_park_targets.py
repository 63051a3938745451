"""A park's target year and emissions cap (dual control, notice 2025 No. 910) are checked
at the gate: a bad value fails before the run, in one line naming the key."""

from __future__ import annotations

import pytest

from sim.errors import ConfigError
from sim.inputs.gate import build_inputs


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("target_year", 20300, r"population\.parks\.park_c\.target_year = 20300: expected a year"),
        ("target_year", "soon", r"population\.parks\.park_c\.target_year = 'soon'"),
        ("emissions_cap_tco2", -5.0, r"population\.parks\.park_c\.emissions_cap_tco2 = -5\.0"),
        ("emissions_cap_tco2", 0.0, r"population\.parks\.park_c\.emissions_cap_tco2 = 0\.0"),
    ],
)
def test_a_bad_park_target_fails_before_the_run(base_cfg, key, value, expected):
    base_cfg["population"]["parks"]["park_c"][key] = value
    with pytest.raises(ConfigError, match=expected) as err:
        build_inputs(base_cfg)
    assert "\n" not in str(err.value)


def test_good_park_targets_pass_the_gate(base_cfg):
    park = base_cfg["population"]["parks"]["park_c"]
    park["target_year"], park["emissions_cap_tco2"] = 2030, 150_000.0
    assert build_inputs(base_cfg).years[0] == 2026
