"""The registry of output variables (sim/variables/): one table over its modules."""

from __future__ import annotations

from sim.variables import VARIABLES, Variable
from sim.variables.parks import PARK_VARIABLES


def test_the_park_outputs_are_in_the_one_table_after_the_cumulative_cost():
    names = list(VARIABLES)
    assert set(PARK_VARIABLES) <= set(names)
    start = names.index("cumulative_cost") + 1
    assert names[start : start + len(PARK_VARIABLES)] == list(PARK_VARIABLES)


def test_every_variable_has_units_a_name_and_ends_in_year_or_quarter():
    for name, v in VARIABLES.items():
        assert isinstance(v, Variable), name
        assert v.units and v.long_name, name
        assert v.dims[-1] in ("year", "quarter"), name
