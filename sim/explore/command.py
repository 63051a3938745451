"""The ``cbam-explore`` command line: its arguments parsed before anything heavy is
imported (``--help`` answers at once), then :func:`sim.explore.server.serve`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

DESCRIPTION = (
    "The policy explorer: a local web app with the levers as sliders and toggles, the model "
    "run in-process on every change and the views redrawn with the baseline always shown "
    "(cost pathways, parks, treasury, difference to the baseline, saved scenarios; English "
    "and Chinese). 'Save scenario' writes CONFIG_DIR/scenario/<name>.yaml, which "
    "'cbam-sim --config-dir CONFIG_DIR scenario=<name>' reproduces bit for bit."
)


def parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    p = argparse.ArgumentParser(prog="cbam-explore", description=DESCRIPTION)
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (%(default)s)")
    p.add_argument("--port", type=int, default=8050, help="port to serve on (%(default)s)")
    p.add_argument(
        "--config-dir",
        default="explorer_configs",
        type=Path,
        help="where 'Save scenario' writes scenario/<name>.yaml (default: %(default)s)",
    )
    p.add_argument(
        "overrides", nargs="*", help="config overrides of the baseline, e.g. prices=high"
    )
    return p


def main(argv: Sequence[str] | None = None) -> None:
    """``cbam-explore [--port N] [--host H] [--config-dir DIR] [overrides...]``."""
    args = parser().parse_args(argv)
    from sim.cli.guard import entry_point
    from sim.explore.server import serve

    entry_point("cbam-explore", lambda: serve(args))
