"""The explorer's headline and the content of each tab (Dash components) for a what-if
of the session: cost pathways, parks, treasury, difference to the baseline, saved."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dash import dcc, html, no_update

from sim.explore import park_views, views
from sim.explore.labels import text
from sim.explore.layout import graph, state_table, table
from sim.explore.session import Session

# the tabs' own choices kept between lever moves: the parks tab's park ("park") and the
# costs tab's grouping ("costs_by": "sector" or "park")
Chosen = Mapping[str, Any] | None
GROUPS = ("sector", "park")


def headline(session: Session, res: Any, lang: str, ms: float) -> html.Div:
    """The what-if's and the baseline's cost over the run and their difference."""
    now, base = views.cumulative(res.ds), views.cumulative(session.baseline.ds)
    cells = [
        (text("scenario", lang), now, "total-scenario"),
        (text("baseline", lang), base, "total-baseline"),
        (text("difference", lang), now - base, "total-difference"),
    ]
    return html.Div(
        [html.Div(text("total_cost", lang), style={"fontWeight": "bold"})]
        + [
            html.Span(
                [f"{label}: ", html.B(f"{value:,.1f}", id=ident)], style={"marginRight": "24px"}
            )
            for label, value, ident in cells
        ]
        + [html.Span(f"({ms:.0f} ms)", id="compute-ms", style={"color": "#777"})],
        style={"margin": "8px 0"},
    )


def costs_view(
    session: Session, res: Any, lang: str, fmt: str, saved: list, chosen: Chosen = None
) -> list:
    """Cost pathways by sector or by park (as chosen: one figure on the tab, so that a lever
    move redraws one), and the difference to the baseline by year."""
    base = session.baseline.ds
    now, before = (
        views.totals(res.ds, "sector")["all_sectors"],
        views.totals(base, "sector")["all_sectors"],
    )
    years = [str(y) for y in res.ds["year"].values]
    rows = [
        [y, f"{a:,.1f}", f"{b:,.1f}", f"{a - b:,.1f}", f"{c:,.1f}"]
        for y, a, b, c in zip(years, now, before, (now - before).cumsum(), strict=True)
    ]
    header = [
        text("year", lang),
        text("scenario", lang),
        text("baseline", lang),
        text("difference", lang),
        text("cumulative", lang),
    ]
    by = costs_by(chosen)
    choice = dcc.RadioItems(
        id="costs-by-choice",
        options=[{"label": text(f"by_{g}", lang), "value": g} for g in GROUPS],
        value=by,
        inline=True,
    )
    return [
        choice,
        graph(cost_pathways(session, res, by, lang), "cost-pathways", fmt, f"cost-by-{by}"),
        html.H4(text("by_year", lang)),
        table(header, rows, "difference-table"),
    ]


def costs_by(chosen: Chosen) -> str:
    """The costs tab's grouping: the one chosen, else by sector."""
    by = (chosen or {}).get("costs_by")
    return by if by in GROUPS else GROUPS[0]


def cost_pathways(session: Session, res: Any, by: str, lang: str) -> dict:
    """The costs tab's figure: the cost by ``by`` ("sector" or "park") per year, the
    baseline dashed."""
    names = views.names_of_parks(res.cfg, lang) if by == "park" else {}
    return views.pathways(res.ds, session.baseline.ds, by, names, lang)


def parks_view(
    session: Session, res: Any, lang: str, fmt: str, saved: list, chosen: Chosen = None
) -> list:
    """The core indicator per park and year, pass or miss, the first pass years, and the
    layered evaluation of ``park`` (park_c, or the first park, when none is chosen)."""
    names = views.names_of_parks(res.cfg, lang)
    sc = session.scores(res)
    header = [
        text("park", lang),
        text("core_pass", lang),
        text("dual_control_pass", lang),
        text("grade", lang),
        text("target_year", lang),
    ]
    parks = [str(p) for p in sc["park"].values]
    park = chosen_park(parks, (chosen or {}).get("park"))
    choice = dcc.Dropdown(
        id="park-choice",
        options=[{"label": names.get(p, p), "value": p} for p in parks],
        value=park,
        clearable=False,
    )
    return [
        state_table(
            text("core_indicator", lang),
            park_views.core_table(sc, names, lang),
            "core-indicator",
            text("download", lang),
        ),
        html.H4(text("first_pass", lang)),
        table(header, park_views.first_pass_rows(sc, names, lang), "pass-years"),
        html.H4(text("layered_park", lang)),
        html.Div(choice, style={"maxWidth": "420px"}),
        html.Div(park_panel(session, res, park, lang, fmt), id="park-panel"),
    ]


