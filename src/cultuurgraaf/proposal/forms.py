"""What one value looks like: the forms a profile counts (dates, times, identifiers, URLs, numbers).

Each value gets one form, the first that fits in the order of :data:`FORMS`; a profile counts
them per column or path and says what it saw in the proposal's comments.

>>> [form_of(v) for v in ("17/07/2011", "17-7-2011", "17 juli 2011", "ca. 1890", "1950~/1955~")]
['dd/mm/yyyy', 'dd/mm/yyyy', 'd month yyyy', 'circa year', 'edtf']
>>> [form_of(v) for v in ("2016-09-11T20:15:00+02:00", "2016-09-11", "20:15", "1473544800000")]
['iso datetime', 'iso date', 'time', 'epoch ms']
>>> [form_of(v) for v in ("Q1809071", "http://viaf.org/viaf/95216565", "BE-GNT01", "0207.451.227")]
['wikidata', 'viaf', 'isil', 'kbo']
>>> [form_of(v) for v in ("300043022", "https://d-nb.info/gnd/118540238", "www.smak.be", "info@smak.be")]
['aat', 'gnd', 'web address', 'email']
>>> [form_of(v) for v in ("51.0566, 3.7214", "POINT(3.72 51.05)", "21,5", "12", "<p>Een pot</p>", "Theepot")]
['coordinates', 'wkt point', 'decimal', 'integer', 'html', 'text']
>>> [form_of(v) for v in ("None", "0001-01-01", "0", "n/a")]
['placeholder', 'placeholder', 'zero', 'placeholder']
"""

from __future__ import annotations

import re

MONTHS = {
    **dict.fromkeys(("januari", "jan", "january", "janvier", "janv"), 1),
    **dict.fromkeys(("februari", "feb", "febr", "february", "février", "fevrier", "févr"), 2),
    **dict.fromkeys(("maart", "mrt", "march", "mar", "mars"), 3),
    **dict.fromkeys(("april", "apr", "avril", "avr"), 4),
    **dict.fromkeys(("mei", "may", "mai"), 5),
    **dict.fromkeys(("juni", "jun", "june", "juin"), 6),
    **dict.fromkeys(("juli", "jul", "july", "juillet", "juil"), 7),
    **dict.fromkeys(("augustus", "aug", "august", "août", "aout"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septembre"), 9),
    **dict.fromkeys(("oktober", "okt", "october", "oct", "octobre"), 10),
    **dict.fromkeys(("november", "nov", "novembre"), 11),
    **dict.fromkeys(("december", "dec", "décembre", "decembre", "déc"), 12),
}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

#: Strings exports write for "no value"; a proposal declares the ones it saw as null values.
PLACEHOLDERS = frozenset({"none", "null", "nil", "n/a", "na", "-", "--", "?", "0001-01-01", "0000-00-00",
                          "onbekend", "unknown", "inconnu", "nvt", "n.v.t."})

#: (form, pattern) in the order they are tried; the first that matches the whole value wins.
FORMS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
    ("zero", r"0"),
    ("epoch ms", r"-?1\d{12}"),
    ("wikidata", r"Q[1-9]\d*|https?://(www\.)?wikidata\.org/(wiki|entity)/Q[1-9]\d*"),
    ("viaf", r"https?://(www\.)?viaf\.org/viaf/\d+/?"),
    ("rkd", r"https?://(www\.)?rkd\.nl/(explore/artists|en/explore/artists|nl/explore/artists|collecties/artists)/\d+/?"),
    ("gnd", r"https?://d-nb\.info/gnd/[0-9X-]+/?"),
    ("aat", r"300\d{6}|https?://vocab\.getty\.edu/(page/)?aat/300\d{6}"),
    ("kbo", r"(BE)?\s?[01]\d{3}[.\s]?\d{3}[.\s]?\d{3}"),
    ("isil", r"[A-Z]{2}-[A-Za-z][A-Za-z0-9:/-]*[0-9][A-Za-z0-9:/-]*"),
    ("iso datetime", r"-?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"),
    ("iso date", r"\d{4}-\d{2}-\d{2}"),
    ("year-month", r"\d{4}-(0[1-9]|1[0-2])"),
    ("dd/mm/yyyy", r"\d{1,2}([/.-])\d{1,2}\1\d{4}"),
    ("d month yyyy", rf"\d{{1,2}}\.?\s+({_MONTH})\.?\s+\d{{4}}"),
    ("year", r"1\d{3}|20\d{2}"),
    ("circa year", r"(ca\.?|c\.|circa|rond|omstreeks|ong\.?)\s*\d{3,4}"),
    ("edtf", r"(\d{4}|\d{2}XX)(-\d{2}){0,2}[~?%]?(/(\d{4}(-\d{2}){0,2}[~?%]?|\.\.)?)|\.{0,2}/\d{4}[~?%]?|\d{4}[~?%]"),
    ("year range", r"\d{4}\s*(-|–|tot)\s*\d{4}"),
    ("time", r"([01]?\d|2[0-4])[:uh][0-5]\d(:[0-5]\d)?|([01]?\d|2[0-4])u"),
    ("coordinates", r"-?\d{1,3}\.\d{3,}\s*[,;]\s*-?\d{1,3}\.\d{3,}"),
    ("wkt point", r"POINT\s*\(\s*-?\d+(\.\d+)?\s+-?\d+(\.\d+)?\s*\)"),
    ("integer", r"[+-]?\d+"),
    ("decimal", r"[+-]?(\d+[.,]\d+|[.,]\d+)"),
    ("email", r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}"),
    ("url", r"https?://[^\s<>\"]+"),
    ("web address", r"www\.[^\s<>\"]+\.[a-z]{2,}[^\s<>\"]*"),
))
_HTML = re.compile(r"<\s*(p|br|a|b|i|em|strong|div|span|ul|li|h\d)\b[^>]*>", re.IGNORECASE)

