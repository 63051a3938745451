"""The one gate: a resolved config and the files it names -> validated arrays.

:func:`sim.inputs.gate.build_inputs` checks every value (range, coverage of the run's
years, cross-references) and returns :class:`sim.inputs.arrays.Inputs`; file readers
(:mod:`.files`) are kept apart from the validators. A bad value raises
:class:`sim.errors.ConfigError` naming the key; nothing downstream re-checks.
"""
