"""Compositions kept in a command and between commands (sim.cli.kept_config, issue 14):
the configs Hydra composes are the same with them as without (every key, flag, type and
order), and an entry is used only while every config file it came from is unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hydra import initialize_config_dir, initialize_config_module
from hydra.core.global_hydra import GlobalHydra
from hydra.types import RunMode
from omegaconf import OmegaConf

from sim.cli.kept_config import KIND, compositions_kept
from sim.io import cache
from tests.conftest import cli

SWEEP_JOBS = [
    ["prices=high", "policy.cscf=0.9", "hydra.sweep.dir=x"],
    ["prices=high", "policy.cscf=1.0", "hydra.sweep.dir=x"],
    ["prices=low", "policy.cscf=0.9", "hydra.sweep.dir=x"],
    ["prices=high", "policy.cscf=1.0", "hydra.sweep.dir=x"],  # the same choices again
    ["scenario=downstream_2028", "policy.cbam_factor.2030=0.5", "hydra.sweep.dir=x"],
    ["~scenario", "hydra.sweep.dir=x"],  # a deletion: composed by Hydra every time
    ["+population.entities.steel_hrc_a1.overrides.x=1", "hydra.sweep.dir=x"],  # a value added
    ["prices=high", "policy.cscf=0.9", "hydra.sweep.dir=x"],  # after the others
]


def _composed(jobs: list[list[str]], mode: RunMode = RunMode.MULTIRUN) -> list[tuple]:
    loader = GlobalHydra.instance().config_loader()
    out = []
    for job in jobs:
        cfg = loader.load_configuration("config", job, mode)
        out.append((OmegaConf.to_yaml(cfg), OmegaConf.is_struct(cfg), repr(cfg)))
    return out


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("CBAM_SIM_CACHE", str(where))
    return where / KIND


def test_a_sweep_composes_the_same_configs_in_one_command_and_in_the_next(folder):
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        plain = _composed(SWEEP_JOBS)
        with compositions_kept():  # a first command: merged once per set of choices, kept
            first = _composed(SWEEP_JOBS)
        kept = sorted(p.name for p in folder.iterdir())
        with compositions_kept():  # the next command: read back
            second = _composed(SWEEP_JOBS)
    assert first == plain and second == plain
    # a defaults list and a merge per distinct set of choices (4: high, low, the scenario,
    # none), and the merge of the deletion's defaults list (which Hydra builds each time)
    assert len(kept) == 9
    assert sorted(p.name for p in folder.iterdir()) == kept


def test_an_edited_added_or_removed_config_file_is_composed_afresh(tmp_path, folder):
    configs = tmp_path / "configs"
    shutil.copytree(Path(__file__).parents[2] / "configs", configs)
    policy = configs / "policy" / "enacted.yaml"

    def cscf() -> tuple[float, dict[str, bytes]]:
        """The composed CSCF, and the entries of the cache folder after it."""
        GlobalHydra.instance().clear()
        with initialize_config_dir(str(configs), version_base="1.3"), compositions_kept():
            loader = GlobalHydra.instance().config_loader()
            cfg = loader.load_configuration("config", [], RunMode.RUN)
        return cfg.policy.cscf, {p.name: p.read_bytes() for p in folder.iterdir()}

    first, entries = cscf()
    assert first == 1.0 and len(entries) == 2  # a defaults list and a merge
    assert cscf() == (1.0, entries)  # read back
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("\ncscf: ", "\ncscf: 0.5 #", 1), encoding="utf-8")
    edited, after_edit = cscf()
    assert edited == 0.5 and after_edit.keys() == entries.keys() and after_edit != entries
    (configs / "prices" / "extra.yaml").write_text("x: 1\n", encoding="utf-8")
    value, after_add = cscf()  # an added file: composed afresh (the same value)
    assert value == 0.5 and after_add != after_edit
    policy.write_text(text, encoding="utf-8")
    (configs / "prices" / "extra.yaml").unlink()
    value, again = cscf()  # as at first (pickles of equal configs may differ in bytes)
    assert value == 1.0 and again.keys() == entries.keys()


def test_a_damaged_entry_is_composed_afresh_and_an_unusable_folder_keeps_nothing(
    folder, tmp_path, monkeypatch
):
    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        plain = _composed(SWEEP_JOBS[:2], RunMode.RUN)
        with compositions_kept():
            _composed(SWEEP_JOBS[:2], RunMode.RUN)
        for entry in folder.iterdir():
            entry.write_bytes(b"not a pickle")
        with compositions_kept():
            assert _composed(SWEEP_JOBS[:2], RunMode.RUN) == plain
        assert all(e.read_bytes() != b"not a pickle" for e in folder.iterdir())
        blocked = tmp_path / "a file"  # a cache folder that cannot be made (even by root)
        blocked.write_text("", encoding="utf-8")
        monkeypatch.setenv("CBAM_SIM_CACHE", str(blocked / "cache"))
        with compositions_kept():
            assert _composed(SWEEP_JOBS[:2], RunMode.RUN) == plain
        assert blocked.read_text(encoding="utf-8") == ""


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    for value in ("off", "0", ""):
        monkeypatch.setenv("CBAM_SIM_CACHE", value)
        assert cache.folder(KIND) is None
        cache.write(KIND, "k", b"x")
        assert cache.read(KIND, "k") is None
    monkeypatch.setenv("CBAM_SIM_CACHE", str(tmp_path))
    cache.write(KIND, "k", b"x")
    assert cache.read(KIND, "k") == b"x" and (tmp_path / KIND / "k").exists()


def test_the_folder_keeps_the_newest_entries(monkeypatch, tmp_path):
    monkeypatch.setenv("CBAM_SIM_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "KEEP", 3)
    for i in range(5):
        cache.write(KIND, f"k{i}", b"x")
        os.utime(tmp_path / KIND / f"k{i}", ns=(i * 10**9, i * 10**9))
    assert sorted(p.name for p in (tmp_path / KIND).iterdir()) == ["k2", "k3", "k4"]


def test_a_run_from_the_cache_writes_what_a_run_without_it_writes(tmp_path):
    import xarray as xr

    args = ["run.quiet=true", "policy.cscf=0.93", "prices=high"]
    for name, env in (("off", {"CBAM_SIM_CACHE": "off"}), ("first", None), ("cached", None)):
        proc = cli(f"hydra.run.dir={tmp_path / name}", *args, cwd=tmp_path, env=env)
        assert proc.returncode == 0, proc.stderr
    for name in ("first", "cached"):
        for record in ("config.yaml", "overrides.yaml"):
            got = (tmp_path / name / ".hydra" / record).read_text()
            assert got == (tmp_path / "off" / ".hydra" / record).read_text()
        with xr.open_dataset(tmp_path / "off" / "results.nc") as a:
            with xr.open_dataset(tmp_path / name / "results.nc") as b:
                a.attrs.pop("created"), b.attrs.pop("created")
                xr.testing.assert_identical(a.load(), b.load())


def _store_listing(repo: dict, prefix: str = "") -> dict[str, tuple]:
    """Every node of a ConfigStore repository: its package, provider, type and values."""
    out = {}
    for key, value in repo.items():
        if isinstance(value, dict):
            out.update(_store_listing(value, f"{prefix}{key}/"))
        else:
            node = value.node
            out[prefix + key] = (
                value.package,
                value.provider,
                OmegaConf.get_type(node),
                OmegaConf.is_struct(node),
                OmegaConf.to_yaml(node),
            )
    return out


def test_the_registered_schemas_are_read_back_while_their_sources_are_unchanged(
    tmp_path, monkeypatch
):
    import pickle

    from hydra.core.config_store import ConfigStore

    import sim.config.store as store_module
    from sim.cli.kept_config import SCHEMAS, schemas_registered

    monkeypatch.setenv("CBAM_SIM_CACHE", str(tmp_path))
    store = ConfigStore.instance()
    monkeypatch.setattr(store, "repo", pickle.loads(pickle.dumps(store.repo)))  # restored after
    before = pickle.dumps(store.repo)
    schemas_registered()  # the first command: registered and kept
    registered = _store_listing(store.repo)
    assert len(list((tmp_path / SCHEMAS).iterdir())) == 1
    assert any(k.startswith("scenario/") for k in registered) and "base_config.yaml" in registered
    calls = []
    monkeypatch.setattr(store_module, "register_configs", lambda: calls.append(1))
    store.repo = pickle.loads(before)
    schemas_registered()  # the next command: read back, not registered
    assert calls == [] and _store_listing(store.repo) == registered
    monkeypatch.setattr(store_module, "registered_from", lambda: [b"an edited schema"])
    store.repo = pickle.loads(before)
    schemas_registered()  # a source changed: registered afresh
    assert calls == [1]
    monkeypatch.undo()
    monkeypatch.setenv("CBAM_SIM_CACHE", str(tmp_path))
    monkeypatch.setattr(store, "repo", pickle.loads(before))
    for entry in (tmp_path / SCHEMAS).iterdir():
        entry.write_bytes(b"not a pickle")
    schemas_registered()  # damaged: registered afresh, the entry replaced
    assert _store_listing(store.repo) == registered
    damaged = [e.read_bytes() == b"not a pickle" for e in (tmp_path / SCHEMAS).iterdir()]
    assert sorted(damaged) == [False, True]  # the edited sources' entry was not asked for
