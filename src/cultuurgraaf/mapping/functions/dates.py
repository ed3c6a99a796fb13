"""Functions on dates and times: EDTF dates, calendar dates, and a day combined with a time of day.

Exports write dates the way people do: ``17/07/2011``, ``17-7-2011``, ``17 juli 2011``, ``ca.
1890``, ``1950~/1955~``, ``19de eeuw``. Numeric forms are read here, day first as Flemish exports
write them; dates with month names (Dutch, French, English, German) are read by dateparser. What
cannot be read raises :class:`~.registry.Unreadable`, so that the run lists it with its row.

>>> edtf("ca. 1890"), edtf("12/03/1923"), edtf("17 juli 2011"), edtf("0001-01-01")
('1890~', '1923-03-12', '2011-07-17', None)
>>> edtf(";1895 (circa) - 1939(vermoedelijk)"), edtf(";1925 () - 1925()")
('1895~/1939?', '1925')
>>> iso_date("17/07/2011"), iso_date("17-7-2011"), iso_date("zondag 17 juli 2011")
('2011-07-17', '2011-07-17', '2011-07-17')
"""

from __future__ import annotations

import re
import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...vocab import EDTF, XSD
from .registry import Result, Unreadable, register

_UNKNOWN = {"", "..", "0001-01-01", "onbekend", "unknown", "inconnu", "none", "na", "n/a", "?", "()"}
_UNKNOWN_TEXT = "unknown dates (0001-01-01, onbekend, unknown, inconnu, ?)"
#: words that make a date approximate (EDTF ~) or uncertain (EDTF ?)
_CIRCA = {"circa", "ca.", "ca", "c.", "rond", "omstreeks", "ong.", "ong", "ongeveer", "±", "vers", "environ"}
_DOUBT = {"vermoedelijk", "waarschijnlijk", "wellicht", "probably", "probablement", "?"}
_EDTF_PART = re.compile(r"(\d{4}|\d{2}XX|\d{3}X)(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})[/.-](\d{4})")
_CENTURY = re.compile(r"(\d{1,2})\s*(?:de|e|ste|ème|eme)\s+(?:eeuw|siècle|siecle)", re.IGNORECASE)
_DATETIME = re.compile(r"-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
_EPOCH = re.compile(r"-?\d{12,13}")
_RECOGNISED = "1890, 1890-05, 17/07/2011, 17-7-2011, 17 juli 2011, ca. 1890, 1950~/1955~, 1897-1900, 19de eeuw"


def _qualified(text: str) -> tuple[str, str]:
    """The date without the words that qualify it, and the EDTF qualifier they stand for.

    >>> _qualified("ca. 1890"), _qualified("1939(vermoedelijk)"), _qualified("1925 ()")
    (('1890', '~'), ('1939', '?'), ('1925', ''))
    """
    words = re.sub(r"[()]", " ", text.replace("±", " ± ")).split()
    circa = any(w.lower() in _CIRCA for w in words)
    doubt = any(w.lower() in _DOUBT for w in words)
    core = " ".join(w for w in words if w.lower() not in _CIRCA | _DOUBT)
    return core, "%" if circa and doubt else "~" if circa else "?" if doubt else ""


def _day(year: int, month: int, day: int | None = None) -> str:
    try:
        return dt.date(year, month, day or 1).isoformat()[: 10 if day else 7]
    except ValueError:
        raise Unreadable("no such day" if day else "no such month") from None


def _edtf_part(text: str) -> str:
    """One date (one end of a range) as EDTF; ``""`` or ``..`` for an open end."""
    core, qualifier = _qualified(text.strip().strip(";"))
    if core in ("", ".."):
        return core
    if re.fullmatch(r"\d{3}", core):
        core = core.zfill(4)
    if (m := _EDTF_PART.fullmatch(core)) is not None:
        year, month, day, written = m.groups()
        found = year
        if month:
            found = _day(int(year), int(month), day and int(day)) if year.isdigit() else core.rstrip("~?%")
        return found + (written or qualifier)
    if (m := _DMY.fullmatch(core)) is not None:
        return _day(int(m.group(3)), int(m.group(2)), int(m.group(1))) + qualifier
    if (m := _MY.fullmatch(core)) is not None:
        return _day(int(m.group(2)), int(m.group(1))) + qualifier
    if (m := _CENTURY.fullmatch(core)) is not None and 1 <= int(m.group(1)) <= 21:
        return f"{int(m.group(1)) - 1:02d}XX" + qualifier
    if re.search(r"[^\W\d_]", core):
        return _worded(core) + qualifier
    raise Unreadable("not a date it recognises")


@lru_cache(maxsize=4096)
def _worded(text: str) -> str:
    """A date written with a month name, as EDTF with the precision it has (day or month).

    dateparser reads the month names (and day names) of the languages exports use; a date
    without a year of three or four digits is refused rather than given this year or a century.

    >>> _worded("17 juli 2011"), _worded("mei 1890"), _worded("1er mars 1901")
    ('2011-07-17', '1890-05', '1901-03-01')
    """
    years = re.findall(r"\b\d{3,4}\b", text)
    found = _parser().get_date_data(text) if len(years) == 1 else None
    if found is None or found.date_obj is None or found.date_obj.year != int(years[0]):
        raise Unreadable("not a date it recognises")
    day = found.date_obj.date()
    if found.period == "day":
        return day.isoformat()
    if found.period == "month":
        return day.isoformat()[:7]
    raise Unreadable("not a date it recognises")


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["nl", "fr", "en", "de"], settings={
        "DATE_ORDER": "DMY", "PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["year"],
        "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": True})


