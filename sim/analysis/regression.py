"""Version-to-version regression of two results files (issue 15, item 5; SDEverywhere's
model-check idea): which variables moved beyond their tolerance, by how much and where.

Pure: two datasets and the tolerances in, a :class:`Check` out (``cbam-check`` prints it).
A cell has moved when ``|new - base| > atol + rtol * |base|`` (``numpy.isclose``; NaN
equals NaN); text and boolean variables move when they differ. The files are compared on
the coordinates they share; coordinates present in only one, variables present in only
one and a changed ``units`` attribute are changes too. Provenance (the file attributes)
is not compared: a new version always has a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

# the tolerances where a variable has none of its own (sim/data/check_tolerances.yaml
# ships the same, with the reasoning)
DEFAULT = {"rtol": 1e-9, "atol": 1e-9}


@dataclass(frozen=True)
class Moved:
    """A variable that moved beyond its tolerance: how many cells, by how much at most,
    and the cell that moved most (its coordinates, the base and the new value)."""

    name: str
    units: str
    cells: int  # cells beyond tolerance
    of: int  # cells compared
    max_abs: float
    max_rel: float  # relative to |base| (inf where base is 0)
    where: dict[str, str]
    base: str
    new: str


@dataclass
class Check:
    """What moved between two results files (empty lists: nothing did)."""

    moved: list[Moved] = field(default_factory=list)
    compared: int = 0  # variables compared
    only_base: list[str] = field(default_factory=list)  # variables only in the base file
    only_new: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # "var: base units -> new units"
    labels: list[str] = field(default_factory=list)  # "dim: only in base [...], only in new"

    @property
    def passed(self) -> bool:
        """Whether nothing moved beyond tolerance and nothing was added or removed."""
        return not (self.moved or self.only_base or self.only_new or self.units or self.labels)


def tolerance(name: str, tolerances: Mapping[str, object]) -> tuple[float, float]:
    """(rtol, atol) of variable ``name``: its own entry, else the default."""
    base = {**DEFAULT, **dict(tolerances.get("default", {}) or {})}  # type: ignore[call-overload]
    own = dict((tolerances.get("variables", {}) or {}).get(name, {}) or {})  # type: ignore[union-attr]
    both = {**base, **own}
    return float(both["rtol"]), float(both["atol"])


def check(base: xr.Dataset, new: xr.Dataset, tolerances: Mapping[str, object]) -> Check:
    """Compare ``new`` with ``base`` variable by variable (see the module's text)."""
    ignored = set(tolerances.get("ignore", []) or [])  # type: ignore[call-overload]
    names_b = {str(v) for v in base.data_vars} - ignored
    names_n = {str(v) for v in new.data_vars} - ignored
    out = Check(only_base=sorted(names_b - names_n), only_new=sorted(names_n - names_b))
    out.labels = _label_changes(base, new)
    a, b = xr.align(base, new, join="inner")
    for name in sorted(names_b & names_n):
        units = (_units(base[name]), _units(new[name]))
        if units[0] != units[1]:
            out.units.append(f"{name}: {units[0] or '-'} -> {units[1] or '-'}")
        if a[name].dims != b[name].dims:
            out.units.append(f"{name}: dimensions {a[name].dims} -> {b[name].dims}")
            continue
        out.compared += 1
        moved = _moved(a[name], b[name].transpose(*a[name].dims), tolerance(name, tolerances))
        if moved is not None:
            out.moved.append(moved)
    return out


def _label_changes(base: xr.Dataset, new: xr.Dataset) -> list[str]:
    changes = []
    for dim in sorted(set(base.indexes) & set(new.indexes)):
        old, now = set(base.indexes[dim].tolist()), set(new.indexes[dim].tolist())
        if old != now:
            gone, added = sorted(map(str, old - now)), sorted(map(str, now - old))
            changes.append(f"{dim}: only in base {gone}, only in new {added}")
    a, b = xr.align(base, new, join="inner")
    for name in sorted(set(a.coords) & set(b.coords) - set(a.indexes)):
        if a[name].dims == b[name].dims and not np.array_equal(a[name].values, b[name].values):
            changes.append(f"{name}: coordinate values differ")
    for dim in sorted(set(base.dims) ^ set(new.dims)):
        side = "base" if dim in base.dims else "new"
        changes.append(f"{dim}: a dimension only in the {side} file")
    return changes


def _moved(base: xr.DataArray, new: xr.DataArray, tol: tuple[float, float]) -> Moved | None:
    """The :class:`Moved` of one variable, or None when every cell is within tolerance."""
    b, n = np.asarray(base.values), np.asarray(new.values)
    numeric = np.issubdtype(b.dtype, np.number) and np.issubdtype(n.dtype, np.number)
    numeric = numeric and b.dtype != bool and n.dtype != bool
    if numeric:
        bf, nf = b.astype(float), n.astype(float)
        bad = ~np.isclose(nf, bf, rtol=tol[0], atol=tol[1], equal_nan=True)
    else:
        bad = b != n
    if not bad.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):  # NaN against a number; base 0
        diff = np.where(bad, np.abs(nf - bf), 0.0) if numeric else bad.astype(float)
        diff = np.where(np.isnan(diff), np.inf, diff)
        rel = diff / np.abs(bf) if numeric else diff
        max_rel = float(np.nanmax(np.where(bad, rel, 0.0))) if numeric else 1.0
    at = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    where = {str(d): str(base[d].values[i]) for d, i in zip(base.dims, at, strict=True)}
    return Moved(
        name=str(base.name),
        units=_units(base),
        cells=int(bad.sum()),
        of=int(bad.size),
        max_abs=float(diff[at]),
        max_rel=max_rel,
        where=where,
        base=_value(b[at]),
        new=_value(n[at]),
    )


def _units(var: xr.DataArray) -> str:
    """The model's units of a variable (``cbam_units``: EUR, t; ``units`` is CF's)."""
    return str(var.attrs.get("cbam_units", var.attrs.get("units", "")))


def _value(x: object) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else str(x)


def format_check(result: Check, base: str, new: str, top: int = 30) -> str:
    """The check as text: a line per moved variable (the ``top`` largest relative moves),
    then what was added, removed or relabelled, and a verdict."""
    lines = [f"{base} -> {new}: {result.compared} variables compared"]
    if result.moved:
        lines += ["", _moved_table(sorted(result.moved, key=lambda m: -m.max_rel)[:top])]
        if len(result.moved) > top:
            lines.append(f"(and {len(result.moved) - top} more)")
    notes = [
        *(f"only in the base file: {v}" for v in result.only_base),
        *(f"only in the new file: {v}" for v in result.only_new),
        *(f"units changed: {u}" for u in result.units),
        *(f"labels changed: {c}" for c in result.labels),
    ]
    lines += ["", *notes] if notes else []
    verdict = (
        "every variable within tolerance"
        if result.passed
        else f"{len(result.moved)} of {result.compared} variables moved beyond tolerance"
        + (f", {len(notes)} structural changes" if notes else "")
    )
    return "\n".join([*lines, "", verdict])


def _moved_table(moved: list[Moved]) -> str:
    rows = [("variable", "units", "cells moved", "max |change|", "max rel.", "where (most)",
             "base -> new")]  # fmt: skip
    for m in moved:
        where = ", ".join(f"{k}={v}" for k, v in m.where.items()) or "-"
        rel = "inf" if not np.isfinite(m.max_rel) else f"{m.max_rel:.2%}"
        rows.append((m.name, m.units or "-", f"{m.cells} of {m.of}", f"{m.max_abs:.4g}", rel,
                     where, f"{m.base} -> {m.new}"))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)  # fmt: skip