def chosen_park(parks: list[str], park: str | None) -> str:
    """The park whose layered evaluation is shown: the one chosen, else park_c or the first."""
    if park in parks:
        return park
    return "park_c" if "park_c" in parks else parks[0]


def park_panel(session: Session, res: Any, park: str, lang: str, fmt: str) -> Any:
    """The layered evaluation of one park (source paper table 5) as a coloured table."""
    name = views.names_of_parks(res.cfg, lang).get(park, park)
    markup = park_views.layer_table(session.scores(res).sel(park=park), lang)
    title = f"{name}: {text('layered', lang)}"
    return state_table(title, markup, "park-layers", text("download", lang))


def park_figure(session: Session, res: Any, ident: str, park: str | None, lang: str) -> dict:
    """The parks tab's table ``ident`` ("core-indicator" or "park-layers") as a Plotly
    figure, to download."""
    names = views.names_of_parks(res.cfg, lang)
    sc = session.scores(res)
    if ident == "core-indicator":
        return park_views.core_heatmap(sc, names, lang)
    park = chosen_park([str(p) for p in sc["park"].values], park)
    return park_views.layer_heatmap(sc.sel(park=park), names.get(park, park), lang)


def treasury_view(
    session: Session, res: Any, lang: str, fmt: str, saved: list, chosen: Chosen = None
) -> list:
    """Cash for certificates per quarter against the baseline, and the largest quarter."""
    quarter, cash = views.peak_quarter(res.ds)
    return [
        graph(views.treasury(res.ds, session.baseline.ds, lang), "treasury", fmt),
        html.P(
            [
                f"{text('peak_quarter', lang)}: {quarter}: ",
                html.B(f"{cash:,.1f}", id="peak-cash"),
                f" {text('meur', lang)}",
            ],
            id={"text": "peak"},
        ),
    ]


def difference_view(
    session: Session, res: Any, lang: str, fmt: str, saved: list, chosen: Chosen = None
) -> list:
    """The difference to the baseline by TEDI subsystem, per year and over the run."""
    parts = session.split(res)
    years = res.ds["year"].values.tolist()
    rows = [[text(k, lang), f"{v.sum():,.1f}"] for k, v in parts.items()]
    rows.append([text("difference", lang), f"{sum(v.sum() for v in parts.values()):,.1f}"])
    header = [text("subsystem", lang), f"{years[0]}-{years[-1]}, {text('meur', lang)}"]
    return [
        graph(views.tedi_figure(parts, years, lang), "tedi", fmt),
        table(header, rows, "tedi-table"),
    ]


def saved_view(
    session: Session, res: Any, lang: str, fmt: str, saved: list, chosen: Chosen = None
) -> list:
    """Every saved scenario's total cost per year against the baseline."""
    if not saved:
        return [html.P(text("nothing_saved", lang))]
    runs = {s["name"]: session.run(s["values"]) for s in saved}
    base = views.totals(session.baseline.ds, "sector")["all_sectors"]
    lines = {n: views.totals(r.ds, "sector")["all_sectors"] for n, r in runs.items()}
    years = res.ds["year"].values.tolist()
    rows = [[n, f"{v.sum():,.1f}", f"{v.sum() - base.sum():,.1f}"] for n, v in lines.items()]
    return [
        graph(views.saved_figure(lines, base, years, lang), "saved-timelines", fmt),
        table(["", text("total_cost", lang), text("difference", lang)], rows, "saved-table"),
    ]


def by_id(body: list) -> dict[str, Any]:
    """The components of a view that have a dict id (the parts a lever move changes:
    figures, tables, numbers in text), by their id as JSON."""
    found: dict[str, Any] = {}
    todo = list(body)
    while todo:
        part = todo.pop()
        if isinstance(part, list | tuple):
            todo.extend(part)
            continue
        ident = getattr(part, "id", None)
        if isinstance(ident, dict):
            found[json.dumps(ident, sort_keys=True)] = part
        children = getattr(part, "children", None)
        if children is not None and not isinstance(children, str | int | float):
            todo.append(children)
    return found


def part_property(parts: dict[str, Any], ident: dict[str, str], prop: str) -> Any:
    """The property ``prop`` of the part ``ident`` of a view (unchanged if there is none:
    the page has just switched tabs)."""
    part = parts.get(json.dumps(ident, sort_keys=True))
    return no_update if part is None else getattr(part, prop)


VIEWS = {
    "costs": costs_view,
    "parks": parks_view,
    "treasury": treasury_view,
    "difference": difference_view,
    "saved": saved_view,
}