@register("cg:edtf", no_value=_UNKNOWN_TEXT, cannot_read=f"a date in another form than {_RECOGNISED}, "
                                                         "or a day that does not exist (31/02/2011)")
def edtf(value: str) -> Result:
    """An EDTF date (``1890~``, ``1923-03-12``, ``1950~/1955~``) for the ways sources write dates.

    Day first (``07/08/2011`` is 7 August); month names in Dutch, French, English or German;
    ``ca.``, ``circa``, ``rond``, ``omstreeks`` make a date approximate (``~``), ``vermoedelijk``
    uncertain (``?``); ``19de eeuw`` is ``18XX``; a range with ``/``, `` - ``, ``tot`` or a dash
    between years keeps both ends; epoch milliseconds give the day in Brussels.
    """
    text = " ".join(value.replace("\u2013", "-").replace("\u2014", "-").split()).strip("; ")
    if text.lower() in _UNKNOWN:
        return None
    if _EPOCH.fullmatch(text):
        return epoch_date(text)
    if _DATETIME.fullmatch(text):
        try:
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise Unreadable("no such day or time") from None
        return text
    core = _qualified(text)[0]
    for separator in (" - ", " tot ", "/", "-"):
        if separator not in text or any(p.fullmatch(core) for p in (_EDTF_PART, _DMY, _MY)):
            continue
        start, _, end = text.partition(separator)
        if separator == "-" and not re.fullmatch(r"\d{3,4}[~?%]?", _qualified(start)[0]):
            continue
        first, last = _edtf_part(start), _edtf_part(end)
        if first in ("", "..") and last in ("", ".."):
            return None
        return first if first == last else f"{first}/{last}"
    return _edtf_part(text) or None


_DATE_TYPES = (
    (_DATETIME, XSD.dateTime),
    (re.compile(r"-?\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"-?\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"-?\d{4}"), XSD.gYear),
)


@register("cg:dateType", no_value=_UNKNOWN_TEXT, cannot_read="what cg:edtf cannot read")
def date_type(value: str) -> Result:
    """The datatype of a date as cg:edtf writes it (xsd:date, gYearMonth, gYear, dateTime, or edtf:EDTF).

    edtf:EDTF is for anything uncertain, approximate or a range. Use it as a datatype map.

    >>> [date_type(v).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for v in ("12/03/1923", "1890", "ca. 1890", "1950~/1955~")]
    ['date', 'gYear', 'EDTF', 'EDTF']
    >>> date_type("0001-01-01") is None
    True
    """
    normal = edtf(value)
    if not isinstance(normal, str):
        return None
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(normal):
            return datatype
    return EDTF.EDTF


@register("cg:date", no_value=_UNKNOWN_TEXT,
          cannot_read="what is not one certain day: a year, a month, an approximate date or a range "
                      "(cg:edtf reads those), a day that does not exist, or what cg:edtf cannot read")
