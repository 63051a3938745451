"""The parts of a tab's view that a lever move changes (its figures, tables and numbers in
text: the components with a dict id), built once per lever set and view settings and kept.
The headline's request builds the active tab's after its response has been sent
(:func:`after_response`), in the gap before the page asks for them: the view's request
then finds them ready (or waits for them) instead of starting on them."""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import flask

from sim.explore.session import Session
from sim.explore.tabs import VIEWS

KEPT = 8  # the views kept: the last few lever sets (going back and forth)


class ViewParts:
    """The parts of each view asked for, by lever set, tab, language, format, saved
    scenarios and chosen park."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._kept: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()  # one builds a view, the others wait for it

    def get(self, values: dict, tab: str, lang: str, fmt: str, saved: list, park: Any) -> dict:
        """The parts of the view (by their id as JSON), built if not kept."""
        full = self.session.complete(values or {})
        key = json.dumps([full, tab, lang, fmt, saved or [], park], sort_keys=True, default=str)
        with self._lock:
            if key not in self._kept:
                res = self.session.run(full)
                self._kept[key] = by_id(VIEWS[tab](self.session, res, lang, fmt, saved or [], park))
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
            self._kept.move_to_end(key)
            return self._kept[key]


def after_response(work: Callable[[], Any]) -> None:
    """Run ``work`` in this request's thread once its response has been sent (an error is
    logged: the request that needs the result builds it again and reports it)."""

    def guarded() -> None:
        try:
            work()
        except Exception:  # reported by the request that asks for the view
            logging.getLogger(__name__).debug("view built ahead failed", exc_info=True)

    @flask.after_this_request
    def hook(response: flask.Response) -> flask.Response:
        response.call_on_close(guarded)
        return response


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
