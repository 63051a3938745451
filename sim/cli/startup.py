"""What keeps the command line quick to answer (issue 14), apart from lazy imports.

- ``cbam-sim --help`` without overrides is printed from the help config
  (``configs/hydra/help/cbam.yaml``) and a listing of the config groups, without composing
  the config. Hydra's own ``--help`` composes it once and then builds a fresh copy of its
  config repository for every group it lists (about 90 of them: 1.5 s of a 3.3 s help); the
  text is the same (``tests/cli/test_startup.py`` compares the two). With overrides, or a
  template that needs more than the group list, Hydra prints the help.
- A run composes the config once: Hydra composes it a first time only to read
  ``hydra.mode``, which none of the shipped configs sets (:func:`composed_once`).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources

HELP_FLAGS = ("--help", "-h")


def fast_help(argv: Sequence[str]) -> str | None:
    """The text of ``cbam-sim --help`` when ``argv`` asks for it alone, else None (Hydra)."""
    if len(argv) != 1 or argv[0] not in HELP_FLAGS:
        return None
    import yaml
    from omegaconf import OmegaConf

    root = resources.files("sim.configs")
    spec = yaml.load((root / "hydra/help/cbam.yaml").read_text("utf-8"), Loader=_loader())
    template = str(OmegaConf.create({"hydra": {"help": spec}}).hydra.help.template)
    names = {m.group("named") or m.group("braced") for m in _placeholders(template)}
    if names - {"APP_CONFIG_GROUPS"}:
        return None
    text = string.Template(template).substitute(APP_CONFIG_GROUPS=app_config_groups())
    return text


def _placeholders(template: str) -> Iterator:
    return (
        m
        for m in string.Template.pattern.finditer(template)
        if m.group("named") or m.group("braced")
    )


def _loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def app_config_groups() -> str:
    """The groups of the app (not ``hydra/...``) and their options, one line per group, as
    Hydra's ``$APP_CONFIG_GROUPS`` lists them."""
    from sim.config.store import config_groups

    lines = [
        f"{group}: {', '.join(sorted(names))}"
        for group, names in sorted(config_groups().items())
        if names and group != "hydra" and not group.startswith("hydra/")
    ]
    return "".join(line + "\n" for line in lines)


@contextmanager
def composed_once(argv: Sequence[str]) -> Iterator[None]:
    """Within the block, Hydra does not compose the config a first time to read
    ``hydra.mode`` unless an override names it: the shipped configs never set it, and then
    Hydra takes the mode from ``-m`` (``--multirun``) as it would from an unset value."""
    from hydra._internal.hydra import Hydra

    if any(arg.lstrip("+~").startswith("hydra.mode") for arg in argv):
        yield
        return
    original = Hydra.get_mode
    Hydra.get_mode = lambda self, config_name, overrides: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        Hydra.get_mode = original  # type: ignore[method-assign]
