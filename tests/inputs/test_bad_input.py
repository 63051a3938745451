"""Bad input: a clear message naming the key and value, a non-zero exit, no results file."""

from __future__ import annotations

import csv
import io

import pytest

from sim.errors import ConfigError
from sim.inputs.gate import build_inputs
from sim.pipeline import model_inputs
from tests.conftest import cli

# (override, text that must appear in the error: the key and the value)
BAD = [
    ("policy.not_a_key=1", ["policy.not_a_key", "1"]),
    ("prices.eua_annual_eur.2030=-5", ["prices.eua_annual_eur.2030", "-5"]),
    ("policy.cbam_factor.2030=1.5", ["policy.cbam_factor.2030", "1.5"]),
    ("run.end_year=2035", ["policy.cbam_factor", "2035"]),
    ("~policy.cbam_factor.2031", ["policy.cbam_factor", "2031"]),
    ("prices.effectively_paid_share.2030=1.5", ["prices.effectively_paid_share.2030", "1.5"]),
    (
        "+population.importers.small_traders.purchase_share.urea_b5=0.99",
        ["purchase_share.urea_b5", "1.04"],
    ),
    (
        "population.entities.urea_b5.cn_code=70109010",
        ["population.entities.urea_b5.cn_code", "70109010", "not a CBAM good"],
    ),
    (
        "population.entities.steel_slab_a2.route=h2_dri",
        ["population.entities.steel_slab_a2.route", "h2_dri", "bf_bof (C)"],
    ),
    ("population.entities.urea_b5.origin=XX", ["population.entities.urea_b5.origin", "XX"]),
    (
        "population.entities_file=/no/such/entities.csv",
        ["population.entities_file", "/no/such/entities.csv"],
    ),
    (
        "prices.weekly_price_file=missing_weekly.csv",
        ["prices.weekly_price_file", "missing_weekly.csv"],
    ),
    ("policy.cscf=abc", ["policy.cscf", "abc"]),
    ("population.entities.urea_b5.value_basis=estimated", ["value_basis", "estimated"]),
    ("prices.fx_cny_per_eur=0", ["prices.fx_cny_per_eur", "0"]),
]


