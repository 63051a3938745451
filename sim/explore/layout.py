"""The explorer page: the levers on the left, the headline numbers and the tabbed views on
the right, saving below (Dash components; the words come from :mod:`sim.explore.labels`
and are swapped by the language toggle)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import dcc, html

from sim.explore.labels import text
from sim.explore.levers import LEVERS, NEVER, Lever

TABS = ("costs", "parks", "treasury", "difference", "saved")
PAGE_STYLE = {"fontFamily": "system-ui, 'Noto Sans CJK SC', sans-serif", "margin": "0 16px"}


def page(defaults: Mapping[str, Any]) -> html.Div:
    """The whole page, every lever at its baseline value."""
    return html.Div(
        [
            html.Div(
                [
                    html.H2(id="title", children=text("title")),
                    html.P(id="subtitle", children=text("subtitle")),
                    _toggles(),
                ]
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.H3(id="levers-title"),
                            *[_lever(lv, defaults[lv.key]) for lv in LEVERS],
                        ],
                        style={"flex": "0 0 340px", "paddingRight": "16px"},
                    ),
                    html.Div(
                        [
                            html.Div(id="headline"),
                            _tabs(),
                            dcc.Loading(html.Div(id="view"), delay_show=400),
                        ],
                        style={"flex": "1 1 auto", "minWidth": 0},
                    ),
                ],
                style={"display": "flex"},
            ),
            _save_row(),
            *_stores(),
        ],
        style=PAGE_STYLE,
    )


def _stores() -> list[dcc.Store]:
    """What the page keeps between callbacks."""
    return [
        dcc.Store(id="saved", data=[]),
        dcc.Store(id="levers-now", data={}),
        dcc.Store(id="park-chosen", data=None),  # the parks tab's choice
        dcc.Store(id="costs-by", data="sector"),  # the costs tab's grouping
        dcc.Store(id="export-figure", data=None),  # a table to download as a figure
        dcc.Store(id="export-done", data=None),
    ]


def _toggles() -> html.Div:
    return html.Div(
        [
            html.Span(id="language-label", style={"marginRight": "6px"}),
            _radio("lang", {"en": "English", "zh": "中文"}),
            html.Span(id="export-label", style={"margin": "0 6px 0 24px"}),
            _radio("export", {"png": "PNG", "svg": "SVG"}),
        ]
    )


def _radio(ident: str, options: dict[str, str]) -> dcc.RadioItems:
    """Inline radio buttons, the first option chosen."""
    return dcc.RadioItems(
        id=ident,
        options=[{"label": label, "value": value} for value, label in options.items()],
        value=next(iter(options)),
        inline=True,
        style={"display": "inline-block"},
    )


def _lever(lever: Lever, value: Any) -> html.Div:
    """A lever's label and its control (id ``lever-<key>``)."""
    ident = f"lever-{lever.key}"
    if lever.kind == "toggle":
        control = dcc.Checklist(
            id=ident,
            options=[{"label": "", "value": "on"}],
            value=["on"] if value else [],
            inline=True,
        )
    elif lever.kind == "choice":
        control = dcc.RadioItems(id=ident, options=choice_options(lever, "en"), value=value)
    elif lever.kind == "year":
        control = dcc.Dropdown(
            id=ident,
            options=choice_options(lever, "en"),
            value=value,
            clearable=False,
            searchable=False,
        )
    else:
        marks = {lever.low: f"{lever.low:g}", lever.high: f"{lever.high:g}"}
        control = dcc.Slider(
            id=ident,
            min=lever.low,
            max=lever.high,
            step=lever.step,
            value=value,
            marks=marks,
            updatemode="mouseup",
        )
    return html.Div(
        [html.Label(id=f"label-{lever.key}", htmlFor=ident), control],
        style={"marginBottom": "14px"},
    )


def choice_options(lever: Lever, lang: str) -> list[dict[str, Any]]:
    """The options of a choice lever, or of a year lever ("off", then its years)."""
    if lever.kind == "choice":
        return [{"label": text(o, lang), "value": o} for o in lever.options]
    years = range(int(lever.low) + 1, int(lever.high) + 1)
    off = [{"label": text("off", lang), "value": NEVER}]
    return off + [{"label": str(y), "value": y} for y in years]


def _tabs() -> dcc.Tabs:
    return dcc.Tabs(
        id="tab",
        value="costs",
        children=[dcc.Tab(id=f"tab-{t}", value=t, label=text(f"tab_{t}")) for t in TABS],
    )


