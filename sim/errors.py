"""Errors a user can act on: each names the offending key, its value and what was expected."""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """Invalid user input (config value, data file, scenario)."""

    def __init__(self, key: str, value: Any, expected: str) -> None:
        self.key = key
        self.value = value
        self.expected = expected
        super().__init__(f"{key} = {value!r}: {expected}")
