"""The explorer's numbers: the totals are the dataset's sums, the TEDI parts add up to the
difference to the baseline, the heat map's colours are the pass flags."""

from __future__ import annotations

import numpy as np

from sim.explore import park_views, views


def test_the_totals_by_sector_and_by_park_are_the_cost_of_every_unit(session):
    ds = session.baseline.ds
    expected = ds["cbam_cost"].sum("entity").values / 1e6
    for by in ("sector", "park"):
        parts = views.totals(ds, by)
        summed = sum(v for k, v in parts.items() if k != "all_sectors")
        np.testing.assert_allclose(summed, expected, rtol=1e-12)
        np.testing.assert_allclose(parts["all_sectors"], expected, rtol=1e-12)


def test_the_tedi_parts_add_up_to_the_difference_to_the_baseline(session):
    for values in ({"park_c_plan_target": 2030}, {"downstream": True}, {"eu_price_2030": 180.0}):
        ds = session.run(values).ds
        parts = views.tedi_by_year(session.baseline.ds, ds)
        change = views.totals(ds, "sector")["all_sectors"]
        change = change - views.totals(session.baseline.ds, "sector")["all_sectors"]
        np.testing.assert_allclose(sum(parts.values()), change, rtol=1e-9, atol=1e-9)


def test_a_plan_that_passes_is_green_from_its_first_pass_year(session):
    res = session.run({"park_c_plan_target": 2030})
    sc = park_views.park_scores(res.ds, res.cfg)
    names = views.names_of_parks(res.cfg, "en")
    fig = park_views.core_heatmap(sc, names, "en")
    row = fig["data"][0]["y"].index("Aluminium processing park")
    states = fig["data"][0]["z"][row]
    rows = {r[0]: r for r in park_views.first_pass_rows(sc, names, "en")}
    first = int(rows["Aluminium processing park"][1])
    years = fig["data"][0]["x"]
    assert first == 2029  # the shipped scenario's figure (scenarios/README.md)
    assert [s == 2.0 for s in states] == [y >= first for y in years]
    # the table the page shows: the same states as CSS classes, the same texts
    table = park_views.core_table(sc, names, "en")
    row = table.split("Aluminium processing park</th>")[1].split("</tr>")[0]
    cells = fig["data"][0]["text"][fig["data"][0]["y"].index("Aluminium processing park")]
    expected = "".join(
        f'<td class="{"pass" if y >= first else "miss"}">{c}</td>'
        for y, c in zip(years, cells, strict=True)
    )
    assert row == expected


def test_the_chinese_labels_name_the_parks_in_chinese(session):
    names = views.names_of_parks(session.baseline.cfg, "zh")
    assert names["park_c"] == "铝加工园区"


def test_the_largest_quarter_is_the_most_cash_paid(session):
    ds = session.baseline.ds
    quarter, cash = views.peak_quarter(ds)
    by_quarter = ds["certificate_purchase_cost"].sum("entity")
    assert cash * 1e6 == float(by_quarter.max())
    assert quarter == str(by_quarter.idxmax().values)


def test_a_parks_layered_panel_has_a_row_per_indicator_coloured_by_its_flag(session):
    res = session.run({"park_c_plan_target": 2030})
    sc = park_views.park_scores(res.ds, res.cfg).sel(park="park_c")
    fig = park_views.layer_heatmap(sc, "Aluminium processing park", "en")
    trace = fig["data"][0]
    core = next(i for i, y in enumerate(trace["y"]) if "national core" in y)
    flags = sc["core_pass"].values
    assert trace["z"][core] == [2.0 if f == 1 else 1.0 for f in flags]
    assert trace["text"][core][-1] == f"{float(sc['core_intensity'][-1]):.3g}"
    rows = park_views.layer_table(sc, "en").split("<tr>")[2:]
    assert "national core" in rows[core] and rows[core].count('class="pass"') == sum(flags == 1)
