"""``python -m sim`` runs the default scenario, exactly like ``cbam-sim``."""

from sim.cli.main import main

main()
