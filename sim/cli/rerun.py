"""Re-run a results file from its own provenance: ``cbam-rerun RESULTS.nc [--out DIR]``.

The resolved config is read back from the file's ``config`` attribute (YAML), simulated
again with :func:`sim.pipeline.simulate`, written atomically to a new file, and every
variable and coordinate is compared with the original, bit for bit. Provenance attributes
that describe the run rather than the numbers (creation time, git commit, overrides) are
not compared. Errors go through :mod:`sim.cli.guard`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from sim.axes import POWER_KINDS
from sim.cli.guard import entry_point, guard
from sim.config.migrations import migrate
from sim.errors import ConfigError
from sim.io.dataset import check_finite
from sim.io.provenance import git_commit, input_digests, stored_config
from sim.io.results import is_zarr, open_results, write_atomic
from sim.pipeline import changed_inputs, config_digest, input_files, same_config, simulate

# global attributes that say how and when a file was made, not what it holds
RUN_ATTRS = ("created", "git_commit", "overrides", "rerun_of", "cbam_sim_version")


# attributes that follow from the config itself: they change when an older config is migrated
CONFIG_ATTRS = ("config", "config_sha256", "sources", "seed", "input_files")

# labels, provenance and outputs later versions add to every file (absent from older
# originals); recognised_emissions came with the scorecard's decarbonisation trap (issue 12)
ADDED_LATER = (
    "cn_code",
    "origin",
    "overridden_official_values",
    "precursor_intensity",
    "actual_specific_emissions",
    "fuel_use_factor",
    "park_id",
    "park_asset",
    "recognised_emissions",
    "gas",
    "direct_emissions_by_gas",
    "cbam_direct_emissions",
    "embodied_emissions",
)
ADDED_LATER += ("park_asset_capacity", "park_generation", "park_capex", "park_capex_share")
ADDED_LATER += ("park_opex_share", "park_power_share", "green_hydrogen")


def config_from_results(ds: xr.Dataset, path: str) -> tuple[dict[str, Any], list[str]]:
    """The resolved config stored in a results file, checked against its SHA-256 and
    migrated to today's keys (:mod:`sim.config.migrations`), with a note per change."""
    cfg = stored_config(ds, path, required=True)
    read = _stored_inputs(ds, path)
    stored = ds.attrs.get("config_sha256")
    if stored is not None and stored not in same_config(cfg, read):
        raise ConfigError(
            f"{path} attribute config_sha256",
            stored,
            f"does not match the stored config (its digest is {config_digest(cfg, read)}): edited?",
        )
    now = input_digests(input_files(cfg))
    changed = changed_inputs(read, now) if "input_files" in ds.attrs else []
    if changed:
        then, later = read.get(changed[0]) or {}, now.get(changed[0]) or {}
        raise ConfigError(
            changed[0],
            later.get("path", then.get("path")),
            f"changed since the run (SHA-256 {then.get('sha256', 'none')[:12]} then, "
            f"{later.get('sha256', 'none')[:12]} now): cannot reproduce it",
        )
    kinds = cfg.get("response", {}).get("power_kinds")
    if kinds is not None and list(kinds) != list(POWER_KINDS):
        raise ConfigError(
            f"{path} attribute config response.power_kinds",
            kinds,
            f"cannot be re-run: the green-power kinds are now fixed as {list(POWER_KINDS)}",
        )
    return migrate(cfg)


def _stored_inputs(ds: xr.Dataset, path: str) -> dict[str, Any]:
    """The digests of the input files a results file was made from (none before they
    were recorded)."""
    try:
        read = json.loads(ds.attrs.get("input_files", "{}"))
    except ValueError:
        read = None
    if not isinstance(read, dict):
        raise ConfigError(f"{path} attribute input_files", "<JSON>", "unreadable")
    return read


