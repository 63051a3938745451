"""cbam-report, cbam-compare and cbam-iamc on the files other commands write (issue 16,
items 6, 8 and 15): a collected sweep with different populations, reduced files, runs
given twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.io.results import open_results
from sim.reports import write_comparison
from tests.conftest import cli

SHORT = ["run.end_year=2028", "run.quiet=true"]


def command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / args[0])
    return subprocess.run(
        [exe, *map(str, args[1:])], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def one_line_error(proc: subprocess.CompletedProcess[str], prog: str) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The sweep baseline / downstream_2028 (which adds an entity), collected."""
    out = tmp_path_factory.mktemp("sweep")
    sweep = cli(
        "-m", "scenario=baseline,downstream_2028", *SHORT, f"hydra.sweep.dir={out}", cwd=out
    )
    assert sweep.returncode == 0, sweep.stderr
    proc = command("cbam-collect", out, cwd=out)
    assert proc.returncode == 0, proc.stderr
    return out / "collected.nc"


def test_compare_a_collected_sweep_keeps_park_rows_and_decomposes(collected, tmp_path):
    proc = command("cbam-compare", collected, "-o", tmp_path / "cmp", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(tmp_path / "cmp" / "comparison.csv", index_col=0)
    assert list(table.index) == ["scenario=baseline", "scenario=downstream_2028"]
    assert table["park_a tCO2/tce 2028"].notna().all()  # the per-job config is kept
    md = (tmp_path / "cmp" / "decomposition.md").read_text()
    assert md.startswith("CBAM cost change scenario=baseline -> scenario=downstream_2028")
    assert "entities both hold; only in scenario=downstream_2028" in md
    assert "rror" not in md


def test_compare_without_a_common_entity_writes_nothing(collected, tmp_path):
    ds = open_results(collected)
    from sim.analysis.compare import split_sweep

    a, b = split_sweep(ds).values()
    b = b.assign_coords(entity=[f"other_{e}" for e in b.entity.values])
    with pytest.raises(ValueError, match="no entity in common"):
        write_comparison({"a": a, "b": b}, tmp_path / "cmp")
    assert not (tmp_path / "cmp").exists()


def test_the_same_file_twice_is_named(collected, tmp_path):
    job = collected.parent / "0" / "results.nc"
    line = one_line_error(command("cbam-compare", job, job, cwd=tmp_path), "cbam-compare")
    assert f"{job}: given twice" in line
    line = one_line_error(command("cbam-compare", job, cwd=tmp_path), "cbam-compare")
    assert f"{job}: one run" in line


def test_iamc_of_a_collected_sweep(collected, tmp_path):
    proc = command("cbam-iamc", collected, "-o", tmp_path / "x.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    scenarios = set(pd.read_csv(tmp_path / "x.csv")["Scenario"])
    assert scenarios == {"scenario=baseline", "scenario=downstream_2028"}


@pytest.fixture(scope="module")
def reduced(tmp_path_factory):
    """The README's advice for big ensembles: keep only cbam_cost."""
    out = tmp_path_factory.mktemp("reduced")
    args = [
        "ensemble=uncertain",
        "ensemble.n=8",
        "ensemble.variables=[cbam_cost]",
        "run.end_year=2028",
    ]
    proc = cli(*args, f"hydra.run.dir={out}", cwd=out)
    return out, proc


def test_a_reduced_file_runs_and_prints_what_it_skips(reduced):
    out, proc = reduced
    assert proc.returncode == 0, proc.stderr
    assert "CBAM cost, million EUR" in proc.stdout
    assert "Not in the results (ensemble.variables): cost per tonne" in proc.stdout
    ds = open_results(out / "results.nc")
    assert "export_volume" not in ds and "cbam_factor" in ds  # the yearly context is kept


def test_every_command_works_on_a_reduced_file(reduced, tmp_path):
    out = reduced[0]
    path = out / "results.nc"
    rep = command("cbam-report", path, "-o", tmp_path / "rep", cwd=tmp_path)
    assert rep.returncode == 0, rep.stderr
    assert "cbam-report: warning: skipped" in rep.stderr and "export_volume" in rep.stderr
    assert (tmp_path / "rep" / "cost_pathways.png").exists()
    iamc = command("cbam-iamc", path, "-o", tmp_path / "x.csv", cwd=tmp_path)
    assert iamc.returncode == 0, iamc.stderr
    assert "CBAM|Cost" in set(pd.read_csv(tmp_path / "x.csv")["Variable"])
    other = tmp_path / "other"
    run = cli(
        "ensemble=uncertain",
        "ensemble.n=8",
        "ensemble.variables=[cbam_cost]",
        "run.end_year=2028",
        "prices=high",
        "run.quiet=true",
        f"hydra.run.dir={other}",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    cmp = command("cbam-compare", path, other / "results.nc", "-o", tmp_path / "cmp", cwd=tmp_path)
    assert cmp.returncode == 0, cmp.stderr
    assert "skipped" in cmp.stderr
    table = pd.read_csv(tmp_path / "cmp" / "comparison.csv", index_col=0)
    assert "CBAM cost 2026-2028 (M EUR)" in table.columns


def test_compare_answers_the_questions_in_its_own_tables(tmp_path):
    for name, extra in (("a", []), ("b", ["scenario=park_c_zero_carbon_2030"])):
        run = cli(*SHORT, *extra, f"hydra.run.dir={tmp_path / name}", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    proc = command(
        "cbam-compare",
        tmp_path / "a/results.nc",
        tmp_path / "b/results.nc",
        "-o",
        "cmp",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    diff = pd.read_csv(tmp_path / "cmp" / "differences.csv", index_col=0)
    assert list(diff.index) == ["2026", "2027", "2028", "2026-2028"]
    passes = (tmp_path / "cmp" / "first_pass_years.md").read_text()
    assert "| Aluminium processing park | core indicator |" in passes
    cash = pd.read_csv(tmp_path / "cmp" / "quarterly_cash.csv", index_col=0)
    assert "park_c_zero_carbon_2030: cash (M EUR)" in cash.columns


def test_report_html_is_one_page_with_its_figures_inline(tmp_path):
    run = cli(*SHORT, f"hydra.run.dir={tmp_path / 'a'}", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    proc = command("cbam-report", tmp_path / "a/results.nc", "--html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count('src="data:image/png;base64,') >= 4
    assert "http://" not in page and "https://" not in page  # nothing fetched: mailable
    for title in ("When each park passes", "Cash for certificates per quarter", "Provenance"):
        assert f"<h2>{title}</h2>" in page
