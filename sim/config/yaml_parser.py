"""OmegaConf's YAML loader on libyaml's C parser while Hydra composes (issue 14: start-up).

OmegaConf parses every config file with a pure-Python ``yaml.SafeLoader`` subclass (its
own float resolver, no timestamps, duplicate keys refused): 0.1 s of the 0.4 s a default
composition takes. :func:`c_parser` keeps that loader's constructor and resolvers (the
same Python objects come out) and only swaps the parser for libyaml's. A file the C
parser rejects is parsed again by OmegaConf's own loader, so that a bad file fails with
exactly the error and position it did before. Without libyaml nothing changes.
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

    if getattr(_utils.get_yaml_loader, "c_parser", False):  # within such a block already
        yield
        return
    loader = c_loader()
    if loader is None:
        yield
        return
    original = _utils.get_yaml_loader

    def get_loader() -> type:
        return loader

    get_loader.c_parser = True  # type: ignore[attr-defined]
    _utils.get_yaml_loader = basecontainer.get_yaml_loader = get_loader
    try:
        yield
    finally:
        _utils.get_yaml_loader = basecontainer.get_yaml_loader = original
