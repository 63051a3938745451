"""OmegaConf's YAML loader on libyaml's C parser while Hydra composes, and its dumper on
libyaml's C emitter while Hydra writes a job's record (issue 14: start-up).

OmegaConf parses every config file with a pure-Python ``yaml.SafeLoader`` subclass (its
own float resolver, no timestamps, duplicate keys refused): 0.1 s of the 0.4 s a default
composition takes. :func:`c_parser` keeps that loader's constructor and resolvers (the
same Python objects come out) and only swaps the parser for libyaml's. A file the C
parser rejects is parsed again by OmegaConf's own loader, so that a bad file fails with
exactly the error and position it did before. Without libyaml nothing changes.

Hydra writes ``.hydra/config.yaml``, ``hydra.yaml`` and ``overrides.yaml`` of every job
through ``OmegaConf.to_yaml`` and PyYAML's pure-Python emitter (0.1-0.2 s a job):
:func:`c_dumper` keeps OmegaConf's representer (strings that read as numbers or booleans
quoted) on libyaml's emitter, 4-5x quicker. The job's config comes out byte for byte the
same; long multi-line strings (Hydra's help text in ``hydra.yaml``) may be wrapped
differently, and read back as the same strings.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def c_loader() -> type | None:
    """OmegaConf's loader class with libyaml's parser, or None without libyaml."""
    import yaml
    from omegaconf import _utils

    try:
        from yaml.cyaml import CParser
    except ImportError:
        return None
    python_loader = _utils.get_yaml_loader()

    class CLoader(CParser, python_loader):  # type: ignore[misc, valid-type]
        """libyaml parses; OmegaConf's constructor and resolvers build the values."""

        def __init__(self, stream: Any) -> None:
            text = stream.read() if hasattr(stream, "read") else stream
            self.source = (text, getattr(stream, "name", None))
            CParser.__init__(self, text)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def get_single_data(self) -> Any:
            """The document; a rejected one is parsed again in Python for its error."""
            try:
                return super().get_single_data()
            except yaml.YAMLError:
                text, name = self.source
                stream = io.StringIO(text) if isinstance(text, str) else io.BytesIO(text)
                if name is not None:
                    stream.name = name
                return yaml.load(stream, Loader=python_loader)  # raises the same error

    return CLoader


@contextmanager
def c_parser() -> Iterator[None]:
    """Within the block, OmegaConf loads YAML through :func:`c_loader`."""
    from omegaconf import _utils, basecontainer

    if getattr(_utils.get_yaml_loader, "swapped", False):  # within such a block already
        yield
        return
    with _returning((_utils, basecontainer), "get_yaml_loader", c_loader()):
        yield


def c_dumper_class() -> type | None:
    """OmegaConf's dumper (its string representer) on libyaml's emitter, or None."""
    import yaml
    from omegaconf import _utils

    if not hasattr(yaml, "CDumper"):
        return None

    class CDumper(yaml.CDumper):  # type: ignore[misc, name-defined]
        """libyaml emits; OmegaConf's representer quotes strings that read as other types."""

    CDumper.add_representer(str, _utils.OmegaConfDumper.str_representer)
    return CDumper


@contextmanager
def c_dumper() -> Iterator[None]:
    """Within the block, ``OmegaConf.to_yaml`` (and Hydra's job record) dumps through
    :func:`c_dumper_class`."""
    from omegaconf import omegaconf

    if getattr(omegaconf.get_omega_conf_dumper, "swapped", False):  # within one already
        yield
        return
    with _returning((omegaconf,), "get_omega_conf_dumper", c_dumper_class()):
        yield


@contextmanager
def _returning(modules: tuple[Any, ...], name: str, value: type | None) -> Iterator[None]:
    """Within the block, ``name`` of each of ``modules`` is a function returning ``value``
    (marked ``swapped``); nothing changes when ``value`` is None."""
    if value is None:
        yield
        return
    original = getattr(modules[0], name)

    def swapped() -> type:
        return value

    swapped.swapped = True  # type: ignore[attr-defined]
    for module in modules:
        setattr(module, name, swapped)
    try:
        yield
    finally:
        for module in modules:
            setattr(module, name, original)