@pytest.mark.parametrize("override,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_override_fails_cleanly(tmp_path, override, expected):
    out = tmp_path / "run"
    proc = cli(override, f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode != 0
    message = proc.stderr + proc.stdout
    for text in expected:
        assert text in message, message
    assert "Traceback" not in message
    assert not list(tmp_path.rglob("*.nc")) and not list(tmp_path.rglob("*.tmp"))


def test_sector_without_cbam_rules_names_the_sector(base_cfg):
    del base_cfg["policy"]["sectors"]["fertilisers"]
    with pytest.raises(ConfigError, match=r"population.entities.urea_b5.cn_code = 'fertilisers'"):
        build_inputs(base_cfg)


def test_downstream_good_without_benchmark(base_cfg):
    # stranded wire is listed only in the downstream proposal, which publishes no benchmark
    base_cfg["population"]["entities"]["steel_wire_a8"]["cn_code"] = "73121081"
    with pytest.raises(
        ConfigError, match=r"steel_wire_a8.overrides.benchmark_actual = None: no CBAM benchmark"
    ):
        build_inputs(base_cfg)


def test_default_values_missing_for_scope(base_cfg):
    # a downstream good has no default value: declaring default values is refused
    e = base_cfg["population"]["entities"]["steel_wire_a8"]
    e.update(cn_code="73121081", value_basis="default")
    e["overrides"] = {"benchmark_actual": {"bf_bof": 1.364, "dri_eaf": 0.475, "scrap_eaf": 0.066}}
    e["overrides_source"] = "test"
    with pytest.raises(ConfigError, match=r"steel_wire_a8.cn_code = '73121081'.*no direct default"):
        build_inputs(base_cfg)


def test_weekly_file_with_partial_year(base_cfg, tmp_path):
    f = tmp_path / "weekly.csv"
    f.write_text("date,price_eur\n2027-01-05,90\n2027-01-12,91\n")
    base_cfg["prices"]["weekly_price_file"] = str(f)
    with pytest.raises(ConfigError, match=r"covers only 2 weeks of 2027"):
        build_inputs(base_cfg)


@pytest.mark.parametrize(
    "overrides,key",
    [
        (
            [
                "population.entities.urea_b5.export_volume_t=0",
                "population.entities.urea_b5.production_t=0",
            ],
            "population.entities.urea_b5.production_t",
        ),
        (
            ["population.entities.urea_b5.production_t=10"],
            "population.entities.urea_b5.production_t",
        ),
        (["response.initial_expected_price_eur=0"], "response.initial_expected_price_eur"),
        (
            ["technology.options.scrap_eaf_shift.to_route=bf_bof"],
            "technology.options.scrap_eaf_shift.to_route",
        ),
        (
            ["technology.options.h2_dri_eaf.to_route=scrap_eaf"],
            "technology.options.h2_dri_eaf.to_route",
        ),
        (["policy.compliance.repurchase_deadline=09-01"], "policy.compliance.repurchase_deadline"),
        (
            ["policy.compliance.quarterly_holding_basis=half"],
            "policy.compliance.quarterly_holding_basis",
        ),
        (["technology.options.cement_ccus.kind=magic"], "technology.options.cement_ccus.kind"),
        (["response.trade_elasticity.cement=-1"], "response.trade_elasticity.cement"),
        (["ensemble.n=0"], "ensemble.n"),
    ],
)
def test_bad_dynamic_inputs_name_their_key(overrides, key):
    from tests.conftest import compose_plain

    with pytest.raises(ConfigError) as err:
        model_inputs(compose_plain(overrides))
    assert err.value.key == key


# -- every place a user can put data: the exact one-line message ---------------------------

ENTITY_COLUMNS = [
    "id",
    "name",
    "cn_code",
    "route",
    "park",
    "export_volume_t",
    "production_t",
    "value_basis",
    "direct_intensity",
    "electricity_intensity_mwh_per_t",
    "price_eur_per_t",
]


def entities_csv(cfg, edit=None, header=ENTITY_COLUMNS) -> str:
    """The baseline entities as a CSV file (line 2 is steel_hrc_a1, line 3 steel_slab_a2...)."""
    rows = [
        [eid, *(e[c] for c in ENTITY_COLUMNS[1:])]
        for eid, e in cfg["population"]["entities"].items()
    ]
    if edit:
        rows = edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def cell(row, col, value):
    def edit(rows):
        rows[row][ENTITY_COLUMNS.index(col)] = value
        return rows

    return edit


def weekly_csv(edit=None) -> str:
    import datetime as dt

    rows = [[(dt.date(2027, 1, 4) + dt.timedelta(7 * i)).isoformat(), "90.5"] for i in range(52)]
    if edit:
        rows = edit(rows)
    return "date,price_eur\n" + "\n".join(",".join(r) for r in rows) + "\n"


def price(row, value):
    def edit(rows):
        rows[row][1] = value
        return rows

    return edit


YAML_ENTITY = (
    "steel_x:\n  name: x\n  cn_code: '72071210'\n  route: bf_bof\n  park: park_a\n"
    "  export_volume_t: 10\n  production_t: 20\n  direct_intensity: 2.0\n"
    "  price_eur_per_t: 500\n"
)
KNOWN_ENTITY_KEYS = (
    "name, cn_code, origin, good, route, park, export_volume_t, production_t, value_basis, "
    "direct_intensity, direct_intensity_by_gas_t_per_t, electricity_intensity_mwh_per_t, "
    "power_emission_factor, price_eur_per_t, price_source, overrides, overrides_source, "
    "precursors, source"
)

# (case, file name or None, file text (a function of the config) or a config edit, message);
# {f} stands for the path of the file
ENTITY_FILES = [
    (
        "bad column name",
        "e.csv",
        lambda c: entities_csv(
            c, header=[h if h != "export_volume_t" else "volume_t" for h in ENTITY_COLUMNS]
        ),
        "population.entities_file = '{f}': bad columns: unknown ['volume_t'], missing "
        "['export_volume_t']; expected id and " + KNOWN_ENTITY_KEYS,
    ),
    (
        "non-numeric cell",
        "e.csv",
        lambda c: entities_csv(c, cell(2, "export_volume_t", "12k")),
        "{f} line 4 column export_volume_t = '12k': expected a number",
    ),
    (
        "negative volume",
        "e.csv",
        lambda c: entities_csv(c, cell(3, "export_volume_t", "-300")),
        "{f} line 5 column export_volume_t = -300.0: expected a value >= 0",
    ),
    (
        "CN code outside Annex I",
        "e.csv",
        lambda c: entities_csv(c, cell(0, "cn_code", "72041000")),
        "{f} line 2 column cn_code = '72041000': not a CBAM good (Annex I of Reg. 2023/956); "
        "nearest listed: 72039000, 72031000, 72051000, 72052100, 72052900",
    ),
    (
        "CN code not a code",
        "e.csv",
        lambda c: entities_csv(c, cell(0, "cn_code", "72.08.x")),
        "{f} line 2 column cn_code = '72.08.x': expected a CN code of 4, 6 or 8 digits "
        "(e.g. '72083900')",
    ),
    (
        "unknown route",
        "e.csv",
        lambda c: entities_csv(c, cell(0, "route", "open_hearth")),
        "{f} line 2 column route = 'open_hearth': no CBAM benchmark of 72083900 (iron_steel) "
        "for that route; routes with one: bf_bof (C), dri_eaf (D), scrap_eaf (E)",
    ),
    (
        "unknown park",
        "e.csv",
        lambda c: entities_csv(c, cell(1, "park", "park_x")),
        "{f} line 3 column park = 'park_x': no such park in population.parks (known: park_a, "
        "park_b, park_c, park_d, park_e, park_f)",
    ),
    (
        "duplicate id",
        "e.csv",
        lambda c: entities_csv(c, lambda rows: [*rows, rows[0]]),
        "{f} line 25 column id = 'steel_hrc_a1': duplicate entity id (first on {f} line 2)",
    ),
    (
        "empty required cell",
        "e.csv",
        lambda c: entities_csv(c, cell(4, "direct_intensity", "")),
        "{f} line 6 column direct_intensity = '': a value is required",
    ),
    (
        "YAML entity with an unknown key",
        "e.yaml",
        lambda c: YAML_ENTITY + "  colour: red\n",
        "{f} entity steel_x key colour = 'red': unknown key (expected " + KNOWN_ENTITY_KEYS + ")",
    ),
    (
        "YAML entity without a volume",
        "e.yaml",
        lambda c: YAML_ENTITY.replace("  export_volume_t: 10\n", ""),
        "{f} entity steel_x key export_volume_t = None: a value is required",
    ),
]

WEEKLY_FILES = [
    (
        "bad date",
        lambda rows: [*rows[:9], ["2027-02-30", "90"], *rows[10:]],
        "{f} line 11 column date = '2027-02-30': expected YYYY-MM-DD",
    ),
    (
        "gap of three weeks",
        lambda rows: rows[:20] + rows[22:],
        "{f} line 22 column date = '2027-06-07': a gap of 21 days after 2027-05-17 (line 21); "
        "weekly prices expected, at most 7 days apart within a year",
    ),
    (
        "repeated date",
        lambda rows: [*rows[:4], rows[3], *rows[4:]],
        "{f} line 6 column date = '2027-01-25': dates must increase (line 5 has 2027-01-25)",
    ),
    ("non-numeric", price(5, "n/a"), "{f} line 7 column price_eur = 'n/a': expected a number"),
    ("negative", price(5, "-4"), "{f} line 7 column price_eur = -4.0: expected a value > 0"),
]


def _put(cfg, path, value):
    node = cfg
    for k in path[:-1]:
        node = node[k]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value


CONFIG_VALUES = [
    (
        ("policy", "cbam_factor", "2028"),
        0.96,
        "policy.cbam_factor.2028 = 0.96: the CBAM factor never rises (it is 0.95 in 2027; "
        "Directive 2003/87/EC Art. 10a(1a) phases free allocation out)",
    ),
    (("policy", "cscf"), float("nan"), "policy.cscf = nan: expected a finite number"),
    (("policy", "cscf"), KeyError, "policy.cscf = None: missing key (a field of PolicyConfig)"),
    (
        ("prices", "quarter_import_weights"),
        [0.5, 0.5, 0.5, 0.5],
        "prices.quarter_import_weights = [0.5, 0.5, 0.5, 0.5]: expected four shares summing to 1",
    ),
    (("run", "end_year"), 10**12, "run.end_year = 1000000000000: expected a year in 2026-2100"),
    (
        ("technology", "options", "cement_ccus", "life_years"),
        1000,
        "technology.options.cement_ccus.life_years = 1000: expected a value <= 100",
    ),
    (
        ("population", "entities", "urea_b5", "export_volume_t"),
        "lots",
        "population.entities.urea_b5.export_volume_t = 'lots': expected a number",
    ),
    (
        ("population", "entities", "urea_b5", "export_volume_t"),
        1e18,
        "population.entities.urea_b5.export_volume_t = 1e+18: implausibly large: expected a "
        "number within +-1e+15",
    ),
    (("ensemble", "seed"), -1, "ensemble.seed = -1: expected a whole number >= 0"),
    (
        ("policy", "sectors", "cement", "default_value_markup", "2027"),
        50,
        "policy.sectors.cement.default_value_markup.2027 = 50: expected a value <= 10",
    ),
    (
        ("policy", "cbam_factor", "twenty"),
        0.5,
        "policy.cbam_factor.twenty = 0.5: keys must be years (integers)",
    ),
    (
        ("population", "importers", "small_traders", "purchase_share", "urea_b5"),
        0.99,
        "population.importers.*.purchase_share.urea_b5 = 1.04: shares of one entity's volume "
        "across importer groups must sum to at most 1",
    ),
]


@pytest.mark.parametrize("case,name,text,message", ENTITY_FILES, ids=[e[0] for e in ENTITY_FILES])
def test_bad_entities_file_gives_one_exact_line(base_cfg, tmp_path, case, name, text, message):
    f = tmp_path / name
    f.write_text(text(base_cfg))
    base_cfg["population"]["entities_file"] = str(f)
    with pytest.raises(ConfigError) as err:
        build_inputs(base_cfg)
    assert str(err.value) == message.format(f=f)


def test_entities_file_roundtrip_gives_the_config_population(base_cfg, tmp_path):
    """The valid files behind the bad ones: CSV of the baseline equals the config."""
    f = tmp_path / "e.csv"
    f.write_text(entities_csv(base_cfg))
    from_config = build_inputs(base_cfg).population
    base_cfg["population"]["entities_file"] = str(f)
    from_file = build_inputs(base_cfg).population
    assert list(from_file.ids) == list(from_config.ids)
    assert (from_file.volume_t == from_config.volume_t).all()
    (tmp_path / "e.yaml").write_text(YAML_ENTITY)
    base_cfg["population"]["entities_file"] = str(tmp_path / "e.yaml")
    base_cfg["population"]["importers"] = {}
    assert list(build_inputs(base_cfg).population.ids) == ["steel_x"]


@pytest.mark.parametrize("case,edit,message", WEEKLY_FILES, ids=[w[0] for w in WEEKLY_FILES])
def test_bad_weekly_price_file_gives_one_exact_line(base_cfg, tmp_path, case, edit, message):
    f = tmp_path / "weekly.csv"
    f.write_text(weekly_csv(edit))
    base_cfg["prices"]["weekly_price_file"] = str(f)
    with pytest.raises(ConfigError) as err:
        build_inputs(base_cfg)
    assert str(err.value) == message.format(f=f)
    f.write_text(weekly_csv())  # the unedited file is fine
    assert build_inputs(base_cfg).prices.certificate_price_eur[1] == pytest.approx(90.5)


@pytest.mark.parametrize(
    "path,value,message", CONFIG_VALUES, ids=[m[2][:40] for m in CONFIG_VALUES]
)
def test_bad_config_value_gives_one_exact_line(base_cfg, path, value, message):
    _put(base_cfg, path, value)
    with pytest.raises(ConfigError) as err:
        model_inputs(base_cfg)
    assert str(err.value) == message


SCENARIOS = [
    (
        "policy:\n  cscff: 0.9\n",
        "cbam-sim: error: policy.cscff (in scenario/mine.yaml): unknown key "
        "(did you mean policy.cscf?)",
    ),
    (
        "policy:\n  cscf: abc\n",
        "cbam-sim: error: policy.cscf (in scenario/mine.yaml): Value 'abc' of type 'str' could "
        "not be converted to Float",
    ),
    (
        "policy:\n  cbam_factor:\n    2030: 0.5\n",
        "cbam-sim: error: policy.cbam_factor.2030 = 0.5 (in scenario/mine.yaml): Key 2030 (int) "
        "is incompatible with (str) (write year keys quoted in YAML, e.g. '2030': 0.5)",
    ),
    (
        "policy:\n  cbam_factor:\n    '2030': 1.5\n",
        "cbam-sim: error: policy.cbam_factor.2030 = 1.5: expected a share in [0, 1]",
    ),
]


@pytest.mark.parametrize(
    "body,line", SCENARIOS, ids=["unknown key", "wrong type", "year key", "range"]
)
def test_bad_user_scenario_file_fails_with_one_line(tmp_path, body, line):
    folder = tmp_path / "my" / "scenario"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("# @package _global_\nscenario:\n  name: mine\n" + body)
    out = tmp_path / "run"
    proc = cli(
        "--config-dir", str(tmp_path / "my"), "scenario=mine", f"hydra.run.dir={out}", cwd=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == line
    assert not list(tmp_path.rglob("*.nc")) and not list(tmp_path.rglob("*.tmp"))


def test_bad_yaml_in_a_scenario_names_file_and_line(tmp_path):
    folder = tmp_path / "my" / "scenario"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("# @package _global_\npolicy:\n  cscf: [1\n")
    proc = cli(
        "--config-dir",
        str(tmp_path / "my"),
        "scenario=mine",
        f"hydra.run.dir={tmp_path / 'run'}",
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"cbam-sim: error: {folder / 'mine.yaml'} line 4 column 1: invalid YAML (while parsing "
        "a flow sequence expected ',' or ']', but got '<stream end>')"
    )


# -- suspicious but legal: one warning each, the run goes on -------------------------------


def test_intensity_below_best_technology_warns_once(base_cfg):
    from sim.errors import SuspiciousInputWarning

    entities = base_cfg["population"]["entities"]
    entities["steel_tinplate_a3"]["direct_intensity"] = 0.5
    entities["steel_hdg_a4"]["direct_intensity"] = 0.4
    entities["steel_hdg_a4"]["cn_code"] = "72101220"  # now the same good as the tinplate line
    entities["steel_slab_a2"].update(route="scrap_eaf", direct_intensity=0.05)
    with pytest.warns(SuspiciousInputWarning) as record:
        build_inputs(base_cfg)
    messages = sorted(str(w.message) for w in record)
    assert messages == [
        "population.entities.steel_slab_a2.direct_intensity = 0.05: below 0.066 tCO2e/t, the "
        "CBAM benchmark of scrap_eaf for 72071210 on route scrap_eaf; suspicious (check the value "
        "and its units), the run goes on",
        "population.entities.steel_tinplate_a3.direct_intensity = 0.5: below 1.491 tCO2e/t, the "
        "CBAM benchmark of bf_bof for 72101220 on route bf_bof (1 more 72101220/bf_bof "
        "entities likewise); suspicious (check the value and its units), the run goes on",
    ]


def test_shipped_configs_raise_no_suspicious_input_warning(base_cfg):
    import warnings

    from sim.errors import SuspiciousInputWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", SuspiciousInputWarning)
        build_inputs(base_cfg)


def test_tenfold_price_jump_warns_on_the_command_line_and_the_run_goes_on(tmp_path):
    out = tmp_path / "run"
    proc = cli(
        "prices.eua_annual_eur.2029=2000",
        "population.entities.urea_b5.direct_intensity=0.1",
        "run.quiet=true",
        f"hydra.run.dir={out}",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    warnings_shown = [x for x in proc.stderr.splitlines() if x.startswith("cbam-sim: warning:")]
    assert warnings_shown == [
        "cbam-sim: warning: certificate price 2029 = 2000: more than 10-fold the 105 of 2028; "
        "suspicious (check the units), the run goes on",
        "cbam-sim: warning: population.entities.urea_b5.direct_intensity = 0.1: below 0.902 "
        "tCO2e/t, the CBAM benchmark of coal_ammonia for 31021019 on route coal_ammonia; "
        "suspicious (check the value and its units), the run goes on",
    ]
    assert (out / "results.nc").exists()


def test_a_quarter_that_is_not_1_to_4_names_its_key(base_cfg):
    base_cfg["prices"]["certificate_quarterly_eur"] = {"2026": {"Q5": 80.0}}
    with pytest.raises(ConfigError) as err:
        build_inputs(base_cfg)
    assert str(err.value) == (
        "prices.certificate_quarterly_eur.2026.Q5 = 'Q5': no such quarter (1-4) (known: 1, 2, 3, 4)"
    )
    base_cfg["prices"]["certificate_quarterly_eur"] = {"next": {"1": 80.0}}
    with pytest.raises(ConfigError, match=r"^prices.certificate_quarterly_eur.next = .*years"):
        build_inputs(base_cfg)


@pytest.mark.parametrize(
    "section,name",
    [
        ("prices", "domestic_coverage_from"),
        ("response", "trade_elasticity"),
        ("response", "trade_pass_through"),
    ],
)
def test_a_per_sector_table_missing_sectors_names_the_first_in_population_order(
    base_cfg, section, name
):
    table = base_cfg[section][name]
    for sector in ("cement", "fertilisers", "hydrogen"):
        del table[sector]
    messages = set()
    for _ in range(3):  # the same sector every time, written as plain text
        with pytest.raises(ConfigError) as err:
            build_inputs(base_cfg)
        messages.add(str(err.value))
    (message,) = messages
    # the baseline's first entity of those sectors is urea_b5 (fertilisers)
    want = "fertilisers"
    assert f"sector '{want}'" in message and "np.str_" not in message
