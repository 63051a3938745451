"""The official CBAM tables shipped in ``sim/data/official`` and one lookup over them.

:func:`lookup` takes an origin, a CN code and optionally a route and returns the
:class:`GoodFacts` of the good: its sector and Annex I entry (Reg. (EU) 2023/956), the
default values of its origin (IR (EU) 2025/2621 Annex I, the fall-back row "Other
Countries and Territories" where the origin has none), its CBAM benchmarks (IR (EU)
2025/2620, Column A and B by route), its precursor default value (IR 2025/2621 Annex IV)
and whether it is only in the downstream proposal COM(2025) 989. Each table is matched by
the longest listed prefix of the CN code. See docs/data.md.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from sim.errors import ConfigError
from sim.inputs import official_tables as tables
from sim.inputs import origins
from sim.inputs.official_tables import DATA, OFFICIAL  # noqa: F401 (re-export)

FALLBACK = "Other Countries and Territories"
MARKED_YEARS = (2026, 2027, 2028)  # IR 2025/2621: 2028 onwards as 2028
# IR 2025/2620: benchmarks printed for two periods (1: 2026-2027, 2: 2028-2030) for some
# alloy and stainless goods (metalnomist.com, Feb 2026); a value without a period holds for both
SECOND_PERIOD_FROM = 2028
# Reg. (EU) 2023/956 Annex II: goods for which only direct emissions are counted
DIRECT_ONLY = ("iron_steel", "aluminium", "hydrogen")


@dataclass(frozen=True)
class DefaultValue:
    """One row of IR 2025/2621 Annex I: tCO2e/t, NaN where the annex prints no value."""

    country: str
    listed_code: str
    description: str
    route: str  # the annex letter ("" where the row names none)
    direct: float
    indirect: float
    total: float
    marked: dict[int, float]  # the total with each year's mark-up, as printed

    def marked_up(self, year: int) -> float:
        """The printed default value of ``year`` (2028 and later as 2028)."""
        return self.marked[min(max(year, MARKED_YEARS[0]), MARKED_YEARS[-1])]


@dataclass(frozen=True)
class Benchmark:
    """One CBAM benchmark of IR 2025/2620, tCO2e/t."""

    listed_code: str
    column: str  # "A" (actual values) or "B" (default values)
    route: str  # annex letter, "" where the value holds for every route
    period: str  # "1" (2026-2027), "2" (2028-2030), "" for both
    value: float


@dataclass(frozen=True)
class GoodFacts:
    """What the official tables say of one good from one origin."""

    cn_code: str
    listed_code: str  # its Annex I entry (or downstream-proposal entry)
    sector: str
    category: str
    ghg: str
    description: str
    origin: str  # ISO 3166 alpha-2
    annex_country: str  # the origin's name in IR 2025/2621 ("" if not listed)
    default_values: tuple[DefaultValue, ...]  # the origin's rows, the fall-back's where empty
    benchmarks: tuple[Benchmark, ...]
    precursor_default: DefaultValue | None
    downstream_only: bool

    @property
    def indirect_priced(self) -> bool:
        """Whether indirect emissions count (Reg. 2023/956 Annex II)."""
        return self.sector not in DIRECT_ONLY

    @property
    def routes(self) -> tuple[str, ...]:
        """The annex route letters the good has a benchmark for ("" for route-free ones)."""
        return tuple(sorted({b.route for b in self.benchmarks}))

    def default_value(self, route: str | None = None) -> DefaultValue | None:
        """The default-value row for ``route`` (an annex letter), or the only one."""
        rows = [d for d in self.default_values if route is None or d.route in (route, "")]
        if route is not None and len(rows) > 1:
            rows = [d for d in rows if d.route == route] or rows
        return rows[0] if len(rows) == 1 else None

    def benchmark(self, column: str, route: str, year: int) -> float | None:
        """The benchmark of ``column`` for annex route ``route`` in ``year``; a route-free
        value where the good has no value for the route; None where the annex has none."""
        period = "2" if year >= SECOND_PERIOD_FROM else "1"
        for want in (route, ""):
            for b in self.benchmarks:
                if b.column == column and b.route == want and b.period in (period, ""):
                    return b.value
        return None


def lookup(
    origin: str, cn_code: str, key: str = "cn_code", origin_key: str = "origin"
) -> GoodFacts:
    """The facts of good ``cn_code`` (4 to 8 digits, spaces allowed) exported from
    ``origin`` (ISO code or country name); a :class:`ConfigError` naming ``key`` for a
    code outside Annex I and the downstream proposal."""
    code = normalise_code(key, cn_code)
    iso, country = origins.resolve(origin_key, origin)
    try:
        return _facts(iso, country, code)
    except ConfigError as err:  # raised once per good; named by the asking key
        raise ConfigError(key, err.value, err.expected) from None


@functools.cache
def _facts(iso: str, country: str, code: str) -> GoodFacts:
    """:func:`lookup` once per origin and code (a park's table repeats its goods)."""
    listed, sector, category, ghg, description, downstream = _annex_entry("cn_code", code)
    return GoodFacts(
        cn_code=code,
        listed_code=listed,
        sector=sector,
        category=category,
        ghg=ghg,
        description=description,
        origin=iso,
        annex_country=country,
        default_values=_with_fallback(_default_rows(country, code) if country else (), code),
        benchmarks=tuple(_benchmark_rows("cn_code", code)),
        precursor_default=_precursor_row(code),
        downstream_only=downstream,
    )


def normalise_code(key: str, cn_code: object) -> str:
    """A CN code as digits only: 4, 6 or 8 of them."""
    text = str(cn_code).replace(" ", "").replace(".", "")
    if isinstance(cn_code, bool) or not text.isdigit() or len(text) not in (4, 6, 8):
        raise ConfigError(key, cn_code, "expected a CN code of 4, 6 or 8 digits (e.g. '72083900')")
    return text


def _annex_entry(key: str, code: str) -> tuple[str, str, str, str, str, bool]:
    """(listed code, sector, category, ghg, description, downstream only) of a code: its
    Annex I entry (the 8-digit list of the Commission's report structure, matched on the
    6-digit subheading where CN versions differ), a fall-back default-value row (which
    every Annex I good has), else the downstream proposal's entry."""
    goods = tables.annex_goods()
    hits = [g for g in goods if g[0].startswith(code) or code.startswith(g[0])]
    hits = hits or [g for g in goods if len(code) == 8 and g[0][:6] == code[:6]]
    if hits:
        exact = [g for g in hits if g[0] == code]
        g = (exact or hits)[0]
        return (g[0] if exact else code), g[1], g[2], g[3], g[4], False
    fallback = _longest("defaults", code, FALLBACK)
    if fallback:
        r = fallback[0]
        return r[1], r[0], "", "", r[2], False
    down = _longest("downstream", code)
    if down:
        d = down[0]
        return d[0], d[1], "downstream product (proposal)", d[2], d[3], True
    raise ConfigError(key, code, f"not a CBAM good (Annex I of Reg. 2023/956){_nearest(code)}")


def _nearest(code: str) -> str:
    """'; nearest listed: ...' naming up to five Annex I codes closest to ``code``."""
    listed = sorted({g[0] for g in tables.annex_goods()})
    near = sorted(
        listed, key=lambda c: (-_common(c, code), abs(int(c[:8]) - int(code.ljust(8, "0"))))
    )
    return "; nearest listed: " + ", ".join(near[:5])


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _longest(table: str, code: str, country: str = "") -> list:
    """The rows of ``table`` (``country``'s for the default values) whose listed code is
    the longest prefix of ``code``, in the table's order."""
    listed = _by_listed_code(table, country)
    for n in range(len(code), -1, -1):
        rows = listed.get(code[:n])
        if rows:
            return rows
    return []


@functools.cache
def _by_listed_code(table: str, country: str) -> dict[str, list]:
    """The rows of a table by their listed code, each list in the table's order."""
    if table == "defaults":
        rows, at = tables.default_rows(country), 1
    else:
        rows, at = {
            "benchmarks": (tables.benchmarks(), 0),
            "precursors": (tables.precursors(), 1),
            "downstream": (tables.downstream(), 0),
        }[table]
    listed: dict[str, list] = {}
    for r in rows:
        listed.setdefault(r[at], []).append(r)
    return listed


def _with_fallback(rows: tuple[DefaultValue, ...], code: str) -> tuple[DefaultValue, ...]:
    """The origin's rows, each without a value replaced by the fall-back row of the same
    good (description); the fall-back rows where the origin has none (IR 2025/2621 Annex I)."""
    fallback = _default_rows(FALLBACK, code)
    if not rows:
        return fallback
    spare = {d.description: d for d in fallback}  # an empty row may lack its route too
    return tuple(d if _has_value(d) else spare.get(d.description, d) for d in rows)


def _has_value(d: DefaultValue) -> bool:
    return math.isfinite(d.total) or math.isfinite(d.direct)


def _default_rows(country: str, code: str) -> tuple[DefaultValue, ...]:
    rows = _longest("defaults", code, country)
    return tuple(_default_value(country, r) for r in rows)


def _default_value(country: str, r: tuple[str, ...]) -> DefaultValue:
    _, listed, description, route, direct, indirect, total, *marked = r
    if not total:  # a row without a total has no usable value (see data README)
        marked = ["", "", ""]
    return DefaultValue(
        country=country,
        listed_code=listed,
        description=description,
        route=route,
        direct=_float(direct),
        indirect=_float(indirect),
        total=_float(total),
        marked={y: _float(v) for y, v in zip(MARKED_YEARS, marked, strict=True)},
    )


def _benchmark_rows(key: str, code: str) -> list[Benchmark]:
    """The benchmarks listed for the longest prefix of ``code``; for a code shorter than
    the listed ones, those of the codes under it where they all agree."""
    rows = _longest("benchmarks", code) or _agreeing(key, code)
    return [Benchmark(r[0], r[1], r[2], r[3], float(r[4])) for r in rows if r[4]]


def _agreeing(key: str, code: str) -> list[tuple[str, ...]]:
    under: dict[str, set[tuple[str, ...]]] = {}
    for r in tables.benchmarks():
        if r[0].startswith(code):
            under.setdefault(r[0], set()).add(r[1:])
    if len({frozenset(v) for v in under.values()}) > 1:
        codes = ", ".join(sorted(under)[:6])
        raise ConfigError(
            key,
            code,
            f"the CBAM benchmarks differ between the codes under it ({codes}, ...): "
            "give the 8-digit CN code",
        )
    first = min(under) if under else None
    return [(first, *v) for v in sorted(under[first])] if first else []


def _precursor_row(code: str) -> DefaultValue | None:
    rows = _longest("precursors", code)
    return _default_value("Annex IV (precursors)", rows[0]) if rows else None


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # empty cell (annex dash) or NA (indirect not applicable)
        return math.nan
