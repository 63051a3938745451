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

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuilt from its fields when pickled (raised on a Dask worker, shown here)."""
        return (type(self), (self.key, self.value, self.expected))


class InputError(ValueError):
    """A config that cannot be composed or an override that would be misread (an unknown
    key or option, a key given twice): the one line the commands print, for ``sim.api``."""


class NonFiniteResultError(ValueError):
    """A results variable holds NaN or infinity; the results file is not written."""

    def __init__(self, variable: str, kind: str, where: dict[str, Any]) -> None:
        self.variable = variable
        self.kind = kind
        self.where = where
        at = ", ".join(f"{dim}={label}" for dim, label in where.items())
        super().__init__(
            f"results: {variable} is {kind}{' at ' + at if at else ''}; "
            "nothing written (a model or input defect: please report it with the config)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuilt from its fields when pickled (raised on a Dask worker, shown here)."""
        return (type(self), (self.variable, self.kind, self.where))


class SuspiciousInputWarning(UserWarning):
    """A legal but implausible input (the run continues); names the key and the value."""


class UnreliableEstimateWarning(SuspiciousInputWarning):
    """An estimate whose sampling error is too large to read it (a Sobol index whose
    confidence interval is wide); the command continues and says what to raise."""


class DataFileError(ValueError):
    """A file a command reads (a results file, a sweep's job file, its manifest) is missing,
    unreadable or lacks what the command needs; names the file and what it lacks."""

    def __init__(self, path: Any, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuilt from its fields when pickled."""
        return (type(self), (self.path, self.problem))


class MissingVariablesError(ConfigError):
    """A results file lacks variables an analysis needs (a file reduced by
    ``ensemble.variables``); names them."""

    def __init__(self, what: str, missing: list[str]) -> None:
        self.what, self.missing = what, list(missing)
        super().__init__("ensemble.variables", self.missing, f"{what} needs these variables")

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuilt from its fields when pickled."""
        return (type(self), (self.what, self.missing))