def _save_row() -> html.Div:
    return html.Div(
        [
            dcc.Input(id="save-name", type="text", debounce=False, style={"width": "260px"}),
            html.Button(id="save", n_clicks=0, style={"marginLeft": "8px"}),
            html.Pre(id="save-msg", style={"whiteSpace": "pre-wrap"}),
        ],
        style={"margin": "16px 0"},
    )


def table(header: list[str], rows: list[list[Any]], ident: str) -> html.Div:
    """A table of ``rows`` under ``header``, numbers right-aligned, as one Markdown
    component (id ``{"table": ident}``: its text changes in place on a lever move) in a
    box with id ``ident``. One component, not one per cell: the page's renderer checks
    every component on every step of a callback, and a table of cells made the views'
    updates slower than their figures."""
    return html.Div(
        dcc.Markdown(markdown_table(header, rows), id={"table": ident}, className="cbam-table"),
        id=ident,
    )


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    """``rows`` under ``header`` as a Markdown table, every column but the first
    right-aligned."""
    lines = [header, [":--"] + ["--:"] * (len(header) - 1), *rows]
    return "\n".join("| " + " | ".join(_cell(v) for v in line) + " |" for line in lines)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|") or " "


TABLE_CSS = """
.cbam-table table { border-collapse: collapse; }
.cbam-table th, .cbam-table td { padding: 3px 10px; border-bottom: 1px solid #ddd; }
.cbam-states table { border-collapse: separate; border-spacing: 2px; font-size: 85%; }
.cbam-states td { padding: 3px 6px; text-align: right; white-space: nowrap; }
.cbam-states tbody th { text-align: left; font-weight: normal; padding-right: 8px; }
.cbam-states .pass { background: #009E73; color: #fff; }
.cbam-states .miss { background: #D55E00; color: #fff; }
.cbam-states .na { background: #DDDDDD; }
.cbam-states .info { background: #fff; border: 1px solid #eee; }
.cbam-states .legend span { display: inline-block; width: 12px; }
"""


def state_table(title: str, markup: str, ident: str, button: str) -> html.Div:
    """A heat map as an HTML table (``markup``: the cells coloured by their state, the
    values printed) under ``title``, in a box with id ``ident``: one component with id
    ``{"table": ident}`` whose text changes in place on a lever move, and a button (id
    ``{"export": ident}``) that downloads the same content as a figure in the format
    chosen at the top."""
    return html.Div(
        [
            html.H4(title),
            dcc.Markdown(
                markup, id={"table": ident}, className="cbam-states", dangerously_allow_html=True
            ),
            html.Button(button, id={"export": ident}, n_clicks=0),
        ],
        id=ident,
    )


# Dash's Babel polyfill (core-js 2) counts U+180E as white space, as Unicode did before
# 6.3, so it finds the browser's String.prototype.trim and parseFloat wrong and replaces
# them with slower ones of its own; Plotly calls them on every colour and number it
# parses. The page keeps the browser's own: saved before the scripts load, put back
# before the app starts (from branch views, 41b5304: 3-8 ms less a figure).
KEEP_NATIVE = "<script>window.cbamNative = [String.prototype.trim, parseFloat];</script>"
RESTORE_NATIVE = (
    "<script>[String.prototype.trim, window.parseFloat] = window.cbamNative;"
    " Number.parseFloat = window.parseFloat;</script>"
)


def index_html(template: str) -> str:
    """Dash's page ``template`` with the tables' style and the browser's own string trim."""
    style = f"{{%css%}}<style>{TABLE_CSS}</style>{KEEP_NATIVE}"
    template = template.replace("{%css%}", style)
    return template.replace("{%renderer%}", f"{RESTORE_NATIVE}{{%renderer%}}")


def graph(figure: dict[str, Any], ident: str, fmt: str, filename: str | None = None) -> html.Div:
    """A figure with the download button set to ``fmt`` (png or svg), in a box with id
    ``ident`` (the figure's own id is ``{"figure": ident}``: it changes in place); the
    file downloaded is ``filename`` (default ``ident``) with its suffix."""
    plot = dcc.Graph(
        id={"figure": ident}, figure=figure, config=graph_config(fmt, filename or ident)
    )
    return html.Div(plot, id=ident)


def graph_config(fmt: str, filename: str) -> dict[str, Any]:
    """Plotly's options of a figure: no logo, the download button in ``fmt``."""
    scale = 2 if fmt == "png" else 1
    options = {"format": fmt, "filename": filename, "scale": scale}
    return {"displaylogo": False, "toImageButtonOptions": options}
