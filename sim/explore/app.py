"""``cbam-explore``: the policy explorer, a local web app (Dash). Levers as sliders and
toggles, the model run in-process on every change (:class:`sim.explore.session.Session`:
composed once, nothing written), the views redrawn with the baseline always shown; "Save
scenario" writes a scenario file that ``cbam-sim --config-dir`` reproduces.

Dash was chosen over Panel: one server-side callback maps the levers to every number and
figure, Plotly figures carry their own PNG/SVG download in the browser (no server-side
browser to export), and the page is plain HTML that Playwright drives in the tests."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dash import ALL, Dash, Input, Output, State, callback_context, html
from dash.exceptions import PreventUpdate

from sim.explore.labels import text
from sim.explore.layout import TABS, choice_options, graph_config, index_html, page
from sim.explore.levers import LEVERS, NEVER
from sim.explore.scenario_file import scenario_text, valid_name
from sim.explore.session import Session
from sim.explore.tabs import (
    VIEWS,
    by_id,
    chosen_park,
    cost_pathways,
    headline,
    park_figure,
    park_panel,
    part_property,
)
from sim.io.files import write_text

LEVER_INPUTS = [Input(f"lever-{lv.key}", "value") for lv in LEVERS]
LEVER_STATES = [State(f"lever-{lv.key}", "value") for lv in LEVERS]


def lever_values(raw: Sequence[Any]) -> dict[str, Any]:
    """The controls' values as lever values (a year slider at its low end is off)."""
    out = {}
    for lever, value in zip(LEVERS, raw, strict=True):
        if lever.kind == "toggle":
            value = bool(value)
        elif lever.kind == "year":
            value = NEVER if value in (None, NEVER) else int(value)
        out[lever.key] = value
    return out


def create_app(session: Session, config_dir: Path) -> Dash:
    """The Dash app on ``session``; saved scenarios go to ``config_dir``/scenario/."""
    # the parks tab's park choice is not on the page until that tab is shown
    app = Dash(__name__, title="cbam-explore", suppress_callback_exceptions=True)
    app.layout = page(session.defaults)
    app.index_string = index_html(app.index_string)
    _words(app)
    _views(app, session)
    _park_panel(app, session)
    _costs_by(app, session)
    _export(app, session)
    _saving(app, session, config_dir)
    return app


def _words(app: Dash) -> None:
    ids = ["title", "subtitle", "levers-title", "language-label", "export-label", "save"]
    keys = ["title", "subtitle", "levers", "language", "export", "save"]
    outputs = [Output(i, "children") for i in ids]
    outputs += [Output(f"label-{lv.key}", "children") for lv in LEVERS]
    outputs += [Output(f"tab-{t}", "label") for t in TABS] + [Output("save-name", "placeholder")]
    choices = [lv for lv in LEVERS if lv.kind in ("choice", "year")]
    outputs += [Output(f"lever-{lv.key}", "options") for lv in choices]

    @app.callback(*outputs, Input("lang", "value"))
    def words(lang: str) -> list[Any]:
        return (
            [text(k, lang) for k in keys]
            + [text(lv.key, lang) for lv in LEVERS]
            + [text(f"tab_{t}", lang) for t in TABS]
            + [text("save_name", lang)]
            + [choice_options(lv, lang) for lv in choices]
        )


VIEW_STATES = [
    State("tab", "value"),
    State("export", "value"),
    State("saved", "data"),
    State("park-chosen", "data"),
    State("costs-by", "data"),
]


def _views(app: Dash, session: Session) -> None:
    """Two steps: the levers' run and the headline numbers first (what a slider move must
    redraw at once, alone on the server), then from the same (cached) run the active tab's
    view: drawn whole on a tab, language, format or save change, its numbers and figures
    changed in place on a lever move (:func:`_updates`)."""

    @app.callback(
        Output("headline", "children"),
        Output("levers-now", "data"),
        Input("lang", "value"),
        *LEVER_INPUTS,
    )
    def run(lang: str, *raw: Any) -> tuple:
        start = time.perf_counter()
        values = lever_values(raw)
        res = session.run(values)
        return headline(session, res, lang, (time.perf_counter() - start) * 1e3), values

    _whole_view(app, session)
    _updates(app, session)


def _whole_view(app: Dash, session: Session) -> None:
    """The active tab's view drawn whole (on a tab, language, format or save change)."""

    @app.callback(
        Output("view", "children"),
        Input("tab", "value"),
        Input("lang", "value"),
        Input("export", "value"),
        Input("saved", "data"),
        State("levers-now", "data"),
        State("park-chosen", "data"),
        State("costs-by", "data"),
    )
    def view(tab: str, lang: str, fmt: str, saved: list, values: dict, park: str, by: str) -> list:
        start = time.perf_counter()
        res = session.run(values or {})
        body = VIEWS[tab](session, res, lang, fmt, saved or [], _chosen(park, by))
        return [*body, _note(session, tab, res, start)]


