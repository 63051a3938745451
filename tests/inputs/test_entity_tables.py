"""A park's own firms from a table: CSV, Excel and declaration-style tables, with one line
naming file, row, column and value for a bad cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sim.errors import ConfigError
from sim.inputs.gate import build_inputs
from tests.conftest import compose_plain

EXAMPLE = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "park_firms.csv"
DECLARATION = (
    "installation,cn_code,net_mass_t,route,park,price_eur_per_t,direct_emissions_tco2e,"
    "electricity_mwh\n"
    "Steel One,72083900,1000,bf_bof,my_park,680,2100,450\n"
    "Steel One,72104900,500,bf_bof,my_park,850,,\n"
    "Wire Two,72171010,300,bf_bof,my_park,845,645,150\n"
)


def own_firms(path) -> dict:
    return compose_plain(["population=own_firms", f"population.entities_file={path}"])


def xlsx(path: Path, text: str) -> Path:
    book = openpyxl.Workbook()
    for line in text.strip().splitlines():
        book.active.append([_cell(c) for c in line.split(",")])
    book.save(path)
    return path


def _cell(text: str):
    try:
        return float(text)
    except ValueError:
        return text or None


def test_declaration_rows_become_one_entity_per_installation_and_good(tmp_path):
    f = tmp_path / "firms.csv"
    f.write_text(DECLARATION)
    pop = build_inputs(own_firms(f)).population
    assert list(pop.ids) == ["steel_one_72083900", "steel_one_72104900", "wire_two_72171010"]
    assert list(pop.park) == ["my_park"] * 3
    assert list(pop.value_basis) == ["actual", "default", "actual"]
    # actual: emissions / mass; no emissions: the default value's direct column (China 7210)
    assert pop.direct_tco2e_per_t.tolist() == pytest.approx([2.1, 3.205, 2.15])
    assert pop.electricity_mwh_per_t.tolist() == pytest.approx([0.45, 0.0, 0.5])
    assert pop.volume_t.tolist() == [1000, 500, 300]
    assert list(pop.sector) == ["iron_steel"] * 3


def test_an_excel_table_gives_the_same_population_as_the_csv(tmp_path):
    csv_file = tmp_path / "firms.csv"
    csv_file.write_text(DECLARATION)
    book = xlsx(tmp_path / "firms.xlsx", DECLARATION)  # CN codes typed as numbers
    a, b = build_inputs(own_firms(csv_file)).population, build_inputs(own_firms(book)).population
    assert list(a.ids) == list(b.ids) and list(a.cn_code) == list(b.cn_code)
    assert a.direct_tco2e_per_t.tolist() == b.direct_tco2e_per_t.tolist()


def test_the_shipped_example_table_runs():
    pop = build_inputs(own_firms(EXAMPLE)).population
    assert pop.ids.size == 4 and set(pop.sector) == {"iron_steel", "aluminium"}


@pytest.mark.parametrize(
    "edit,kind,message",
    [
        (("1000", "a lot"), "csv", "{f} line 2 column net_mass_t = 'a lot': expected a number"),
        (("1000", "a lot"), "xlsx", "{f} row 2 column net_mass_t = 'a lot': expected a number"),
        (("72171010", "72041000"), "csv", "{f} line 4 column cn_code = '72041000': not a CBAM"),
        (("Wire Two", "Steel One"), "csv", None),  # no clash: another CN code
        (
            ("Wire Two,72171010", "Steel One,72083900"),
            "csv",
            "{f} line 4 column installation = 'steel_one_72083900': duplicate entity id "
            "(first on {f} line 2)",
        ),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_column(tmp_path, edit, kind, message):
    text = DECLARATION.replace(*edit)
    f = tmp_path / f"firms.{kind}"
    if kind == "xlsx":
        xlsx(f, text)
    else:
        f.write_text(text)
    if message is None:
        assert build_inputs(own_firms(f)).population.ids.size == 3
        return
    with pytest.raises(ConfigError) as err:
        build_inputs(own_firms(f))
    assert str(err.value).startswith(message.format(f=f))


def test_a_declaration_table_with_a_missing_column_names_it(tmp_path):
    f = tmp_path / "firms.csv"
    f.write_text(DECLARATION.replace(",park,", ",plant,"))
    with pytest.raises(ConfigError, match=r"unknown \['plant'\], missing \['park'\]"):
        build_inputs(own_firms(f))


def test_a_file_that_is_not_excel_is_refused_in_one_line(tmp_path):
    f = tmp_path / "firms.xlsx"
    f.write_text("not a workbook")
    with pytest.raises(ConfigError, match=r"population.entities_file = .*not a readable .xlsx"):
        build_inputs(own_firms(f))


def test_a_precursors_cell_names_suppliers_and_outside_codes():
    from sim.inputs.entity_tables import precursor_cell

    links = precursor_cell("f.csv line 3 column precursors", "smelter=1.02; 7601 10 00=0.1", "s")
    assert links == [
        {"supplier": "smelter", "cn_code": None, "t_per_t": 1.02, "source": "s"},
        {"supplier": None, "cn_code": "7601 10 00", "t_per_t": 0.1, "source": "s"},
    ]
    with pytest.raises(ConfigError, match="line 3 column precursors"):
        precursor_cell("f.csv line 3 column precursors", "smelter:1.0", "s")
