"""The views as the page's callback builds them, without a browser: each tab renders for
every kind of lever, a bad name is refused, the lever controls map to lever values."""

from __future__ import annotations

import pytest

from sim.explore.app import create_app, lever_values
from sim.explore.levers import LEVERS, NEVER
from sim.explore.tabs import VIEWS, headline


def test_the_controls_map_to_lever_values(session):
    raw = []
    for lever in LEVERS:
        raw.append({"toggle": ["on"], "year": NEVER, "choice": "never"}.get(lever.kind, 0.9))
    values = lever_values(raw)
    assert values["downstream"] is True and values["park_c_plan_target"] == NEVER
    assert values["verified_data"] == "never" and values["cscf"] == 0.9


@pytest.mark.parametrize("tab", list(VIEWS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_view_renders(session, tab, lang):
    res = session.run({"park_c_plan_target": 2030, "downstream": True})
    saved = [{"name": "a", "values": session.complete({"cscf": 0.9})}]
    body = VIEWS[tab](session, res, lang, "svg", saved)
    assert body
    assert headline(session, res, lang, 1.0).children


def test_the_app_builds_its_layout_and_callbacks(session, tmp_path):
    app = create_app(session, tmp_path)
    assert len(app.callback_map) >= 3


def test_a_port_in_use_is_refused_in_one_line():
    import socket

    from sim.errors import ConfigError
    from sim.explore.server import free_port

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(ConfigError, match=f"--port = {port}: cannot listen there"):
            free_port("127.0.0.1", port)


def test_a_bad_override_ends_in_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "cbam-explore"
    proc = subprocess.run(
        [str(exe), "prices=nosuch"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("cbam-explore: error: ")
    assert "nosuch" in proc.stderr and not list(tmp_path.iterdir())


def test_the_help_imports_neither_the_web_framework_nor_the_model():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sim.explore.command import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'dash' not in sys.modules and 'xarray' not in sys.modules, 'heavy import'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Save scenario" in proc.stdout