def _updates(app: Dash, session: Session) -> None:
    """On a lever move, the active tab's figures, tables and numbers in text (the parts of
    its view with a dict id) and the note naming the lever set, changed in place: the
    page's plots stay and Plotly.react redraws them (a view sent whole replaces them, and
    dcc.Graph draws each new plot twice, plotted then resized to its container)."""

    @app.callback(
        Output({"figure": ALL}, "figure"),
        Output({"table": ALL}, "children"),
        Output({"text": ALL}, "children"),
        Output("view-of", "children"),
        Input("levers-now", "data"),
        State("lang", "value"),
        *VIEW_STATES,
        prevent_initial_call=True,
    )
    def update(values: dict, lang: str, tab: str, fmt: str, saved: list, *chosen: str) -> list:
        start = time.perf_counter()
        res = session.run(values or {})
        parts = by_id(VIEWS[tab](session, res, lang, fmt, saved or [], _chosen(*chosen)))
        out = [
            [part_property(parts, o["id"], o["property"]) for o in outputs]
            for outputs in callback_context.outputs_list[:3]
        ]
        return [*out, _note(session, tab, res, start).children]


def _chosen(park: str | None, costs_by: str | None) -> dict[str, str | None]:
    """The tabs' own choices (:data:`sim.explore.tabs.Chosen`) from their stores."""
    return {"park": park, "costs_by": costs_by}


def _note(session: Session, tab: str, res: Any, start: float) -> html.P:
    """The lever set a view shows and how long it took (the benchmark waits for it)."""
    ms = (time.perf_counter() - start) * 1e3
    moved = {k: v for k, v in res.values.items() if v != session.defaults[k]}
    note = f"{tab}: {moved or 'baseline'} ({ms:.0f} ms)"
    return html.P(note, id="view-of", style={"color": "#777", "fontSize": "80%"})


def _costs_by(app: Dash, session: Session) -> None:
    """The costs tab's figure drawn by the other grouping when it is chosen (kept for the
    next lever moves and tab visits)."""

    @app.callback(
        Output({"figure": "cost-pathways"}, "figure"),
        Output({"figure": "cost-pathways"}, "config"),
        Output("costs-by", "data"),
        Input("costs-by-choice", "value"),
        State("lang", "value"),
        State("export", "value"),
        *LEVER_STATES,
        prevent_initial_call=True,
    )
    def regroup(by: str, lang: str, fmt: str, *raw: Any) -> tuple:
        res = session.run(lever_values(raw))
        return cost_pathways(session, res, by, lang), graph_config(fmt, f"cost-by-{by}"), by


def _park_panel(app: Dash, session: Session) -> None:
    """The layered evaluation of another park chosen in the parks tab (the view draws the
    chosen one with the rest of the tab)."""

    @app.callback(
        Output("park-panel", "children"),
        Output("park-chosen", "data"),
        Input("park-choice", "value"),
        State("park-chosen", "data"),
        State("lang", "value"),
        State("export", "value"),
        *LEVER_STATES,
        prevent_initial_call=True,
    )
    def panel(park: str, chosen: str | None, lang: str, fmt: str, *raw: Any) -> tuple:
        res = session.run(lever_values(raw))
        parks = [str(p) for p in session.scores(res)["park"].values]
        if park == chosen_park(parks, chosen):  # the view has just drawn it
            raise PreventUpdate
        return park_panel(session, res, park, lang, fmt), park


# Plotly's own download of a figure given as a plain object (no plot on the page)
DOWNLOAD_JS = """function(d) {
    if (d && window.Plotly) {
        window.Plotly.downloadImage(d.figure, {format: d.format, filename: d.filename,
            width: 1100, height: d.figure.layout.height || 520});
    }
    return null;
}"""


def _export(app: Dash, session: Session) -> None:
    """A table of the parks tab downloaded as a figure (PNG or SVG, as chosen): the
    server builds its Plotly heat map, the page draws and saves it."""

    @app.callback(
        Output("export-figure", "data"),
        Input({"export": ALL}, "n_clicks"),
        State("lang", "value"),
        State("export", "value"),
        State("park-chosen", "data"),
        *LEVER_STATES,
        prevent_initial_call=True,
    )
    def export(clicks: list, lang: str, fmt: str, park: str | None, *raw: Any) -> dict:
        ident = callback_context.triggered_id
        if not ident or not any(clicks):
            raise PreventUpdate
        fig = park_figure(session, session.run(lever_values(raw)), ident["export"], park, lang)
        return {"figure": fig, "format": fmt, "filename": ident["export"]}

    app.clientside_callback(
        DOWNLOAD_JS, Output("export-done", "data"), Input("export-figure", "data")
    )


def _saving(app: Dash, session: Session, config_dir: Path) -> None:
    @app.callback(
        Output("save-msg", "children"),
        Output("saved", "data"),
        Input("save", "n_clicks"),
        State("save-name", "value"),
        State("lang", "value"),
        State("saved", "data"),
        *[State(f"lever-{lv.key}", "value") for lv in LEVERS],
        prevent_initial_call=True,
    )
    def save(_clicks: int, name: str, lang: str, saved: list, *raw: Any) -> tuple:
        if not valid_name(name):
            return text("bad_name", lang), saved
        values = session.complete(lever_values(raw))
        path = save_scenario(session, values, name, config_dir)
        command = f"cbam-sim --config-dir {config_dir.resolve()} scenario={name}"
        kept = [s for s in saved or [] if s["name"] != name] + [{"name": name, "values": values}]
        return f"{path}: {text('saved_to', lang)}\n  {command}", kept


def save_scenario(session: Session, values: dict[str, Any], name: str, config_dir: Path) -> Path:
    """Write the lever ``values`` as ``config_dir``/scenario/``name``.yaml."""
    moved = {k: v for k, v in values.items() if v != session.defaults[k]}
    body = scenario_text(name, moved, session.changes(values), session.defaults)
    return write_text(body, config_dir / "scenario" / f"{name}.yaml")