def differences(a: xr.Dataset, b: xr.Dataset, migrated: bool = False) -> list[str]:
    """Names of variables or coordinates that are not bit-identical (values, dtype, dims,
    attributes), plus global attributes other than :data:`RUN_ATTRS` that differ (and
    other than :data:`CONFIG_ATTRS` when the config was ``migrated``)."""
    skip = RUN_ATTRS + (CONFIG_ATTRS + ADDED_LATER if migrated else ())
    out = []
    names = sorted(set(a.variables) | set(b.variables))
    for name in names:
        if migrated and name in ADDED_LATER and (name in a.variables) != (name in b.variables):
            continue
        if name not in a.variables or name not in b.variables:
            out.append(f"{name} (only in one file)")
            continue
        va, vb = a.variables[name], b.variables[name]
        docs = METADATA if migrated else ()  # a later version may reword or re-unit it
        same = (
            va.dims == vb.dims
            and va.dtype == vb.dtype
            and _without(va.attrs, docs) == _without(vb.attrs, docs)
            and _bit_equal(va.values, vb.values)
        )
        if not same:
            out.append(name)
    for key in sorted(set(a.attrs) | set(b.attrs)):
        if key not in skip and a.attrs.get(key) != b.attrs.get(key):
            out.append(f"attribute {key}")
    return out


# the metadata of a variable a later version may change (CF units, names): the numbers
# of an earlier version's file are compared, not its labels
METADATA = ("description", "long_name", "units", "cbam_units", "axis")


def _without(attrs: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k not in keys}


def _bit_equal(x: np.ndarray, y: np.ndarray) -> bool:
    if x.shape != y.shape:
        return False
    if x.dtype.kind in "fc":  # NaN == NaN, and -0.0 != 0.0: compare the bytes
        return x.tobytes() == y.tobytes()
    return bool(np.array_equal(x, y))


def rerun(path: Path, out_dir: Path | None = None) -> tuple[Path, list[str], xr.Dataset, list[str]]:
    """Re-simulate ``path`` from its provenance; returns the new file, the differences,
    the original dataset and the notes of the config migration."""
    path = Path(path)
    if not path.exists():  # a results file or Zarr store
        raise ConfigError("RESULTS", str(path), "no such results file")
    try:
        original = open_results(path)
    except Exception as err:  # not netCDF, truncated
        raise ConfigError("RESULTS", str(path), f"not a readable results file ({err})") from None
    cfg, notes = config_from_results(original, str(path))
    extra = {"overrides": original.attrs.get("overrides", "[]"), "rerun_of": str(path.resolve())}
    ds = simulate(cfg, extra)
    check_finite(ds)
    target = Path(out_dir) / path.name if out_dir is not None else path.with_suffix(".rerun.nc")
    if is_zarr(target):
        from sim.io.zarr_store import write_zarr

        write_zarr(ds, target)
    else:
        write_atomic(ds, target)
    diff = differences(original, open_results(target), bool(notes))
    if original.attrs.get("config_sha256") != config_digest(cfg):  # an older digest
        diff = [d for d in diff if d != "attribute config_sha256"]
    return target, diff, original, notes


def main(argv: list[str] | None = None) -> None:
    """Console script ``cbam-rerun``: exit 0 when bit-identical, 1 when not, 2 on error."""
    entry_point("cbam-rerun", lambda: _main(argv))


def _main(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(
        prog="cbam-rerun",
        description="Re-run a results file from the resolved config stored in it, write the "
        "new results atomically and report whether every number is bit-identical.",
    )
    parser.add_argument("results", type=Path, help="a results.nc written by cbam-sim")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the new file (default: next to RESULTS as <name>.rerun.nc)",
    )
    args = parser.parse_args(argv)
    with guard("cbam-rerun"):
        target, diff, original, notes = rerun(args.results, args.out)
    for note in notes:
        print(f"config of an earlier version: {note}")
    made = f"{original.attrs.get('git_commit', '?')}, re-run at {git_commit()}"
    if not diff:
        print(f"bit-identical: {target.resolve()} reproduces {args.results}")
        return
    shown = ", ".join(diff[:10]) + (f" and {len(diff) - 10} more" if len(diff) > 10 else "")
    print(
        f"NOT identical: {target.resolve()} differs from {args.results} in {shown} "
        f"(original made at commit {made})",
        file=sys.stderr,
    )
    print(json.dumps({"differences": diff}), file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