#: How each form reads in a comment: ("DD/MM/YYYY dates", ...).
DESCRIPTIONS = {
    "zero": "the value 0", "epoch ms": "moments in epoch milliseconds", "wikidata": "Wikidata ids",
    "viaf": "VIAF IRIs", "rkd": "RKD IRIs", "gnd": "GND IRIs", "aat": "Getty AAT ids", "kbo": "KBO numbers",
    "isil": "ISIL codes", "iso datetime": "ISO date-times (2016-09-11T20:15)", "iso date": "ISO dates (YYYY-MM-DD)",
    "year-month": "year and month (YYYY-MM)", "dd/mm/yyyy": "DD/MM/YYYY dates",
    "d month yyyy": "dates with the month written out (17 juli 2011)", "year": "years", "circa year": "'ca. 1890' dates",
    "edtf": "EDTF dates (1950~/1955~)", "year range": "year ranges (1897-1900)", "time": "times of day (20:15)",
    "coordinates": "'latitude, longitude' pairs", "wkt point": "WKT points", "integer": "whole numbers",
    "decimal": "decimal numbers", "email": "e-mail addresses", "url": "web addresses (http...)",
    "web address": "web addresses without http://", "html": "HTML", "text": "text", "placeholder": "placeholders",
}

DATE_FORMS = frozenset({"iso date", "year-month", "dd/mm/yyyy", "d month yyyy", "year", "circa year", "edtf",
                        "year range"})
MOMENT_FORMS = frozenset({"iso datetime", "epoch ms"})
URL_FORMS = frozenset({"url", "web address"})
AUTHORITY_FORMS = frozenset({"wikidata", "viaf", "rkd", "gnd"})
NUMBER_FORMS = frozenset({"integer", "decimal", "zero"})


def form_of(value: str, *, dates: bool = True) -> str:
    """The form of one value (see :data:`FORMS`), ``html``, ``placeholder`` or ``text``; without
    ``dates``, for a field that holds no dates, the date forms are not tried (``1259`` is then a
    whole number, not a year).

    >>> form_of("1259"), form_of("1259", dates=False), form_of("17/07/2011", dates=False)
    ('year', 'integer', 'text')
    """
    text = value.strip()
    if text.lower() in PLACEHOLDERS:
        return "placeholder"
    for name, pattern in FORMS:
        if (dates or name not in DATE_FORMS) and pattern.fullmatch(text):
            return name
    if _HTML.search(text):
        return "html"
    return "text"


#: The MARC 21 subfields that hold dates, by tag: dates of a name (X00, X10, X11 $d), of a work
#: (X30, 240 $f), of the material (245 $f $g), of publication (260 $c $g, 264 $c, 263 $a), of
#: an event (033 $a, 045 $b $c, 046, 518 $d), of issues (362 $a), and chronological terms (648 $a,
#: 6XX $y). Every other MARC field holds something else, whatever its values look like: 028 $a is a
#: publisher's number, even one that is 1259.
MARC_DATES: dict[str, str] = {
    **dict.fromkeys(("100", "110", "111", "600", "610", "611", "700", "710", "711", "800", "810", "811"), "d"),
    **dict.fromkeys(("130", "240", "730"), "f"), "245": "fg", "260": "cg", "263": "a", "264": "c", "033": "a",
    "045": "bc", "046": "bcdefgjklmnopqrst", "518": "d", "362": "a", "648": "ay",
    **dict.fromkeys(("630", "650", "651", "655"), "y"),
}
_MARC_SUBFIELD = re.compile(r"(?:\w+:)?datafield\[@tag='(\d{3})'\]/(?:\w+:)?subfield\[@code='(\w)'\]")


def marc_dates(reference: str) -> bool:
    """Whether a field of a MARCXML record may hold dates (see :data:`MARC_DATES`): a subfield
    the standard gives dates; no control field, indicator or other subfield.

    >>> [marc_dates(r) for r in ("marc:datafield[@tag='260']/marc:subfield[@code='c']",
    ...                          "marc:datafield[@tag='028']/marc:subfield[@code='a']",
    ...                          "marc:controlfield[@tag='005']", "marc:datafield[@tag='260']/@ind1")]
    [True, False, False, False]
    """
    match = _MARC_SUBFIELD.fullmatch(reference)
    return match is not None and match.group(2) in MARC_DATES.get(match.group(1), "")


def day_month_order(value: str) -> str | None:
    """For a DD/MM/YYYY-like value, which order its numbers prove: ``dm``, ``md`` or None when both fit.

    >>> day_month_order("17/07/2011"), day_month_order("07/17/2011"), day_month_order("03/04/2011")
    ('dm', 'md', None)
    """
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}", value.strip())
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second:
        return "dm"
    if second > 12 >= first:
        return "md"
    return None


def describe(form: str) -> str:
    return DESCRIPTIONS.get(form, form)
