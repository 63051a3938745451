"""Serving ``cbam-explore``: the baseline composed, the port checked, then the Dash
server of :func:`sim.explore.app.create_app` (its own banner replaced by one line)."""

from __future__ import annotations

import argparse
import logging
import socket

from sim.cli.guard import fail, guard
from sim.config.messages import COMPOSITION_ERRORS, composition_error
from sim.errors import ConfigError
from sim.explore.app import create_app
from sim.explore.session import Session


def serve(args: argparse.Namespace) -> None:
    """Compose the baseline, check the port, start the server (one line per error)."""
    with guard("cbam-explore"):  # a user error (InputError, ConfigError, ...): one line
        try:
            session = Session(args.overrides)
        except COMPOSITION_ERRORS as err:
            fail("cbam-explore", composition_error(err))
        free_port(args.host, args.port)
        app = create_app(session, args.config_dir)
        for name in ("werkzeug", "dash.dash"):
            logging.getLogger(name).setLevel(logging.WARNING)
        import flask.cli

        flask.cli.show_server_banner = lambda *a, **k: None  # the line below says it all
        print(f"cbam-explore: open http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
        app.run(host=args.host, port=args.port, debug=False)


def free_port(host: str, port: int) -> None:
    """Refuse a port another program listens on, before anything is printed."""
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError as err:
            raise ConfigError("--port", port, f"cannot listen there ({err.strerror})") from None
