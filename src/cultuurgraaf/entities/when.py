"""When a thing happens: the path from a thing to its start, times in UTC that sort in time order,
and things ordered by date the way the pages list activities (what is to come, soonest first; then
what is past, latest first; then what has no date).

>>> START_PATH
'<http://www.cidoc-crm.org/cidoc-crm/P4_has_time-span>/<http://data.europa.eu/m8g/startTime>'
>>> starts = {"a": "2026-01-10T18:00:00Z", "b": "2025-05-01T10:00:00Z", "c": None, "d": "2027-03-01T20:00:00Z",
...           "e": "2024-02-02T09:00:00Z"}
>>> by_date(starts, starts.get, now="2026-01-01T00:00:00Z")
['a', 'd', 'b', 'e', 'c']
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, TypeVar

from ..vocab import CRM, M8G

#: The SPARQL property path from a thing (an activity) to when it starts.
START_PATH = f"<{CRM['P4_has_time-span']}>/<{M8G.startTime}>"

T = TypeVar("T")


def utc(text: str) -> str | None:
    """An xsd:dateTime as UTC, in a form that sorts in time order (None when it is not one).

    >>> utc("2016-09-11T20:15:00+02:00"), utc("2016-09-11"), utc("ca. 1890")
    ('2016-09-11T18:15:00Z', '2016-09-11T00:00:00Z', None)
    """
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def now_utc() -> str:
    """The present, as :func:`utc` writes times."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def by_date(things: Iterable[T], start_of: Callable[[T], str | None], *, now: str) -> list[T]:
    """The things still to come at ``now`` (soonest first), then the past ones (latest first), then
    those without a start; ``start_of`` gives a thing's start as :func:`utc` writes it. The order is
    stable: things that start at the same time keep theirs."""
    items = list(things)
    coming = sorted((t for t in items if (start_of(t) or "") >= now), key=start_of)
    past = sorted((t for t in items if start_of(t) is not None and start_of(t) < now), key=start_of, reverse=True)
    return coming + past + [t for t in items if start_of(t) is None]
