"""The embodied carbon of technology options at the gate."""

from __future__ import annotations

import pytest

from sim.errors import ConfigError
from sim.inputs.gate import build_inputs


def test_embodied_carbon_is_read_per_option(base_cfg):
    base_cfg["technology"]["options"]["cement_ccus"]["embodied_tco2e_per_t"] = 0.25
    tech = build_inputs(base_cfg).technology
    k = list(tech.ids).index("cement_ccus")
    assert tech.embodied_tco2e_per_t[k] == 0.25


@pytest.mark.parametrize(
    "edit,message",
    [
        (
            {"embodied_tco2e_per_t": -0.1},
            "technology.options.cement_ccus.embodied_tco2e_per_t = -0.1: expected a value >= 0",
        ),
        (
            {"embodied_tco2e_per_t": 0.3, "embodied_tco2e_per_t_source": ""},
            "technology.options.cement_ccus.embodied_tco2e_per_t_source = '': an embodied "
            "carbon needs its source",
        ),
    ],
)
def test_bad_embodied_carbon_is_one_line_naming_the_key(base_cfg, edit, message):
    base_cfg["technology"]["options"]["cement_ccus"].update(edit)
    with pytest.raises(ConfigError) as err:
        build_inputs(base_cfg)
    assert str(err.value) == message
