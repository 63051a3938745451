"""The suite's command-line runs, each a process forked from one that has already imported
the package (issue 14 target 6: the suite under 8 minutes on 2 cores).

A command of the package (``cbam-sim``, ``cbam-report``, ...) started by the tests with
``subprocess.run`` costs about 1.2 CPU-seconds, half of it Python importing Hydra, xarray
and ``sim`` (the import floor of ``benchmarks/cli_startup.py``); the suite starts some 250.
Here a server process per test worker imports them once; each command is a child forked
from it, which gets the command's argument list, working folder and environment, its
standard output and error into files read back as ``subprocess.run`` would return them
(``capture_output=True``, text), and its exit status (``sys.exit`` semantics, an uncaught
exception's traceback and status 1, the threads joined and the ``atexit`` handlers run
as the interpreter does at its end). It is still a process of
its own with its own files, folders and exit code: what is shared is only what Python had
imported before the command began, as a fresh process would have imported it.

Routed here (:func:`routed`): ``subprocess.run`` of a console script of this package in the
tests' virtual environment, with captured output and no input, and an environment that
differs from the tests' only in variables the package reads when a command runs. Anything
else (``python -c``, ``python -m sim``, other programs, ``Popen`` for the signal and kill
tests, the start-up tests of ``tests/cli/test_startup.py``, which start Python afresh) runs
as before. ``CBAM_TEST_FORK=0`` runs every command as a fresh process.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
SCRIPTS = {
    e.name: e.value
    for e in metadata.entry_points(group="console_scripts")
    if e.dist is not None and e.dist.name == "cbam-sim"
}
# variables a command may set that the package and its libraries read while it runs
# (not at import, which the server did once)
CALL_TIME_VARIABLES = {"CBAM_SIM_CACHE", "HYDRA_FULL_ERROR", "XDG_CACHE_HOME", "COLUMNS"}
# what the server imports before forking: what every command of the package imports
PRELOAD = ("hydra", "xarray", "omegaconf", "sim.cli.main", "sim.cli.analyse", "sim.pipeline")
OPTIONS = {"cwd", "capture_output", "text", "timeout", "env", "check"}

SERVER = r"""
import atexit, importlib, json, os, sys, threading, traceback
proto_in, proto_out = os.dup(0), os.dup(1)
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 0)
os.dup2(null, 1)
sys.path[0] = {bin!r}  # as for a console script: the script's folder first
for name in {preload!r}:
    importlib.import_module(name)
requests, replies = os.fdopen(proto_in, "r"), os.fdopen(proto_out, "w", buffering=1)
replies.write("ready\n")
for line in requests:
    req = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.close(proto_in)
        os.close(proto_out)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        for fd, path in ((1, req["out"]), (2, req["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        sys.argv = req["argv"]
        code = 0
        try:
            module, _, attr = req["entry"].partition(":")
            code = getattr(importlib.import_module(module), attr)()
        except SystemExit as stop:
            code = stop.code
        except BaseException:
            traceback.print_exc()
            code = 1
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        try:  # as the interpreter ends: threads joined (and their exit hooks), atexit
            threading._shutdown()
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code or 0)
    replies.write(json.dumps({{"pid": pid}}) + "\n")
    _, status = os.waitpid(pid, 0)
    replies.write(json.dumps({{"status": os.waitstatus_to_exitcode(status)}}) + "\n")
"""


class Server:
    """The forking server of this test process (started on first use)."""

    def __init__(self) -> None:
        code = SERVER.format(bin=str(BIN), preload=PRELOAD)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.pending = b""  # read from the server, not yet taken as lines
        if self._line(120) != "ready":
            raise RuntimeError("the forking server did not start")

    def _line(self, timeout: float | None) -> str | None:
        """The server's next line, or None when none came within ``timeout`` seconds."""
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError(f"the forking server ended ({self.proc.poll()})")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def run(self, argv: list[str], cwd: str, env: dict[str, str], timeout: float | None) -> Any:
        """Run one command; (exit status, stdout, stderr)."""
        with tempfile.TemporaryDirectory(prefix="forked-") as tmp:
            out, err = Path(tmp, "out"), Path(tmp, "err")
            entry = SCRIPTS[Path(argv[0]).name]
            req = {"argv": argv, "cwd": cwd, "env": env, "out": str(out), "err": str(err)}
            self.proc.stdin.write((json.dumps({**req, "entry": entry}) + "\n").encode())
            self.proc.stdin.flush()
            pid = json.loads(self._line(60) or "{}")["pid"]
            reply = self._line(timeout)
            if reply is None:
                os.kill(pid, signal.SIGKILL)
                self._line(60)
                raise subprocess.TimeoutExpired(argv, timeout or 0)
            status = json.loads(reply)["status"]
            return status, _text(out), _text(err)


def _text(path: Path) -> str:
    # as subprocess.run(text=True) decodes: the locale's encoding, universal newlines
    return path.read_text() if path.exists() else ""


_server: Server | None = None
real_run = subprocess.run


def routed(args: Any, **kw: Any) -> Any:
    """``subprocess.run``: a command of the package in a forked child where it can be,
    else a fresh process."""
    if not _forkable(args, kw):
        return real_run(args, **kw)
    global _server
    if _server is None or _server.proc.poll() is not None:
        _server = Server()
    env = dict(os.environ if kw.get("env") is None else kw["env"])
    cwd = str(kw.get("cwd") or os.getcwd())
    status, out, err = _server.run([str(a) for a in args], cwd, env, kw.get("timeout"))
    proc = subprocess.CompletedProcess(list(args), status, out, err)
    if kw.get("check"):
        proc.check_returncode()
    return proc


def _forkable(args: Any, kw: dict[str, Any]) -> bool:
    if os.environ.get("CBAM_TEST_FORK", "1") == "0" or not isinstance(args, list | tuple):
        return False
    if not args or Path(str(args[0])).parent != BIN or Path(str(args[0])).name not in SCRIPTS:
        return False
    if set(kw) - OPTIONS or not kw.get("capture_output") or not kw.get("text"):
        return False
    env = kw.get("env")
    if env is not None:
        changed = {k for k in set(env) | set(os.environ) if env.get(k) != os.environ.get(k)}
        if changed - CALL_TIME_VARIABLES:
            return False
    return True


def stop() -> None:
    """End the server (at the end of the session)."""
    if _server is not None and _server.proc.poll() is None:
        _server.proc.stdin.close()
        _server.proc.wait(30)
