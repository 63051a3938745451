"""Command-line entry points (thin: compose the config, run, print)."""

from __future__ import annotations

import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import hydra
import yaml
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.analysis.summary import format_summary
from sim.config.store import register_configs
from sim.errors import ConfigError, NonFiniteResultError, SuspiciousInputWarning
from sim.experiments.sweeps import write_status
from sim.pipeline import run_to_file

register_configs()


@hydra.main(version_base="1.3", config_path="pkg://sim.configs", config_name="config")
def _main(cfg: DictConfig) -> None:
    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    sweep = hc.mode == RunMode.MULTIRUN
    overrides = list(hc.overrides.task)
    try:
        plain = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
        with report_warnings("cbam-sim"):
            ds, path, status = run_to_file(plain, out, {"overrides": json.dumps(overrides)})
    except Exception as err:
        expected = isinstance(err, USER_ERRORS)
        message = str(err) if expected else f"{type(err).__name__}: {err}"
        if not sweep:
            if not expected:
                raise
            print(f"cbam-sim: error: {message}", file=sys.stderr)
            sys.exit(2)
        write_status(out, overrides, "failed", error=message)  # the other jobs go on
        print(f"cbam-sim: job failed: {message}", file=sys.stderr)
        return
    if sweep:
        write_status(out, overrides, status, results=str(path))
    if status == "skipped":
        print(f"already done (same config): {path.resolve()}", file=sys.stderr)
    if cfg.run.quiet:
        print(path.resolve())
    else:
        print(format_summary(ds, str(path.resolve())))


def main() -> None:
    """Console script ``cbam-sim``."""
    run_hydra("cbam-sim", _main)


USER_ERRORS = (ConfigError, FileExistsError, NonFiniteResultError)


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
    user_full = os.environ.get("HYDRA_FULL_ERROR") == "1"
    os.environ["HYDRA_FULL_ERROR"] = "1"  # let composition errors reach us
    try:
        task()
    except (HydraException, OmegaConfBaseException, yaml.YAMLError) as err:
        if user_full:
            raise
        print(f"{prog}: error: {composition_error(err)}", file=sys.stderr)
        sys.exit(2)


def composition_error(err: BaseException) -> str:
    """One line for an error raised while Hydra composes the config."""
    chain, e = [], err
    while e is not None and e not in chain:
        chain.append(e)
        e = e.__cause__ or e.__context__
    for e in chain:
        if isinstance(e, yaml.MarkedYAMLError) and e.problem_mark is not None:
            mark = e.problem_mark
            return (
                f"{mark.name} line {mark.line + 1} column {mark.column + 1}: "
                f"invalid YAML ({e.context or ''} {e.problem or ''})".replace("( ", "(")
            )
    text = str(err).strip()
    origin = re.match(r"In '([^']+)':", text)
    where = f" (in {origin.group(1)}.yaml)" if origin and origin.group(1) != "config" else ""
    append = re.search(r"To append to your config use (\S+)", text)
    for e in chain:
        if isinstance(e, OmegaConfBaseException) and getattr(e, "full_key", None):
            msg = _flat(getattr(e, "msg", None) or str(e))
            if "not in" in msg:
                msg += " (an unknown key: cbam-sim --cfg job lists the valid ones"
                msg += f"; to add a key write {append.group(1)})" if append else ")"
            if "incompatible with (str)" in msg:
                msg += " (write year keys quoted in YAML, e.g. '2030': 0.5)"
            value = getattr(e, "value", None)
            shown = f" = {value!r}" if value is not None and "Value" not in msg else ""
            return f"{e.full_key}{shown}{where}: {msg}"
    return _flat(text)


def _flat(text: str) -> str:
    lines = str(text).split("Config search path")[0].splitlines()
    keep = [
        line.strip()
        for line in lines
        if line.strip()
        and not line.strip().startswith(("full_key:", "reference_type=", "object_type="))
        and "HYDRA_FULL_ERROR" not in line
    ]
    return "; ".join(keep).replace(":;", ":").replace("\t", "")


@hydra.main(version_base="1.3", config_path="pkg://sim.configs", config_name="config")
def _sobol(cfg: DictConfig) -> None:
    from sim.experiments.sensitivity import sobol_over_time
    from sim.io.results import write_atomic
    from sim.plots.style import sobol_figure

    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        plain = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=True)
        ds = sobol_over_time(plain, int(cfg.sensitivity.n), int(cfg.sensitivity.seed))
        ds.attrs["config"] = OmegaConf.to_yaml(cfg)
        path = write_atomic(ds, out / "sobol.nc")
    except USER_ERRORS as err:
        print(f"cbam-sobol: error: {err}", file=sys.stderr)
        sys.exit(2)
    fig = sobol_figure(ds)
    for ext in ("png", "svg"):
        fig.savefig(out / f"sobol.{ext}", dpi=150)
    last = int(ds.year[-1])
    sel = {"output": "cbam_cost", "year": last}
    st = ds.total_order.sel(sel).to_series().sort_values(ascending=False)
    s1 = ds.first_order.sel(sel).to_series()
    runs = int(ds.attrs["model_evaluations"])
    print(f"Sobol indices of the {last} CBAM cost ({runs:,} model runs): total, first order")
    for name, value in st.items():
        print(f"  {name:<18} {value:6.3f} {s1[name]:6.3f}")
    print(f"Results: {path.resolve()} (figure: sobol.png, sobol.svg)")


def sobol_main() -> None:
    """Console script ``cbam-sobol``: Sobol indices over time for ``ensemble.uncertain``."""
    run_hydra("cbam-sobol", _sobol)


if __name__ == "__main__":
    main()


def collect_main(argv: list[str] | None = None) -> None:
    """Console script ``cbam-collect``: merge a sweep into one dataset (netCDF or Zarr)."""
    import argparse

    from sim.experiments.sweeps import collect
    from sim.io.results import write_atomic

    parser = argparse.ArgumentParser(
        prog="cbam-collect",
        description="Merge the results.nc files of a sweep folder into one dataset whose new "
        "dimensions are the swept config keys. Failed jobs are listed in manifest.json.",
    )
    parser.add_argument("sweep_dir", type=Path, help="the sweep folder (hydra.sweep.dir)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="output file: .nc (netCDF4, default collected.nc) or .zarr",
    )
    args = parser.parse_args(argv)
    target = args.output or args.sweep_dir / "collected.nc"
    try:
        ds = collect(args.sweep_dir)
        if target.suffix == ".zarr":
            if target.exists():
                raise FileExistsError(f"{target} exists; refusing to overwrite it")
            ds.to_zarr(target)
        else:
            write_atomic(ds, target)
    except (FileNotFoundError, FileExistsError, ValueError) as err:
        print(f"cbam-collect: error: {err}", file=sys.stderr)
        sys.exit(2)
    dims = ", ".join(f"{k}={v}" for k, v in ds.sizes.items())
    print(f"collected {len(json.loads(ds.attrs['jobs']))} jobs ({dims}) into {target.resolve()}")
