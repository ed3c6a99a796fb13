"""Dates and times as people in Flanders write them (``17 juli 2011, 20:00``), with the machine value
kept in ``<time datetime>``; and numbers with the page language's thousands separator.

Times with a UTC offset are shown in Belgian time (Europe/Brussels): a load time stored in UTC and
an activity written with ``+02:00`` both read as the clock on the wall in Brussels.

>>> str(when_html("2011-07-17T20:00:00+02:00", "nl"))
'<time datetime="2011-07-17T20:00:00+02:00">17 juli 2011, 20:00</time>'
>>> str(when_html("2026-12-07T14:41:36+00:00", "fr"))
'<time datetime="2026-12-07T14:41:36+00:00">7 décembre 2026, 15:41</time>'
>>> str(when_html("2025-03-01", "fr")), str(when_html("2025-03-01", "en"))
('<time datetime="2025-03-01">1er mars 2025</time>', '<time datetime="2025-03-01">1 March 2025</time>')
>>> str(when_html("ca. 1890", "nl"))
'ca. 1890'
>>> grouped(1234567, "nl"), grouped(1234567, "en"), grouped(3410, "fr")
('1.234.567', '1,234,567', '3\\u202f410')
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from .words import WORDS

BRUSSELS = ZoneInfo("Europe/Brussels")
#: The thousands separator of each page language (French: a narrow no-break space).
THOUSANDS = {"nl": ".", "en": ",", "fr": "\u202f"}


def parse_when(text: str) -> dt.datetime | dt.date | None:
    """An xsd:dateTime or xsd:date as Python reads it (a time with an offset in Belgian time); None otherwise."""
    value = text.strip()
    try:
        if "T" in value:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment.astimezone(BRUSSELS) if moment.tzinfo else moment
        if len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        return None
    return None


def when_text(moment: dt.datetime | dt.date, language: str) -> str:
    """'17 juli 2011, 20:00' (a date alone: '17 juli 2011')."""
    day = "1er" if language == "fr" and moment.day == 1 else str(moment.day)
    text = f"{day} {WORDS.text(f'month_{moment.month}', language)} {moment.year}"
    if isinstance(moment, dt.datetime):
        text += f", {moment:%H:%M}"
    return text


def when_html(text: str, language: str, css_class: str | None = None) -> Markup:
    """A date or time from the data as ``<time>``, in words of the page's language; other text escaped."""
    moment = parse_when(text)
    if moment is None:
        return escape(text)
    klass = Markup(' class="{}"').format(css_class) if css_class else ""
    return Markup('<time datetime="{}"{}>{}</time>').format(text.strip(), klass, when_text(moment, language))


def grouped(number: int, language: str) -> str:
    """A whole number with the thousands separator of the page's language."""
    return f"{number:,}".replace(",", THOUSANDS.get(language, "."))
