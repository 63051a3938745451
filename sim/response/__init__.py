"""How firms and parks respond, as pure numpy: the TEDI subsystems of the source paper.

TEDI names the four subsystems through which CBAM pressure reaches a park: Technology
(abatement options, their cost, learning and construction: :mod:`.technology`,
:mod:`.investment`, :mod:`.construction`), Energy (green power: :mod:`.power`), Data
(verified monitoring instead of default values: :mod:`.data`) and Institution (the rules
and plans a park adopts; today the planned park direct lines and the CBAM reserve, set in
the config and applied by the yearly step). Markets (:mod:`.market`) hold the trade
response and price expectations. Decisions take the values computed under the rules as
arrays; this package never imports :mod:`sim.rules`.
"""
