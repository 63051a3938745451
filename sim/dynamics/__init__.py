"""The system dynamics: the only layer that knows the calendar (simpy).

:class:`.simulation.Simulation` runs the compliance calendar of every import year; the
yearly two-phase step (:mod:`.step`) composes the rules and the response on the stocks
(:mod:`.state`); the certificate account (:mod:`.account`) books purchases, surrender and
repurchase; the recorder keeps the outputs; :mod:`.batch` runs draws in chunks.
"""