def iso_date(value: str) -> Result:
    """A calendar date (xsd:date) for a value that names one day, in the forms cg:edtf reads.

    ``2011-07-17``, ``17/07/2011``, ``17-7-2011``, ``17 juli 2011`` all give ``2011-07-17``.

    >>> iso_date("1983-05-03"), iso_date("0001-01-01")
    ('1983-05-03', None)
    """
    found = edtf(value)
    if not isinstance(found, str):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", found):
        return found
    if _DATETIME.fullmatch(found):
        return found[:10]
    raise Unreadable(f"not one certain day (cg:edtf reads it as {found})")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Unreadable("not a time zone (such as Europe/Brussels)", parameter="timezone_name") from None


def _moment(milliseconds: str, zone: ZoneInfo, parameter: str) -> dt.datetime:
    """The moment an epoch-milliseconds value names, in a time zone."""
    try:
        return dt.datetime.fromtimestamp(int(milliseconds) / 1000, tz=zone)
    except ValueError:
        raise Unreadable("not a whole number of milliseconds", parameter=parameter) from None
    except (OverflowError, OSError):
        raise Unreadable("out of range", parameter=parameter) from None


def _whole(text: str, parameter: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise Unreadable("not a whole number of milliseconds", parameter=parameter) from None


def _on_the_clock(moment: dt.datetime, zone: ZoneInfo) -> str:
    """A local date and time as xsd:dateTime with the offset it has in that zone on that day; a
    time the clocks skip (02:30 when summer time starts) is read as the time after the change."""
    return moment.replace(tzinfo=zone).astimezone(dt.timezone.utc).astimezone(zone).isoformat()


_EPOCH_UNREADABLE = "a value that is not a whole number of milliseconds, or a time zone name that is not one"


@register("cg:epochDate", cannot_read=_EPOCH_UNREADABLE)
def epoch_date(value: str, timezone_name: str = "Europe/Brussels") -> Result:
    """The local date of an epoch-milliseconds timestamp."""
    return _moment(value, _zone(timezone_name), "value").date().isoformat()


@register("cg:epochDateTime", no_value="a negative time (the export's way of saying it is not known)",
          cannot_read=_EPOCH_UNREADABLE)
def epoch_date_time(value: str, offset: str = "0", start: str = "", timezone_name: str = "Europe/Brussels") -> Result:
    """An xsd:dateTime from an epoch-milliseconds moment plus milliseconds on the clock after it; given
    ``start``, an end time not later than its start is on the next day.

    The event database writes a day as its local midnight in epoch milliseconds and a time as
    milliseconds after it on the clock (20:15 is 72900000), so the offset is the one of that day
    (+01:00 in winter, +02:00 in summer). Given ``start`` (the start time, written the same way),
    this is an end time: one not later than its start is on the next day.

    >>> epoch_date_time("1473544800000", "69300000")
    '2016-09-11T19:15:00+02:00'
    >>> epoch_date_time("1477778400000", "75600000")       # 30/10/2016, the day summer time ends, 21:00
    '2016-10-30T21:00:00+01:00'
    >>> epoch_date_time("1477778400000", "3600000", start="75600000")   # 21:00 to 01:00
    '2016-10-31T01:00:00+01:00'
    """
    zone = _zone(timezone_name)
    moment = _moment(value, zone, "value")
    extra = _whole(offset or "0", "offset")
    if extra < 0:
        return None
    if not extra and not start:
        return moment.isoformat()
    local = moment.replace(tzinfo=None) + dt.timedelta(milliseconds=extra)
    begins = _whole(start, "start") if start else -1
    if 0 <= begins and extra <= begins:
        local += dt.timedelta(days=1)
    return _on_the_clock(local, zone)


@register("cg:localTime", cannot_read="a value that is not an ISO date and time (2021-05-17T20:15:00, with or "
                                      "without offset), or a time zone name that is not one")
def local_time(value: str, timezone_name: str = "Europe/Brussels") -> Result:
    """An xsd:dateTime at the offset its time zone has at that moment; one without offset is local.

    The same instant as written, so pages show the clock time of the place (summer and winter
    time included):

    >>> local_time("2021-05-17T08:00:00+00:00"), local_time("2021-12-17T08:00:00Z")
    ('2021-05-17T10:00:00+02:00', '2021-12-17T09:00:00+01:00')
    >>> local_time("2021-05-17T20:15:00")
    '2021-05-17T20:15:00+02:00'
    """
    zone = _zone(timezone_name)
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Unreadable("not an ISO date and time") from None
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)).isoformat()


