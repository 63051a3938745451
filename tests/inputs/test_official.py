"""The official tables and their lookup, against values checked by hand from the annex texts
quoted in docs/reference.md (sections 2.2 and 4) and the shared data README."""

from __future__ import annotations

import csv

import pytest

from sim.errors import ConfigError
from sim.inputs import official, origins

# (origin, CN code, direct, total, printed 2026 / 2027 / 2028 or None): docs/reference.md
# section 4 rounds to two decimals; the annex prints three
DEFAULTS = [
    ("CN", "72083900", 3.19, 3.19, (3.51, 3.82, 4.14)),  # hot-rolled flat, route (C)
    ("CN", "72111300", 3.19, 3.19, (3.51, 3.82, 4.14)),  # HR wide flats
    ("CN", "72071210", 3.17, 3.17, (3.49, 3.80, 4.12)),  # semis, rectangular
    ("CN", "72119020", 3.21, 3.21, (3.53, 3.85, 4.17)),  # flat < 600 mm further worked
    ("CN", "73101000", 4.31, 4.31, (4.74, 5.17, 5.61)),  # containers
    ("CN", "76011090", 3.00, 3.00, (3.30, 3.60, 3.90)),  # unwrought aluminium
    ("CN", "76051100", 4.88, 4.88, (5.37, 5.86, 6.35)),  # aluminium wire
    ("CN", "76109090", 4.90, 4.90, (5.39, 5.87, 6.36)),  # aluminium other articles
    ("CN", "31021019", 2.70, 2.85, (2.88, 2.88, 2.88)),  # urea > 45 % N
    ("CN", "31021090", 2.64, 2.78, (2.81, 2.81, 2.81)),  # urea <= 45 % N
    ("CN", "28041000", 26.64, 26.64, (29.30, 31.97, 34.63)),  # hydrogen
    ("IN", "72083900", None, 4.28, None),  # HR flats by origin (cbamdefaults.com)
    ("ID", "72083900", None, 8.23, None),
    ("VN", "72083900", None, 2.35, None),
    ("KR", "72083900", None, 2.12, None),
    ("JP", "72083900", None, 2.10, None),
]


@pytest.mark.parametrize("origin,code,direct,total,marked", DEFAULTS, ids=lambda v: str(v))
def test_default_values_agree_with_the_hand_checked_rows(origin, code, direct, total, marked):
    (row,) = official.lookup(origin, code).default_values
    two_decimals = pytest.approx  # the reference rounds the annex's three decimals to two
    assert row.total == two_decimals(total, abs=0.006)
    if direct is not None:
        assert row.direct == two_decimals(direct, abs=0.006)
    if marked is not None:
        printed = tuple(row.marked_up(y) for y in (2026, 2027, 2040))
        assert printed == two_decimals(marked, abs=0.011)


def test_hot_rolled_flat_is_the_annex_value_not_its_rounding():
    (row,) = official.lookup("CN", "7208 39 00").default_values
    assert (row.direct, row.route, row.listed_code) == (3.187, "C", "7208")  # longest prefix


def test_china_white_hydraulic_cement_and_grey_clinker_by_row():
    facts = official.lookup("CN", "25239000")
    white = next(d for d in facts.default_values if d.description.startswith("White"))
    assert (white.direct, white.indirect, white.total) == (1.29, 0.18, 1.46)
    assert round(white.marked_up(2026), 2) == 1.61 and round(white.marked_up(2028), 2) == 1.90
    clinker = official.lookup("CN", "25231000")
    grey = next(d for d in clinker.default_values if d.route == "A")
    assert (grey.direct, grey.indirect, grey.total) == (1.35, 0.04, 1.39)  # not 0.95


# (CN code, column, route letter, value): docs/reference.md section 2.2
BENCHMARKS = [
    ("72083900", "B", "C", 1.370),
    ("72083900", "B", "D", 0.481),
    ("72083900", "B", "E", 0.072),
    ("72083900", "A", "", 0.044),
    ("72071210", "A", "C", 0.188),
    ("72071210", "A", "D", 0.065),
    ("72071210", "B", "C", 1.364),
    ("72071210", "B", "E", 0.066),
    ("72091500", "B", "C", 1.458),  # cold-rolled flats
    ("72104900", "B", "C", 1.491),  # coated flats
    ("72142000", "B", "C", 1.364),  # bars and rods
    ("25231000", "A", "A", 0.666),  # grey clinker
    ("25231000", "B", "B", 0.859),  # white clinker
    ("25232900", "A", "", 0.000),  # grey Portland cement: clinker counted as a precursor
    ("25232900", "B", "", 0.666),
    ("31021019", "A", "", 0.053),
    ("31021019", "B", "", 0.902),
    ("28141000", "B", "", 1.522),  # anhydrous ammonia
    ("28080000", "A", "", 0.151),  # nitric acid
    ("28080000", "B", "", 0.582),
    ("31023090", "B", "", 0.767),  # ammonium nitrate
    ("28041000", "B", "", 5.089),
    ("76011090", "B", "K", 1.423),  # primary unwrought aluminium
    ("76011090", "B", "L", 0.091),  # secondary
]


@pytest.mark.parametrize("code,column,route,value", BENCHMARKS, ids=lambda v: str(v))
def test_benchmarks_agree_with_the_hand_checked_rows(code, column, route, value):
    assert official.lookup("CN", code).benchmark(column, route, 2026) == value


