"""Figures: a results dataset in, a matplotlib figure out (writing is in :mod:`sim.io`)."""
