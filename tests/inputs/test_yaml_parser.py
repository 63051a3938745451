"""The C parser under OmegaConf (sim.config.yaml_parser): the same values and the same
errors as OmegaConf's own loader."""

from __future__ import annotations

import pytest
import yaml
from omegaconf import OmegaConf

from sim.config.yaml_parser import c_loader, c_parser
from tests.conftest import compose_hydra

pytestmark = pytest.mark.skipif(c_loader() is None, reason="PyYAML without libyaml")


@pytest.mark.parametrize("overrides", [[], ["scenario=h2_dri_transition", "prices=high"]])
def test_composition_is_the_same_with_the_c_parser(overrides):
    with c_parser():
        fast = compose_hydra(overrides)
    assert fast == compose_hydra(overrides)


def test_values_and_errors_are_omegaconfs(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("a: 1e3\nb: 2026-01-01\nc: [1, .5, -.inf]\nd: '2030'\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy:\n  cscf: [1\n")
    dup = tmp_path / "dup.yaml"
    dup.write_text("a: 1\na: 2\n")
    want_good = OmegaConf.to_container(OmegaConf.load(good))
    errors = []
    for path in (bad, dup):
        with pytest.raises(yaml.YAMLError) as err:
            OmegaConf.load(path)
        errors.append(str(err.value))
    with c_parser():
        assert OmegaConf.to_container(OmegaConf.load(good)) == want_good
        for path, want in zip((bad, dup), errors, strict=True):
            with pytest.raises(yaml.YAMLError) as err:
                OmegaConf.load(path)
            assert str(err.value) == want


def test_the_c_dumper_writes_a_jobs_config_byte_for_byte_and_reads_back_the_same():
    import yaml
    from hydra import compose, initialize_config_module
    from omegaconf import OmegaConf

    from sim.config.yaml_parser import c_dumper

    with initialize_config_module(config_module="sim.configs", version_base="1.3"):
        for name in ("baseline", "park_c_zero_carbon_2030", "downstream_2028"):
            cfg = compose("config", [f"scenario={name}"], return_hydra_config=True)
            job, hydra = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"]), cfg.hydra
            python = [OmegaConf.to_yaml(job), OmegaConf.to_yaml(hydra)]
            with c_dumper(), c_dumper():  # re-entrant
                c = [OmegaConf.to_yaml(job), OmegaConf.to_yaml(hydra)]
            assert c[0] == python[0], name
            assert yaml.safe_load(c[1]) == yaml.safe_load(python[1]), name
    assert OmegaConf.to_yaml({"a": "1.0", "b": "true"}) == "a: '1.0'\nb: 'true'\n"
    with c_dumper():  # strings that read as numbers or booleans stay quoted
        assert OmegaConf.to_yaml({"a": "1.0", "b": "true"}) == "a: '1.0'\nb: 'true'\n"
