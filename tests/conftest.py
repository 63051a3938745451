"""Shared helpers: compose the shipped configs exactly as the CLI does."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hydra import compose, initialize_config_module
from omegaconf import OmegaConf

from sim.config.store import register_configs

register_configs()


def compose_plain(overrides: list[str] | None = None) -> dict[str, Any]:
    """The resolved config as plain dicts, as ``cbam-sim <overrides>`` would see it: from
    :func:`sim.api.compose` (each set of group choices composed by Hydra once, value
    overrides applied to it; equal to a whole composition, ``tests/test_api.py``), a copy
    the test may change."""
    from sim.api import compose as compose_once

    return copy.deepcopy(compose_once(overrides or []))


def compose_hydra(overrides: list[str] | None = None) -> dict[str, Any]:
    """The resolved config as plain dicts, composed by Hydra afresh: what the tests of the
    composition itself compare with."""
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        cfg = compose(config_name="config", overrides=overrides or [])
    return OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)


def cli(
    *args: str, cwd: Path, module: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``cbam-sim`` (or ``python -m sim``) with ``args`` in ``cwd`` (and
    the variables ``env`` set)."""
    cmd = (
        [sys.executable, "-m", "sim"] if module else [str(Path(sys.executable).parent / "cbam-sim")]
    )
    return subprocess.run(
        [*cmd, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "HYDRA_FULL_ERROR": "0", **(env or {})},
        timeout=300,
    )


_BASE: dict[str, Any] | None = None


@pytest.fixture
def base_cfg() -> dict[str, Any]:
    """A fresh copy of the default config (composed once per session)."""
    global _BASE
    if _BASE is None:
        _BASE = compose_plain()
    return copy.deepcopy(_BASE)


@pytest.fixture(scope="session")
def baseline_results():
    """The default scenario's results (exporters responding), simulated once per session."""
    from sim.pipeline import simulate

    return simulate(compose_plain())


@pytest.fixture(scope="session")
def frozen_results():
    """The default scenario with the response frozen (response.enabled=false)."""
    from sim.pipeline import simulate

    return simulate(compose_plain(["response.enabled=false"]))


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Compositions kept between commands (sim.cli.kept_config) go to a folder of this
    test session (one per worker), never to the user's ``~/.cache``."""
    os.environ["CBAM_SIM_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True, scope="session")
def _commands_forked():
    """The package's commands started by ``subprocess.run`` run in processes forked from
    one that has imported the package (``tests/forked.py``; ``CBAM_TEST_FORK=0``: each a
    fresh process)."""
    from tests import forked

    subprocess.run = forked.routed  # type: ignore[assignment]
    yield
    subprocess.run = forked.real_run  # type: ignore[assignment]
    forked.stop()


# attributes that differ between two runs of one ensemble by how they ran: the stored
# config (output file, cluster), its digest (the output file is part of it), the clock,
# the commit (when one was made between them) and the command line
RUN_ATTRS = {"config", "config_sha256", "created", "git_commit", "overrides"}


def assert_same_results(a, b, skip_attrs=RUN_ATTRS) -> None:
    """Two results datasets hold the same bits: every variable and coordinate with the
    same dims, dtype, bytes and attributes, and the same global attributes but
    ``skip_attrs``."""
    assert sorted(a.variables) == sorted(b.variables)
    for name in a.variables:
        x, y = a[name], b[name]
        assert (x.dims, x.dtype, x.shape) == (y.dims, y.dtype, y.shape), name
        if x.dtype.kind in "fc":  # -0.0 and 0.0 apart, NaN equal to NaN: the bytes
            assert x.values.tobytes() == y.values.tobytes(), name
        else:
            assert (x.values == y.values).all(), name
        assert x.attrs == y.attrs, name
    assert {k: v for k, v in a.attrs.items() if k not in skip_attrs} == {
        k: v for k, v in b.attrs.items() if k not in skip_attrs
    }
