"""cbam-explore in a real browser (Debian's headless Chromium driven by Playwright): the
page loads without console errors, a slider moved by the keyboard redraws the numbers to
what ``sim.api`` computes for the same lever, the language toggle swaps the words, the
save round trip writes the scenario file, and a screenshot is not blank.

Without a Chromium these tests are skipped, unless ``CBAM_BROWSER_TESTS=required`` (as
``.ci/run`` sets it after installing Chromium): then a missing browser fails them."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim import api
from tests.explore.browser import browser_page, chromium, explorer, plotted, total_shown

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = chromium()
    if path is None:
        if os.environ.get("CBAM_BROWSER_TESTS") == "required":
            pytest.fail("no Chromium found and CBAM_BROWSER_TESTS=required")
        pytest.skip("no Chromium (apt-get install chromium) for the browser tests")
    folder = tmp_path_factory.mktemp("explorer")
    with explorer(folder / "cfg") as url, browser_page(path) as page:
        page.goto(url)
        page.wait_for_selector("#total-scenario")
        page.config_dir = folder / "cfg"
        yield page


def _changed(page, selector: str, before: str) -> None:
    page.wait_for_function(
        f"() => document.querySelector('{selector}').innerText != {before!r}", timeout=60_000
    )


def test_the_page_loads_without_console_errors(page):
    assert total_shown(page) == pytest.approx(float(api.run([])["cbam_cost"].sum()) / 1e6, abs=0.05)
    plotted(page, "cost-pathways")
    assert page.errors == []


def move_cscf(page) -> float:
    """One key press on the CSCF slider (one step down); the value the slider then shows,
    once the total has been redrawn."""
    before = page.inner_text("#total-scenario")
    handle = page.locator("#lever-cscf [role=slider]")
    handle.focus()
    page.keyboard.press("ArrowLeft")
    _changed(page, "#total-scenario", before)
    return float(handle.get_attribute("aria-valuenow"))


def test_a_slider_moved_redraws_the_numbers_that_sim_api_computes(page):
    cscf = move_cscf(page)
    assert cscf < 1.0
    ds = api.run([f"policy.cscf={cscf}"])
    assert total_shown(page) == pytest.approx(float(ds["cbam_cost"].sum()) / 1e6, abs=0.05)
    steel = ds["cbam_cost"].where(ds["sector"] == "iron_steel").sum("entity").values / 1e6
    page.wait_for_function(
        "() => document.querySelector('#cost-pathways .js-plotly-plot').data[0].y[0] != 650.418"
    )
    np.testing.assert_allclose(plotted(page, "cost-pathways", 0), steel, atol=1e-3)
    assert page.errors == []


def test_the_language_toggle_swaps_the_words(page):
    page.get_by_label("中文").check()
    page.wait_for_function("() => document.querySelector('#title').innerText.includes('模拟器')")
    assert "园区" in page.inner_text("#tab-parks")
    page.get_by_label("English").check()
    page.wait_for_function("() => document.querySelector('#title').innerText.includes('explorer')")


def test_the_parks_tab_shows_pass_years_by_park_name(page):
    page.click("#tab-parks")
    page.wait_for_selector("#pass-years")
    assert "Aluminium processing park" in page.inner_text("#pass-years")
    page.wait_for_selector("#park-layers table")
    rows = page.locator("#park-layers tbody th").all_inner_texts()
    assert any("national core" in r for r in rows) and len(rows) > 15
    core = page.locator("#core-indicator tbody tr")
    assert core.count() == 6 and "Aluminium processing park" in core.nth(2).inner_text()
    # the scorecard's cells coloured by their state, as the table's classes say
    colour = "(c) => getComputedStyle(c).backgroundColor"
    assert page.locator("#core-indicator td.miss").first.evaluate(colour) == "rgb(213, 94, 0)"
    with page.expect_download() as download:
        page.click("#park-layers button")
    assert download.value.suggested_filename == "park-layers.png"
    page.click("#tab-costs")
    page.wait_for_selector("#difference-table")


def test_saving_writes_a_scenario_file_that_names_its_command(page):
    cscf = move_cscf(page)  # each test stands alone: xdist may run them on other pages
    page.fill("#save-name", "browser_whatif")
    page.click("#save")
    page.wait_for_function(
        "() => document.querySelector('#save-msg').innerText.includes('cbam-sim')"
    )
    path = Path(page.config_dir) / "scenario" / "browser_whatif.yaml"
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert cfg["policy"]["cscf"] == cscf
    assert f"--config-dir {Path(page.config_dir).resolve()} scenario=browser_whatif" in (
        page.inner_text("#save-msg")
    )


def test_a_screenshot_is_not_blank(page, tmp_path):
    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot), full_page=True)
    from matplotlib.image import imread

    pixels = imread(shot)[..., :3].reshape(-1, 3)
    colours = np.unique((pixels * 255).astype(np.uint8), axis=0)
    assert shot.stat().st_size > 20_000 and len(colours) > 50


def test_the_figures_download_in_the_format_chosen(page):
    graph = "document.querySelector('#cost-pathways .js-plotly-plot')"
    # a format change draws the view anew: wait for its figure (absent while it is replaced)
    fmt = f"() => {graph} && {graph}._context.toImageButtonOptions.format"
    page.wait_for_function(f"() => ({fmt})() == 'png'")
    page.get_by_label("SVG").check()
    page.wait_for_function(f"() => ({fmt})() == 'svg'")
    assert page.locator("#cost-pathways .modebar-btn[data-title^='Download plot']").count() == 1
    page.get_by_label("PNG").check()


def test_the_costs_tab_draws_by_park_when_chosen_and_keeps_it(page):
    names = "() => document.querySelector('#cost-pathways .js-plotly-plot').data.map(t => t.name)"
    page.click("#tab-costs")
    page.wait_for_selector("#costs-by-choice")
    page.get_by_label("by park").check()
    page.wait_for_function(f"() => ({names})().includes('Aluminium processing park')")
    options = (
        "document.querySelector('#cost-pathways .js-plotly-plot')._context.toImageButtonOptions"
    )
    assert page.evaluate(f"() => {options}.filename") == "cost-by-park"
    # a lever move redraws the figure by park, with the numbers sim.api computes
    cscf = move_cscf(page)
    ds = api.run([f"policy.cscf={cscf}"])
    shown = page.evaluate(f"({names})()").index("Aluminium processing park")
    aluminium = ds["cbam_cost"].where(ds["park"] == "park_c").sum("entity").values / 1e6
    page.wait_for_function(f"() => document.querySelector('#view-of').innerText.includes('{cscf}')")
    np.testing.assert_allclose(plotted(page, "cost-pathways", shown), aluminium, atol=1e-3)
    # and the choice outlives a visit to another tab
    page.click("#tab-treasury")
    page.wait_for_selector("#treasury")
    page.click("#tab-costs")
    page.wait_for_selector("#costs-by-choice")
    assert page.get_by_label("by park").is_checked()
    page.wait_for_function(f"() => ({names})().includes('Aluminium processing park')")
    page.get_by_label("by sector").check()
    page.wait_for_function(f"() => !({names})().includes('Aluminium processing park')")
    assert page.evaluate(f"() => {options}.filename") == "cost-by-sector"
    assert page.errors == []
