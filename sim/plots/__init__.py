"""Figures: a results dataset in, a matplotlib figure out (writing is in :mod:`sim.io`).

``style`` the shared backend, colours and money unit; ``pathways`` results over the years;
``waterfall`` a decomposition; ``scorecard`` the park scorecard; ``sensitivity`` Sobol
indices.
"""
