"""The one error guard of the command line.

An error the user can act on (a bad config value, a file that exists, a non-finite
result, and what a command adds to these, e.g. a missing results file) ends a command with
exactly one line ``<prog>: error: <message>`` on stderr and exit code 2; anything else is a
defect and keeps its traceback. Suspicious but legal inputs are shown as one line
``<prog>: warning: <message>`` each. A config Hydra cannot compose (unknown key, wrong
type, bad YAML in a scenario file) ends the same way as a user error.
"""

from __future__ import annotations

import errno
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from sim.errors import (
    ConfigError,
    DataFileError,
    InputError,
    NonFiniteResultError,
    SuspiciousInputWarning,
)

USER_ERRORS: tuple[type[Exception], ...] = (
    ConfigError,
    DataFileError,
    FileExistsError,
    InputError,
    NonFiniteResultError,
)


def fail(prog: str, message: str) -> NoReturn:
    """End the command: one line ``prog: error: message`` on stderr, exit code 2."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    sys.exit(2)


@contextmanager
def guard(prog: str, *also: type[Exception]) -> Iterator[None]:
    """Turn a user error (:data:`USER_ERRORS`, and the error types ``also`` that the command
    treats as the user's) raised in the block into one error line and exit code 2.

    Also usable as a decorator: ``@guard("cbam-rerun")``.
    """
    try:
        yield
    except OSError as err:
        if err.errno is None and isinstance(err, USER_ERRORS + also):
            fail(prog, str(err))  # ours: the message names what exists
        fail(prog, os_error_message(err))
    except (*USER_ERRORS, *also) as err:
        fail(prog, str(err))


def os_error_message(err: OSError) -> str:
    """One line for a file-system error: the file and what went wrong."""
    where = err.filename or "?"
    if err.errno == errno.ENOSPC:
        return f"no space left writing {where}"
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write {where}: permission denied"
    if err.errno == errno.EROFS:
        return f"cannot write {where}: read-only file system"
    if err.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"{where}: exists and is not a folder (choose another hydra.run.dir or --out)"
    return f"{where}: {err.strerror or err}"


def entry_point(prog: str, main: Callable[[], None]) -> None:
    """Run a console script: Ctrl-C ends it with one line "interrupted" and exit code 130
    (temporary files are removed on the way out), a closed output pipe (``| head``) quietly."""
    try:
        main()
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout
        sys.exit(1)


def failure_message(err: BaseException) -> str:
    """What a failed sweep job records: the message of a user error, else type and message."""
    if isinstance(err, OSError) and err.errno is not None:
        return os_error_message(err)
    return str(err) if isinstance(err, USER_ERRORS) else f"{type(err).__name__}: {err}"


@contextmanager
def report_warnings(prog: str) -> Iterator[None]:
    """Show each :class:`SuspiciousInputWarning` once, as one line ``prog: warning: ...``."""
    with warnings.catch_warnings():
        warnings.simplefilter("default", SuspiciousInputWarning)  # once per distinct message
        show = warnings.showwarning

        def one_line(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, SuspiciousInputWarning):
                print(f"{prog}: warning: {message}", file=sys.stderr)
            else:
                show(message, category, filename, lineno, file, line)

        warnings.showwarning = one_line
        yield


def run_hydra(prog: str, task: Callable[[], None]) -> None:
    """Run a Hydra entry point; a config that cannot be composed (unknown key, wrong type,
    bad YAML in a scenario file, unknown option) ends with one line on stderr and exit 2
    instead of Hydra's multi-line report. ``HYDRA_FULL_ERROR=1`` still shows the traceback."""
    # Hydra's and OmegaConf's errors: imported here, where Hydra runs anyway (the commands
    # that never compose a config, such as cbam-collect, do not import Hydra for them)
    from sim.config.messages import COMPOSITION_ERRORS, composition_error, flat

    user_full = os.environ.get("HYDRA_FULL_ERROR") == "1"
    os.environ["HYDRA_FULL_ERROR"] = "1"  # let composition errors reach us
    try:
        task()
    except COMPOSITION_ERRORS as err:
        if user_full:
            raise
        fail(prog, composition_error(err))
    except OSError as err:  # Hydra making the run folder
        if user_full or err.errno is None:
            raise
        fail(prog, os_error_message(err))
    except ValueError as err:  # Hydra parsing the command line (``=0.5``)
        if user_full or not _raised_in_hydra(err):
            raise
        fail(prog, flat(str(err)))


def _raised_in_hydra(err: BaseException) -> bool:
    """Whether ``err`` was raised by Hydra itself (not by the model it runs)."""
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and f"{os.sep}hydra{os.sep}" in tb.tb_frame.f_code.co_filename
