"""Countries of origin: an ISO 3166 code or a name -> (alpha-2 code, the annex's name).

The default values of IR (EU) 2025/2621 are listed by country name; users name an origin
by its ISO code (``CN``, ``IN``, ``TR``) or any name ``pycountry`` knows. A country the
annex does not list resolves to no annex name: its goods take the fall-back values.
"""

from __future__ import annotations

import functools
import warnings

from sim.errors import ConfigError

# annex names pycountry does not resolve exactly (checked for all 118 in the tests)
ANNEX_ALIASES = {
    "Brunei": "BN",
    "Democratic Republic of the Congo": "CD",
    "Myanmar/Burma": "MM",
    "Russia": "RU",
}


def resolve(key: str, origin: object) -> tuple[str, str]:
    """(alpha-2 code, the annex's country name or "" if unlisted) of ``origin``."""
    if not isinstance(origin, str) or not origin.strip():
        raise ConfigError(key, origin, "expected a country: an ISO code (e.g. 'CN') or a name")
    code = _alpha_2(origin.strip())
    if code is None:
        raise ConfigError(
            key, origin, "no such country: give an ISO 3166 code (e.g. 'CN', 'IN', 'TR')"
        )
    return code, _annex_name(code)


@functools.cache
def _annex_name(code: str) -> str:
    """The annex's name of country ``code`` ("" if unlisted), without resolving all 118."""
    import pycountry

    from sim.inputs.official_tables import is_annex_country

    country = pycountry.countries.get(alpha_2=code)
    names = [n for n, c in ANNEX_ALIASES.items() if c == code] + [
        getattr(country, a, None) for a in ("name", "common_name", "official_name")
    ]
    found = [n for n in names if n and is_annex_country(n)]
    return found[0] if found else annex_names().get(code, "")


@functools.cache
def _alpha_2(text: str) -> str | None:
    if text in ANNEX_ALIASES:
        return ANNEX_ALIASES[text]
    import pycountry  # only where an origin is resolved (its import takes ~20 ms)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pycountry.countries.lookup(text).alpha_2
        except LookupError:
            return None


@functools.cache
def annex_names() -> dict[str, str]:
    """alpha-2 code -> country name as printed in IR 2025/2621 Annex I."""
    from sim.inputs.official import FALLBACK
    from sim.inputs.official_tables import annex_countries

    out = {}
    for name in annex_countries():
        if name != FALLBACK:
            out[_alpha_2(name)] = name
    return out
