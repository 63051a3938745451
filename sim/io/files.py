"""Files written whole or not at all: a temporary file in the same folder, then a rename.
Figures (PNG and SVG), tables (CSV), datasets (netCDF) and text."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import xarray as xr

from sim.io.results import ENGINE, clean_stale_tmp, ensure_space, tmp_path

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def replace_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` through ``write(temporary path)``, then move it into place (an
    existing file is replaced whole or not at all); temporary files of killed writers
    are removed first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_tmp(path)
    tmp = tmp_path(path)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # as the umask says
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_figure(fig: Figure, stem: Path, dpi: int = 200) -> list[Path]:
    """``stem``.png (``dpi``) and ``stem``.svg; the figure is closed."""
    import matplotlib.pyplot as plt

    out = []
    for ext in ("png", "svg"):
        out.append(
            replace_atomic(
                stem.with_suffix(f".{ext}"), lambda p, e=ext: fig.savefig(p, dpi=dpi, format=e)
            )
        )
    plt.close(fig)
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return), prefixed with ``'``; numbers and numeric text as
    they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def _escaped(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(escape_cell)
    if not pd.api.types.is_numeric_dtype(out.index):
        out.index = out.index.map(escape_cell)
    out.columns = [escape_cell(c) for c in out.columns]
    return out


def write_table(table: pd.DataFrame, path: Path, index: bool = True) -> Path:
    """``table`` as a CSV file (with its index as the first column unless ``index=False``),
    formula-like text cells escaped (:func:`escape_cell`)."""
    return replace_atomic(path, lambda p: _escaped(table).to_csv(p, index=index))


def write_netcdf(ds: xr.Dataset, path: Path) -> Path:
    """``ds`` as a netCDF4 file, replacing ``path`` whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ensure_space(ds, path)
    return replace_atomic(path, lambda p: ds.to_netcdf(p, engine=ENGINE))


def write_text(text: str, path: Path) -> Path:
    """``text`` as a UTF-8 file, replacing ``path`` whole."""
    return replace_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], path: Path) -> Path:
    """Write ``rows`` (one mapping per row) with a header of ``columns``, formula-like text
    cells escaped (:func:`escape_cell`)."""

    def write(p: Path) -> None:
        with p.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=list(columns))
            out.writeheader()
            out.writerows({k: escape_cell(v) for k, v in row.items()} for row in rows)

    return replace_atomic(Path(path), write)


def write_run_record(record: Path, config_yaml: str, overrides: Sequence[str]) -> None:
    """Hydra's record of a run (``<record>/config.yaml`` and ``overrides.yaml``, ``record``
    being ``.hydra`` in the run folder) made to say what produced the results in the folder
    (another run into it may have rewritten them)."""
    import yaml

    record = Path(record)
    write_text(config_yaml, record / "config.yaml")
    write_text(yaml.safe_dump(list(overrides), default_flow_style=False), record / "overrides.yaml")
