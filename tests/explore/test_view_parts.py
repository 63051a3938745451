"""The parts of a view built ahead: built once per lever set and view and then kept, the
same numbers as the view drawn whole; the work handed to ``after_response`` runs once the
response has been sent, and its error does not reach the response."""

from __future__ import annotations

import json

import flask

from sim.explore.tabs import VIEWS
from sim.explore.view_parts import KEPT, ViewParts, after_response, by_id


def test_the_parts_are_built_once_and_are_those_of_the_view(session):
    parts = ViewParts(session)
    args = ("costs", "en", "png", [], None)
    first = parts.get({"cscf": 0.97}, *args)
    assert parts.get({"cscf": 0.97, "downstream": False}, *args) is first  # same lever set
    whole = by_id(VIEWS["costs"](session, session.run({"cscf": 0.97}), *args[1:]))
    assert first.keys() == whole.keys()
    key = json.dumps({"figure": "cost-by-sector"}, sort_keys=True)
    assert first[key].figure["data"][0]["y"] == whole[key].figure["data"][0]["y"]
    assert parts.get({"cscf": 0.96}, *args) is not first


def test_only_the_last_views_are_kept(session):
    parts = ViewParts(session)
    first = parts.get({}, "treasury", "en", "png", [], None)
    for i in range(KEPT):
        parts.get({}, "treasury", "en", "png", [{"name": f"s{i}", "values": {}}], None)
    assert parts.get({}, "treasury", "en", "png", [], None) is not first


def test_the_work_after_a_response_runs_once_it_is_sent():
    app = flask.Flask(__name__)
    done = []

    @app.route("/")
    def index() -> str:
        after_response(lambda: done.append("built"))
        after_response(lambda: 1 / 0)  # logged, not raised
        return "sent"

    response = app.test_client().get("/")
    assert response.data == b"sent" and done == []
    response.close()
    assert done == ["built"]