_BRUSSELS = ZoneInfo("Europe/Brussels")
#: a time of day as exports write it: 20:15, 20:15:00, 20u15, 20h15, 20.15, 20u, 20h
_TIME_OF_DAY = re.compile(r"([01]?\d|2[0-4])(?:[:uh.]([0-5]\d)(?::([0-5]\d))?|[uh])")


def _time_of_day(text: str, parameter: str) -> dt.timedelta:
    match = _TIME_OF_DAY.fullmatch(text.strip().lower())
    if match is None:
        raise Unreadable("not a time of day (20:15, 20u15, 20h)", parameter=parameter)
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    if hours == 24 and (minutes or seconds):
        raise Unreadable("no such time of day", parameter=parameter)
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


@register("cg:dayTime", no_value=_UNKNOWN_TEXT,
          cannot_read="a day that cg:date cannot read, or a time of day in another form than 20:15, 20:15:00, "
                      "20u15, 20h15, 20.15, 20u")
def day_time(date: str, time: str, start: str = "") -> Result:
    """An xsd:dateTime on Brussels' clock from a day (as cg:date reads it) and a time of day; given
    ``start``, an end time not later than its start is on the next day.

    The offset is the one of that day (+01:00 in winter, +02:00 in summer). Given ``start`` (the
    start time, written the same way), this is an end time: one not later than its start (``van
    22:00 tot 01:00``, or ``tot 24:00``) is on the next day.

    >>> day_time("17/07/2024", "20:30"), day_time("8 december 2024", "20u")
    ('2024-07-17T20:30:00+02:00', '2024-12-08T20:00:00+01:00')
    >>> day_time("17/07/2024", "01:00", start="22:00"), day_time("17/07/2024", "24:00", start="22:00")
    ('2024-07-18T01:00:00+02:00', '2024-07-18T00:00:00+02:00')
    """
    try:
        day = iso_date(date)
    except Unreadable as exc:
        raise Unreadable(exc.reason, parameter="date") from None
    if not isinstance(day, str):
        return None
    clock = _time_of_day(time, "time")
    moment = dt.datetime.fromisoformat(day) + clock
    if start and clock <= _time_of_day(start, "start"):
        moment += dt.timedelta(days=1)
    return _on_the_clock(moment, _BRUSSELS)


@register("cg:uitTime", cannot_read="a date or time that is not a whole number of milliseconds")
def uit_time(date: str, time: str, start: str = "") -> Result:
    """An xsd:dateTime from the event database's calendar: a day and a time of day, both in epoch ms;
    given ``start``, an end time not later than its start is on the next day.

    ``date`` is local midnight of the day. ``time`` is the time of day written as a moment on
    1970-01-01 in Brussels' local time (UTC+1 then), so 20:15 is stored as 69300000 (19:15 UTC)
    and 00:00 as -3600000. Given ``start`` (the start time, written the same way), this is an end
    time: one not later than its start (``van 20:15 tot 01:00``, or ``tot 24:00``, written as
    00:00) is on the next day. The examples are the sample's calendar summaries.

    >>> uit_time("1473544800000", "69300000")      # zo 11/09/16 van 20:15
    '2016-09-11T20:15:00+02:00'
    >>> uit_time("1473544800000", "-3600000", start="69300000")   # ... tot 24:00
    '2016-09-12T00:00:00+02:00'
    >>> uit_time("1473544800000", "0", start="69300000")          # ... tot 01:00
    '2016-09-12T01:00:00+02:00'
    >>> uit_time("1481324400000", "69300000")       # za 10/12/16 van 20:15, in winter time
    '2016-12-10T20:15:00+01:00'
    """
    day = _moment(date, _BRUSSELS, "date").date()
    clock = _clock(time, "time")
    moment = dt.datetime.combine(day, clock)
    if start and clock <= _clock(start, "start"):
        moment += dt.timedelta(days=1)
    return _on_the_clock(moment, _BRUSSELS)


def _clock(milliseconds: str, parameter: str) -> dt.time:
    return _moment(milliseconds, _BRUSSELS, parameter).time()