def test_benchmarks_of_two_periods():
    # IR 2025/2620 prints alloy-steel benchmarks for 2026-2027 and 2028-2030
    facts = official.lookup("CN", "72283069")
    assert facts.benchmark("B", "F", 2027) == 1.613
    assert facts.benchmark("B", "F", 2028) == 1.446


def test_an_origin_without_values_takes_the_fallback_row():
    facts = official.lookup("Türkiye", "25231000")  # Türkiye's clinker rows are empty
    grey = next(d for d in facts.default_values if d.description == "Grey clinker")
    assert (grey.country, grey.total) == (official.FALLBACK, 1.41)


def test_the_fallback_applies_row_by_row():
    rows = {d.description: d for d in official.lookup("AL", "25231000").default_values}
    assert (rows["Grey clinker"].country, rows["Grey clinker"].total) == ("Albania", 0.87)
    assert (rows["White clinker"].country, rows["White clinker"].total) == (official.FALLBACK, 1.37)
    assert official.lookup("DZ", "25231000").default_value("A").total == 1.28  # Algeria


def test_an_unlisted_country_takes_the_fallback_row():
    facts = official.lookup("Iceland", "72083900")
    assert facts.annex_country == "" and facts.default_values[0].country == official.FALLBACK


def test_a_code_outside_annex_i_is_refused_naming_the_nearest_listed():
    with pytest.raises(ConfigError) as err:
        official.lookup("CN", "72041000", key="population.entities.x.cn_code")  # ferrous scrap
    assert str(err.value) == (
        "population.entities.x.cn_code = '72041000': not a CBAM good (Annex I of Reg. "
        "2023/956); nearest listed: 72039000, 72031000, 72051000, 72052100, 72052900"
    )


def test_a_short_code_with_differing_benchmarks_asks_for_the_full_code():
    with pytest.raises(ConfigError, match="give the 8-digit CN code"):
        official.lookup("CN", "7207")


def test_a_good_only_in_the_downstream_proposal():
    facts = official.lookup("CN", "73121081")
    assert facts.downstream_only and facts.sector == "iron_steel"
    assert facts.default_values == () and facts.benchmarks == ()
    assert not official.lookup("CN", "73101000").downstream_only  # containers: Annex I


def test_indirect_emissions_follow_annex_ii():
    priced = {c: official.lookup("CN", c).indirect_priced for c in ("25231000", "31021019")}
    unpriced = {c: official.lookup("CN", c).indirect_priced for c in ("72083900", "28041000")}
    assert all(priced.values()) and not any(unpriced.values())


def test_every_annex_country_has_an_iso_code():
    names = origins.annex_names()
    assert len(names) == 118 and names["CN"] == "China" and names["TR"] == "Türkiye"
    assert origins.resolve("k", "IND") == ("IN", "India")


def test_a_country_s_rows_are_its_lines_of_the_table_and_no_other():
    # default_rows reads one country's block of lines without splitting the whole table:
    # the same rows as a plain read grouped by country, for every country, and none for a
    # name that is only the start of one ("Chin") or not listed
    from sim.inputs import official_tables as ot

    with (ot.OFFICIAL / "default_values.csv").open(newline="", encoding="utf-8") as fh:
        by_country: dict[str, list[tuple[str, ...]]] = {}
        for row in list(csv.reader(fh))[1:]:
            by_country.setdefault(row[0], []).append((ot.SECTORS[row[1]], *row[2:]))
    assert len(by_country) > 100 and sorted(ot.annex_countries()) == sorted(by_country)
    for country, rows in by_country.items():
        assert ot.default_rows(country) == rows, country
        assert ot.is_annex_country(country)
    for name in ("Chin", "hina", "Narnia", ""):
        assert ot.default_rows(name) == [] and not ot.is_annex_country(name)


def test_the_mark_up_rule_reproduces_every_printed_value_but_ten():
    """IR 2026/1740: +10/20/30 % (fertilisers +1 %) on the total. Ten printed cells
    (Angola and Argentina cement, 2027-2028) compound the mark-up instead; they are the
    exceptions named in sim/data/README.md, and the model applies the rule."""
    rate = {"Fertilisers": (0.01, 0.01, 0.01)}
    off = set()
    with (official.OFFICIAL / "default_values.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if not (r["total"] and r["value_2026"]):
                continue
            for year, m in zip(
                (2026, 2027, 2028), rate.get(r["sector"], (0.1, 0.2, 0.3)), strict=True
            ):
                if abs(float(r["total"]) * (1 + m) - float(r[f"value_{year}"])) > 0.0015:
                    off.add((r["country"], r["cn_code"], year))
    assert len(off) == 10 and {c for c, _, _ in off} == {"Angola", "Argentina"}


def test_every_run_records_the_sha256_of_every_shipped_table():
    import hashlib
    import json

    from sim.pipeline import simulate
    from tests.conftest import compose_plain

    stored = json.loads(simulate(compose_plain(["run.end_year=2027"])).attrs["input_files"])
    for name in ("official/default_values.csv", "official/benchmarks.csv", "routes.csv"):
        sha = hashlib.sha256((official.DATA / name).read_bytes()).hexdigest()
        assert stored[f"sim/data/{name}"]["sha256"] == sha
