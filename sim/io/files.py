"""Files written whole or not at all: a temporary file in the same folder, then a rename.
Figures (PNG and SVG), tables (CSV), datasets (netCDF) and text."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import xarray as xr

from sim.io.results import ENGINE

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def replace_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` through ``write(temporary path)``, then move it into place (an
    existing file is replaced whole or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
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


def write_table(table: pd.DataFrame, path: Path, index: bool = True) -> Path:
    """``table`` as a CSV file (with its index as the first column unless ``index=False``)."""
    return replace_atomic(path, lambda p: table.to_csv(p, index=index))


def write_netcdf(ds: xr.Dataset, path: Path) -> Path:
    """``ds`` as a netCDF4 file, replacing ``path`` whole."""
    return replace_atomic(path, lambda p: ds.to_netcdf(p, engine=ENGINE))


def write_text(text: str, path: Path) -> Path:
    """``text`` as a UTF-8 file, replacing ``path`` whole."""
    return replace_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], path: Path) -> Path:
    """Write ``rows`` (one mapping per row) with a header of ``columns``."""

    def write(p: Path) -> None:
        with p.open("w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=list(columns))
            out.writeheader()
            out.writerows(rows)

    return replace_atomic(Path(path), write)
