"""A misspelt key, option, entity id or scenario name (issue 16, item 16): one line naming
the key and the value with the nearest valid name, never Hydra's advice to add it with
``+``; ``sim.api.run`` raises the same line as :class:`sim.errors.InputError`."""

from __future__ import annotations

import pytest

from sim.api import run
from sim.errors import InputError
from tests.conftest import cli

CASES = {
    "policy.csf=0.9": "policy.csf = 0.9: unknown key (did you mean policy.cscf?)",
    "run.end_yaer=2030": "run.end_yaer = 2030: unknown key (did you mean run.end_year?)",
    "pollicy.cscf=0.9": "pollicy.cscf = 0.9: unknown key (did you mean policy?)",
    "prices=hihg": "prices=hihg: no option 'hihg' in config group prices (did you mean high?",
    "scenario=basline": "scenario=basline: no option 'basline' in config group scenario "
    "(did you mean baseline?",
    "population.entities.steel_hrc_x1.value_basis=default": (
        "population.entities.steel_hrc_x1.value_basis = 'default': unknown key "
        "(did you mean population.entities.steel_hrc_a1?)"
    ),
}


@pytest.mark.parametrize("override", CASES)
def test_the_cli_suggests_the_nearest_name(override, tmp_path):
    proc = cli(override, "run.end_year=2027", "run.quiet=true", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("cbam-sim: error: " + CASES[override]), lines[0]
    assert "+" + override not in lines[0]


@pytest.mark.parametrize("override", CASES)
def test_the_api_raises_the_same_line(override):
    with pytest.raises(InputError) as caught:
        run([override, "run.end_year=2027"])
    message = str(caught.value)
    assert message.startswith(CASES[override]) and "\n" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_the_api_refuses_what_the_cli_refuses():
    with pytest.raises(InputError, match="given twice"):
        run(["policy.cscf=0.9", "policy.cscf=0.95"])
    with pytest.raises(InputError, match="an empty mapping changes nothing"):
        run(["policy.cbam_factor={}"])


def test_a_far_miss_names_where_the_valid_keys_are(tmp_path):
    proc = cli("policy.zzzzzz=1", "run.quiet=true", cwd=tmp_path)
    assert proc.returncode == 2
    assert "policy.zzzzzz = 1: unknown key (cbam-sim --cfg job lists the valid ones)" in (
        proc.stderr
    )
