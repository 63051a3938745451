"""Start-up (issue 14): the fast ``--help`` says what Hydra's says, a run composes the
config once and imports no heavy module it does not use. No timing here: the figures are
printed by ``benchmarks/cli_startup.py``."""

from __future__ import annotations

import json
import subprocess
import sys

from hydra._internal.hydra import Hydra

from sim.cli.startup import composed_once, fast_help
from tests.conftest import cli


def test_help_is_printed_at_once(tmp_path):
    # with or without overrides: the same text (tests/cli/test_help.py), nothing composed
    fast = cli("--help", cwd=tmp_path)
    also = cli("--help", "run.quiet=true", cwd=tmp_path)
    assert fast.returncode == also.returncode == 0, fast.stderr + also.stderr
    assert fast.stdout == also.stdout
    assert "scenario: baseline, " in fast.stdout and "prices: central, high" in fast.stdout
    assert not (tmp_path / "outputs").exists()


def test_fast_help_only_when_asked():
    assert fast_help(["--help"]) is not None and fast_help(["-h"]) is not None
    assert fast_help([]) is None
    assert fast_help(["prices=high"]) is None
    assert fast_help(["--hydra-help"]) is None


def test_mode_is_read_from_the_config_only_when_an_override_names_it():
    original = Hydra.get_mode
    with composed_once(["prices=high"]):
        assert Hydra.get_mode is not original
    assert Hydra.get_mode is original
    with composed_once(["hydra.mode=MULTIRUN"]):
        assert Hydra.get_mode is original


RUN = """
import json, sys
from hydra._internal.config_loader_impl import ConfigLoaderImpl
calls = []
real = ConfigLoaderImpl.load_configuration
def counted(self, *a, **k):
    calls.append(1)
    return real(self, *a, **k)
ConfigLoaderImpl.load_configuration = counted
from sim.cli.main import main
sys.argv = ["cbam-sim", "hydra.run.dir={out}", "run.quiet=true", *{extra}]
main()
heavy = ["scipy.stats", "matplotlib", "dask.array", "h5py", "h5netcdf", "zarr", "distributed",
         "dask_jobqueue"]
print(json.dumps({{"composed": len(calls), "imported": [m for m in heavy if m in sys.modules]}}))
"""


def _run(tmp_path, *extra: str) -> dict:
    code = RUN.format(out=tmp_path / "run", extra=list(extra))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_default_run_composes_once_and_imports_nothing_heavy(tmp_path):
    assert _run(tmp_path) == {"composed": 1, "imported": []}


def test_an_ensemble_imports_scipy_stats_where_it_samples(tmp_path):
    got = _run(tmp_path, "ensemble=uncertain", "ensemble.n=8")
    assert got == {"composed": 1, "imported": ["scipy.stats"]}


def _nodes(cfg):
    """(path, node type, the path of its parent within ``cfg``) of every node of ``cfg``."""
    found, stack = [], [("", cfg)]
    while stack:
        path, node = stack.pop()
        found.append((path, node))
        content = node.__dict__.get("_content")
        if isinstance(content, dict):
            stack += [(f"{path}.{k}", v) for k, v in content.items()]
        elif isinstance(content, list):
            stack += [(f"{path}[{i}]", v) for i, v in enumerate(content)]
    paths = {id(node): path for path, node in found}
    return [
        (path, type(node).__name__, paths.get(id(node._get_parent()), "outside"))
        for path, node in found
    ]


def test_hydra_copies_made_quicker_are_the_same_copies():
    import copy

    from hydra import compose, initialize_config_module
    from hydra._internal import config_repository
    from hydra.core import utils
    from hydra.core.config_store import ConfigStore
    from hydra.core.global_hydra import GlobalHydra
    from omegaconf import OmegaConf

    from sim.cli.startup import quick_copies

    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        cfg = compose(config_name="config", overrides=["prices=high"], return_hydra_config=True)
        repo = GlobalHydra.instance().config_loader().repository
    OmegaConf.set_readonly(cfg.hydra, True)
    masked = OmegaConf.masked_copy(cfg, "hydra")
    masked.hydra._set_parent(cfg)  # as HydraConfig.set_config makes it
    plain = copy.deepcopy(cfg)
    with quick_copies():
        quick = utils.copy.deepcopy(cfg)
        quick_masked = utils.copy.deepcopy(masked)
        quick_repo = config_repository.copy.deepcopy(repo)
    assert quick is not cfg and repr(quick) == repr(plain) == repr(cfg)
    assert OmegaConf.to_yaml(quick) == OmegaConf.to_yaml(plain)
    assert OmegaConf.is_struct(quick) and OmegaConf.is_readonly(quick.hydra)
    # the same nodes, each with the copied node above it as its parent (the root: none)
    assert _nodes(quick) == _nodes(plain)
    assert _nodes(quick)[0][2] == "outside" and "outside" not in [p for *_, p in _nodes(quick)[1:]]
    quick.policy.cscf = 0.5  # a copy: the original is untouched
    assert cfg.policy.cscf != 0.5
    # Hydra's masked copy (its hydra node's parent is the whole config) is deep-copied
    assert repr(quick_masked) == repr(copy.deepcopy(masked))
    assert _nodes(quick_masked) == _nodes(copy.deepcopy(masked))  # (pickled: parent outside)
    # the repository's sources are copied, the ConfigStore they read is the same one
    assert [type(s) for s in quick_repo.sources] == [type(s) for s in repo.sources]
    assert all(a is not b for a, b in zip(quick_repo.sources, repo.sources, strict=True))
    store = [s for s in quick_repo.sources if hasattr(s, "store")]
    assert store and all(s.store is ConfigStore.instance() for s in store)
    assert utils.copy is copy and config_repository.copy is copy


def test_a_config_without_interpolations_is_resolved_by_one_walk():
    import pytest
    from hydra import compose, initialize_config_module
    from omegaconf import OmegaConf
    from omegaconf.errors import MissingMandatoryValue

    from sim.config.containers import plain, resolved

    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        cfg = compose(config_name="config", overrides=["policy.cscf=0.9"])
    unresolved = OmegaConf.to_container(cfg, resolve=False)
    assert resolved(unresolved, cfg) is unresolved and unresolved == plain(cfg)
    cfg.policy.name = "${prices.name}-policy"  # an interpolation: resolved as before
    out = resolved(OmegaConf.to_container(cfg, resolve=False), cfg)
    assert out == plain(cfg) and out["policy"]["name"] == f"{cfg.prices.name}-policy"
    cfg.policy.name = "???"  # a missing value raises as before
    with pytest.raises(MissingMandatoryValue):
        resolved(OmegaConf.to_container(cfg, resolve=False), cfg)


def test_collecting_a_sweep_imports_neither_hydra_nor_omegaconf():
    # cbam-collect reads job files and a manifest: it composes no config (issue 14,
    # target 2: collecting 8 jobs within 2x the import floor, which includes Hydra)
    code = (
        "import sys\nimport sim.cli.collect\n"
        "print([m for m in ('hydra', 'omegaconf') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
