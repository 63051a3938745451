"""Rule uncertainties (issue 15, item 1), the rest of the rule keys: the year indirect
emissions count for every sector, the CBAM factor schedule and the de minimis threshold,
drawn per draw. With the response frozen (expectations, which stay on the configured
rules, then play no part) a draw's results are bit for bit those of the deterministic run
with its values configured; the draws are recorded on ``draw`` with their descriptions; bad
declarations are named in one line."""

from __future__ import annotations

import numpy as np
import pytest

from sim.api import run
from sim.errors import ConfigError

ENACTED = {2026: 0.975, 2027: 0.95, 2028: 0.90, 2029: 0.775, 2030: 0.515, 2031: 0.39,
           2032: 0.265, 2033: 0.14, 2034: 0.0}  # configs/policy/enacted.yaml  # fmt: skip
DELAYED = {2028: 0.95, 2029: 0.95, 2030: 0.90, 2031: 0.775, 2032: 0.515, 2033: 0.39, 2034: 0.265}
FASTER = {2027: 0.93, 2028: 0.84, 2029: 0.69, 2030: 0.50, 2031: 0.25, 2032: 0.0, 2033: 0.0}
SCHEDULES = {"enacted": ENACTED, "delayed": ENACTED | DELAYED, "accelerated": ENACTED | FASTER}


def _schedules() -> str:
    return ", ".join(
        f"{name}: {{{', '.join(f'{y}: {v}' for y, v in s.items())}}}"
        for name, s in SCHEDULES.items()
    )


RULES = [
    "+ensemble.uncertain.indirect_for_all_sectors_from="
    "{dist: categorical, values: [2028, 2031, 2035], p: [0.4, 0.3, 0.3]}",
    "+ensemble.uncertain.cbam_factor="
    f"{{dist: categorical, p: [0.4, 0.3, 0.3], schedules: {{{_schedules()}}}}}",
    # 0, 50 and 500 t: the baseline's small traders and mid-size importers exempt or not
    "+ensemble.uncertain.de_minimis_threshold_t={dist: categorical, values: [0, 50, 500], "
    "p: [0.3, 0.4, 0.3]}",
]
FROZEN = ["response.enabled=false"]
OUTPUTS = ("cbam_cost", "certificates", "free_allocation_adjustment", "embedded_emissions",
           "export_volume", "exempt_volume", "specific_embedded_emissions")  # fmt: skip


@pytest.fixture(scope="module")
def ensemble():
    return run([*FROZEN, *RULES, "ensemble.n=5", "ensemble.sampler=random", "ensemble.seed=4"])


def test_each_draw_is_the_run_with_its_rule_values_configured(ensemble):
    year = ensemble.sampled_indirect_for_all_sectors_from.values
    index = ensemble.sampled_cbam_factor.values.astype(int)
    threshold = ensemble.sampled_de_minimis_threshold_t.values
    # the draws take more than one value of each (else the test could not tell them apart)
    assert min(len(set(year)), len(set(index)), len(set(threshold))) >= 2
    names = list(SCHEDULES)
    for d in range(len(year)):
        schedule = SCHEDULES[names[index[d]]]
        one = run([*FROZEN, f"policy.indirect_for_all_sectors_from={int(year[d])}",
                   *(f"policy.cbam_factor.{y}={v}" for y, v in schedule.items()),
                   f"policy.de_minimis_threshold_t={float(threshold[d])!r}"])  # fmt: skip
        for var in OUTPUTS:
            np.testing.assert_array_equal(ensemble[var].isel(draw=d).values, one[var].values)


def test_chunks_of_draws_carry_their_drawn_rules(ensemble):
    """Draws.slice cuts the drawn rules with the rest: chunks of 2 draws, the same bits."""
    chunked = run([*FROZEN, *RULES, "ensemble.n=5", "ensemble.sampler=random",
                   "ensemble.seed=4", "ensemble.chunk_size=2"])  # fmt: skip
    for var in OUTPUTS:
        np.testing.assert_array_equal(chunked[var].values, ensemble[var].values)


def test_every_rule_drawn_moves_the_cost():
    """A join year within the run, a higher factor and a higher threshold each change the
    cost, so that the comparison above can tell a drawn value from the configured one."""
    base = run(FROZEN).cbam_cost.sum().item()
    policy = ("indirect_for_all_sectors_from=2028", "cbam_factor.2031=0.5",
              "de_minimis_threshold_t=500", "de_minimis_threshold_t=0")  # fmt: skip
    for override in (f"policy.{o}" for o in policy):
        assert run([*FROZEN, override]).cbam_cost.sum().item() != base, override


def test_the_draws_are_coordinates_with_descriptions(ensemble):
    for name, words in (("indirect_for_all_sectors_from", "indirect emissions count"),
                        ("cbam_factor", "0 enacted, 1 delayed, 2 accelerated"),
                        ("de_minimis_threshold_t", "de minimis threshold")):  # fmt: skip
        coord = ensemble[f"sampled_{name}"]
        assert coord.dims == ("draw",) and words in coord.attrs["long_name"]
    # the yearly context stays the configured schedule (the drawn one is the coordinate)
    np.testing.assert_array_equal(ensemble.cbam_factor.values, list(ENACTED.values()))


@pytest.mark.parametrize(
    ("spec", "key"),
    [("indirect_for_all_sectors_from={dist: uniform, low: 2028, high: 2032}",
      "ensemble.uncertain.indirect_for_all_sectors_from"),
     ("indirect_for_all_sectors_from={dist: integer, low: 2020, high: 2030}",
      "ensemble.uncertain.indirect_for_all_sectors_from"),
     ("de_minimis_threshold_t={dist: normal, mean: 50, sd: 100}",
      "ensemble.uncertain.de_minimis_threshold_t"),
     ("de_minimis_threshold_t={dist: categorical, values: [35, 50], p: [0.5, 0.6]}",
      "ensemble.uncertain.de_minimis_threshold_t.p"),
     ("de_minimis_threshold_t={dist: categorical, values: [35, 50], p: [1.0]}",
      "ensemble.uncertain.de_minimis_threshold_t.p"),
     ("de_minimis_threshold_t={dist: categorical, values: [35, x], p: [0.5, 0.5]}",
      "ensemble.uncertain.de_minimis_threshold_t.values.1"),
     ("cbam_factor={dist: uniform, low: 0, high: 1}", "ensemble.uncertain.cbam_factor.dist"),
     ("cbam_factor={dist: categorical, p: [1.0], schedules: {up: {2026: 0.9, 2027: 0.95}}}",
      "ensemble.uncertain.cbam_factor.schedules.up.2027"),
     ("cbam_factor={dist: categorical, p: [1.0], schedules: {short: {2026: 0.9}}}",
      "ensemble.uncertain.cbam_factor.schedules.short"),
     ("cscf={dist: categorical, p: [1.0], schedules: {a: {2026: 1.0}}}",
      "ensemble.uncertain.cscf.schedules")],
)  # fmt: skip
def test_a_bad_rule_declaration_is_named(spec, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        run([f"+ensemble.uncertain.{spec}", "ensemble.n=64", "run.end_year=2027"])
