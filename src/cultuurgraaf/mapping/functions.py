"""Named value transforms that mappings may call (trim, case, replace, split, dates, ...).

Functions are registered by IRI in the ``cg:`` namespace and called with their parameters by
local name. Each takes strings and returns a string, a list of strings, or None for "no value".

>>> call("cg:edtf", value="ca. 1890")
['1890~']
>>> call("cg:edtf", value="12/03/1923")
['1923-03-12']
>>> call("cg:edtf", value="0001-01-01")
[]
>>> call("cg:edtf", value=";1895 (circa) - 1939(vermoedelijk)")
['1895~/1939?']
>>> call("cg:edtf", value=";1925 () - 1925()")
['1925']
>>> call("cg:split", value="zilver; ebbenhout", separator=";")
['zilver', 'ebbenhout']
>>> call("cg:stripHtml", value="<p>Een&nbsp;<b>zilveren</b> theepot</p>")
['Een zilveren theepot']
>>> call("cg:stripHtml", value='zie http://x.be/<p class="bron">Bron: UiT</p>')
['zie http://x.be/ Bron: UiT']
>>> call("cg:wikidataEntity", value="https://www.wikidata.org/wiki/Q1809071")
['http://www.wikidata.org/entity/Q1809071']
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from ..errors import MappingError

CG = "https://data.cultuurgraaf.be/ns/cultuurgraaf#"
GREL = "http://users.ugent.be/~bjdmeest/function/grel.ttl#"

Result = str | list[str] | None
FUNCTIONS: dict[str, Callable[..., Result]] = {}
#: Short names a mapping may use instead of full IRIs.
ALIASES = {"cg": CG, "grel": GREL}


def register(*names: str):
    def decorate(fn):
        for name in names:
            FUNCTIONS[expand(name)] = fn
        return fn
    return decorate


def expand(name: str) -> str:
    prefix, sep, local = name.partition(":")
    if sep and prefix in ALIASES and not local.startswith("//"):
        return ALIASES[prefix] + local
    return name


def lookup(name: str) -> Callable[..., Result]:
    try:
        return FUNCTIONS[expand(name)]
    except KeyError:
        known = ", ".join(sorted(n.replace(CG, "cg:").replace(GREL, "grel:") for n in FUNCTIONS))
        raise MappingError(f"unknown function '{name}' (known: {known})") from None


def short_name(name: str) -> str:
    """``cg:split`` for the full IRI of a registered function.

    >>> short_name(CG + "split")
    'cg:split'
    """
    for prefix, namespace in ALIASES.items():
        if name.startswith(namespace):
            return f"{prefix}:{name[len(namespace):]}"
    return name


def signature(name: str) -> str:
    """How to call a function: ``cg:split(value, separator=';', prefix='')``."""
    import inspect

    fn = lookup(name)
    params = []
    for param in inspect.signature(fn).parameters.values():
        params.append(param.name if param.default is inspect.Parameter.empty else f"{param.name}={param.default!r}")
    return f"{short_name(expand(name))}({', '.join(params)})"


def catalogue() -> list[tuple[str, str]]:
    """Every registered function, once, as (signature, first line of its description)."""
    seen: dict[Callable, list[str]] = {}
    for name, fn in FUNCTIONS.items():
        seen.setdefault(fn, []).append(name)
    out = []
    for fn, names in seen.items():
        doc = (fn.__doc__ or "").strip().splitlines()
        also = ", ".join(short_name(n) for n in names[1:])
        line = (doc[0] if doc else "") + (f" (also {also})" if also else "")
        out.append((signature(names[0]), line))
    return sorted(out)


def call(name: str, **params: str) -> list[str]:
    """Call a function by name with keyword parameters; always a list of values back."""
    result = lookup(name)(**params)
    if result is None:
        return []
    return [result] if isinstance(result, str) else [v for v in result if v is not None]


def local_name(parameter: str) -> str:
    """The keyword a parameter IRI is passed as: ``cg:value`` and ``grel:valueParameter`` -> value."""
    name = re.split(r"[#/:]", parameter)[-1]
    return {"valueParameter": "value", "valueParameter2": "value2", "p_string_sep": "separator",
            "p_string_find": "pattern", "p_string_replace": "replacement"}.get(name, name)


@register("cg:trim", "grel:string_trim")
def trim(value: str) -> Result:
    """The value without white space at either end; no value when nothing is left."""
    return value.strip() or None


@register("cg:lower", "grel:toLowerCase")
def lower(value: str) -> Result:
    """The value in lower case."""
    return value.lower()


@register("cg:upper", "grel:toUpperCase")
def upper(value: str) -> Result:
    """The value in upper case."""
    return value.upper()


@register("cg:replace", "grel:string_replace")
def replace(value: str, pattern: str, replacement: str = "") -> Result:
    """Every match of a regular expression replaced (``\\1`` for groups): ``replace(v, "^inv\\. ?", "")``."""
    try:
        return re.sub(pattern, replacement, value)
    except re.error as exc:
        raise MappingError(f"cg:replace: '{pattern}' is not a valid regular expression: {exc}") from exc


@register("cg:split", "grel:string_split")
def split(value: str, separator: str = ";", prefix: str = "") -> Result:
    """The parts of a list cell, trimmed, each with an optional prefix (to mint IRIs)."""
    return [prefix + part.strip() for part in value.split(separator) if part.strip()]


@register("cg:nth")
def nth(value: str, index: str, separator: str = ";", prefix: str = "") -> Result:
    """The index-th part (from 1) of a list cell, to pair parallel lists such as ids and names.

    >>> nth("300011029;300011914", "2", prefix="aat:")
    'aat:300011914'
    """
    parts = split(value, separator) or []
    position = int(index)
    return prefix + parts[position - 1] if 0 < position <= len(parts) else None


_LICENCES = {
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "public domain": "https://creativecommons.org/publicdomain/mark/1.0/",
    "publiek domein": "https://creativecommons.org/publicdomain/mark/1.0/",
}


@register("cg:licence")
def licence(value: str) -> Result:
    """The IRI of a licence named the way exports write it: ``CC BY 4.0``, ``CC0``.

    >>> licence("CC BY-SA 4.0")
    'https://creativecommons.org/licenses/by-sa/4.0/'
    """
    text = " ".join(value.lower().replace("_", " ").split())
    if text.startswith(("http://", "https://")):
        return value.strip()
    if text in _LICENCES:
        return _LICENCES[text]
    match = re.fullmatch(r"cc[ -](by(?:-(?:nc|sa|nd))*)[ -]?(\d\.\d)?", text)
    if match:
        return f"https://creativecommons.org/licenses/{match.group(1)}/{match.group(2) or '4.0'}/"
    return None


@register("cg:concat", "grel:string_concat")
def concat(value: str, value2: str = "", separator: str = "") -> Result:
    """Two values joined, with an optional separator between them when both are there."""
    return separator.join(v for v in (value, value2) if v)


@register("cg:nullIf")
def null_if(value: str, placeholders: str = "None|NA|N/A|null|-|0") -> Result:
    """No value where the source writes a placeholder such as ``None`` or ``NA``."""
    return None if value.strip() in placeholders.split("|") else value


_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<\s*/?\s*(br|p|div|li|h\d)\b[^>]*>", re.IGNORECASE)


@register("cg:stripHtml")
def strip_html(value: str) -> Result:
    """Text of an HTML fragment: tags dropped, entities decoded, white space folded."""
    text = _BLOCK.sub(" ", value)
    text = re.sub(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    text = html.unescape(_TAG.sub("", text))
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return text or None


@register("cg:coded")
def coded(code: str, name: str, prefix: str, local: str) -> Result:
    """A concept's IRI: the thesaurus IRI where the source codes it, else a local one from its name,
    so that a material or type the source names but does not code is kept, not lost.

    >>> coded("300011029", "zilver", "http://vocab.getty.edu/aat/", "id/concept/materiaal-")
    'http://vocab.getty.edu/aat/300011029'
    >>> coded("", "Ebbenhout", "http://vocab.getty.edu/aat/", "id/concept/materiaal-")
    'id/concept/materiaal-ebbenhout'
    >>> coded("", "", "http://vocab.getty.edu/aat/", "id/concept/materiaal-") is None
    True
    """
    if code.strip():
        return prefix + code.strip()
    local_name = slug(name)
    return local + local_name if local_name else None


@register("cg:slug")
def slug(value: str) -> Result:
    """A lower-case ASCII slug for IRIs: ``Musée du Design`` -> ``musee-du-design``."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return text or None


_QID = re.compile(r"(?:wikidata\.org/(?:[^\s?#]*/)?|^)(Q[1-9]\d*)\b")


@register("cg:wikidataEntity")
def wikidata_entity(value: str) -> Result:
    """The entity IRI for a QID or any Wikidata page URL."""
    match = _QID.search(value.strip())
    return f"http://www.wikidata.org/entity/{match.group(1)}" if match else None


@register("cg:decimal")
def decimal(value: str) -> Result:
    """A decimal in xsd form: ``21,5`` -> ``21.5``; None when it is not a number."""
    text = value.strip().replace(" ", "").replace(",", ".")
    return text if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text) else None


_UNKNOWN = {"", "0001-01-01", "onbekend", "unknown", "inconnu", "none", "na", "n/a", "?", "()"}
_YEAR = r"\d{3,4}"
_CIRCA = re.compile(r"^(?:ca\.?|c\.|circa|rond|omstreeks|ong\.?)\s*(\d{3,4})$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_CENTURY = re.compile(r"^(\d{1,2})\s*(?:de|e|ste)\s+eeuw$", re.IGNORECASE)
_EDTF_PART = re.compile(r"^(?:\d{4}|\d{2}XX|\d{3}X)(?:-\d{2}(?:-\d{2})?)?[~?%]?$")


def _edtf_part(text: str) -> str | None:
    text = text.strip().strip(";").strip()
    circa = bool(re.search(r"\(?\b(circa|ca\.?)\)?", text, re.IGNORECASE))
    doubtful = bool(re.search(r"\(?\b(vermoedelijk|waarschijnlijk|probably)\)?", text, re.IGNORECASE))
    text = re.sub(r"\(?\b(circa|ca\.?|vermoedelijk|waarschijnlijk|probably)\)?|\(\s*\)", "", text,
                  flags=re.IGNORECASE).strip()
    if text in ("", ".."):
        return text
    if (m := _CIRCA.match(text)) is not None:
        return m.group(1).zfill(4) + "~"
    if (m := _DMY.match(text)) is not None:
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}" + ("~" if circa else "")
        return None
    if (m := _CENTURY.match(text)) is not None:
        return f"{int(m.group(1)) - 1:02d}XX"
    if re.fullmatch(r"\d{3}", text):
        text = text.zfill(4)
    if _EDTF_PART.match(text):
        if text[-1] in "~?%":
            return text
        return text + ("%" if circa and doubtful else "~" if circa else "?" if doubtful else "")
    return None


@register("cg:edtf")
def edtf(value: str) -> Result:
    """An EDTF date (``1890~``, ``1923-03-12``, ``1950~/1955~``) for the ways sources write dates.

    Unknown dates (empty, ``0001-01-01``) give no value. A date that cannot be read is kept as
    written, so that the shapes report it instead of it being lost.
    """
    text = " ".join(value.split())
    if text.lower().strip("; ") in _UNKNOWN:
        return None
    if re.fullmatch(r"-?\d{12,13}", text):
        return epoch_date(text)
    if _DMY.match(text):
        return _edtf_part(text) or text
    for separator in ("/", " - ", " tot ", "-"):
        if separator in text and not (separator == "-" and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?[~?%]?", text)):
            start, _, end = text.partition(separator)
            if separator == "-" and not re.fullmatch(r"\s*\d{4}\s*", start):
                continue
            first, last = _edtf_part(start), _edtf_part(end)
            if first is None or last is None:
                return text
            if first in ("", "..") and last in ("", ".."):
                return None
            return first if first == last else f"{first}/{last}"
    part = _edtf_part(text)
    return text if part is None else (part or None)


_DATE_TYPES = (
    (re.compile(r"-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"), "http://www.w3.org/2001/XMLSchema#dateTime"),
    (re.compile(r"-?\d{4}-\d{2}-\d{2}"), "http://www.w3.org/2001/XMLSchema#date"),
    (re.compile(r"-?\d{4}-\d{2}"), "http://www.w3.org/2001/XMLSchema#gYearMonth"),
    (re.compile(r"-?\d{4}"), "http://www.w3.org/2001/XMLSchema#gYear"),
)


@register("cg:dateType")
def date_type(value: str) -> Result:
    """The datatype of a date as cg:edtf writes it (xsd:date, gYearMonth, gYear, dateTime, or edtf:EDTF).

    edtf:EDTF is for anything uncertain, approximate or a range. Use it as a datatype map.

    >>> [date_type(v).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for v in ("12/03/1923", "1890", "ca. 1890", "1950~/1955~")]
    ['date', 'gYear', 'EDTF', 'EDTF']
    >>> date_type("0001-01-01") is None
    True
    """
    normal = edtf(value)
    if normal is None or isinstance(normal, list):
        return None
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(normal):
            return datatype
    return "http://id.loc.gov/datatypes/edtf/EDTF"


@register("cg:epochDate")
def epoch_date(value: str, timezone_name: str = "Europe/Brussels") -> Result:
    """The local date of an epoch-milliseconds timestamp."""
    try:
        moment = datetime.fromtimestamp(int(value) / 1000, tz=ZoneInfo(timezone_name))
    except (ValueError, OverflowError, OSError):
        return None
    return moment.date().isoformat()


@register("cg:epochDateTime")
def epoch_date_time(value: str, offset: str = "0", timezone_name: str = "Europe/Brussels") -> Result:
    """An xsd:dateTime from an epoch-milliseconds date plus milliseconds after local midnight.

    The event database writes a day as local midnight in epoch milliseconds and a start time as
    milliseconds after it; a negative offset means the time is not known.

    >>> epoch_date_time("1473544800000", "69300000")
    '2016-09-11T19:15:00+02:00'
    """
    try:
        day = datetime.fromtimestamp(int(value) / 1000, tz=ZoneInfo(timezone_name))
        extra = int(offset or 0)
    except (ValueError, OverflowError, OSError):
        return None
    if extra < 0:
        return None
    moment = (day.astimezone(timezone.utc) + timedelta(milliseconds=extra)).astimezone(ZoneInfo(timezone_name))
    return moment.isoformat()


@register("cg:wktPoint")
def wkt_point(lon: str, lat: str) -> Result:
    """A WKT point from longitude and latitude: ``POINT(3.72 51.05)``."""
    try:
        x, y = float(lon.replace(",", ".")), float(lat.replace(",", "."))
    except ValueError:
        return None
    return f"POINT({x:g} {y:g})"


_BRUSSELS = ZoneInfo("Europe/Brussels")


@register("cg:uitTime")
def uit_time(date: str, time: str, end: str = "false") -> Result:
    """An xsd:dateTime from the event database's calendar: a day and a time of day, both in epoch ms.

    ``date`` is local midnight of the day. ``time`` is the time of day written as a moment on
    1970-01-01 in Brussels' local time (UTC+1 then), so 20:15 is stored as 69300000 (19:15 UTC).
    A time of 00:00 (stored as -3600000) is midnight: as an end time, the end of the day. The
    examples are the sample's calendar summaries ("zo 11/09/16 van 20:15 tot 24:00").

    >>> uit_time("1473544800000", "69300000")
    '2016-09-11T20:15:00+02:00'
    >>> uit_time("1473544800000", "-3600000", end="true")
    '2016-09-12T00:00:00+02:00'
    >>> uit_time("1481324400000", "69300000")       # za 10/12/16 van 20:15, in winter time
    '2016-12-10T20:15:00+01:00'
    >>> uit_time("1476396000000", "41400000")       # vrij 14/10/16 van 12:30
    '2016-10-14T12:30:00+02:00'
    >>> uit_time("1473544800000", "") is None, uit_time("soon", "69300000") is None
    (True, True)
    """
    try:
        day = datetime.fromtimestamp(int(date) / 1000, tz=_BRUSSELS).date()
        clock = datetime.fromtimestamp(int(time) / 1000, tz=_BRUSSELS).time()
    except (ValueError, OverflowError, OSError):
        return None
    moment = datetime.combine(day, clock)
    if end.strip().lower() in ("true", "1", "yes") and clock.hour == clock.minute == clock.second == 0:
        moment += timedelta(days=1)
    return moment.replace(tzinfo=_BRUSSELS).isoformat()


@register("cg:when")
def when(value: str, test: str, equals: str) -> Result:
    """The value when ``test`` equals ``equals``, else no value: to pivot one-row-per-attribute files.

    >>> when("Flageygebouw", test="naam", equals="naam"), when("Elsene", test="stad", equals="naam")
    ('Flageygebouw', None)
    """
    return value if test.strip() == equals.strip() else None


@register("cg:lastSegment")
def last_segment(value: str, prefix: str = "") -> Result:
    """The last path segment of an IRI (the local id a source's IRI ends in), after an optional prefix.

    >>> last_segment("https://stad.gent/id/mensgemaaktobject/dmg/530029181")
    '530029181'
    >>> last_segment("http://www.wikidata.org/entity/Q1809071/", prefix="id/organisatie/coghent-")
    'id/organisatie/coghent-Q1809071'
    """
    segment = value.strip().rstrip("/").rsplit("/", 1)[-1].split("#")[-1]
    return prefix + segment if segment else None


_URL_SPLIT = re.compile(r"[;\s]+|,\s+")


@register("cg:urls")
def urls(value: str) -> Result:
    """The web addresses in a cell, made absolute: ``www.x.be; http://y.be`` -> two http(s) IRIs.

    >>> urls("www.pianofabriek.be")
    ['http://www.pianofabriek.be']
    >>> urls("http://www.artesis.be; http://www.conservatorium.be")
    ['http://www.artesis.be', 'http://www.conservatorium.be']
    >>> urls("None"), urls("geen website")
    ([], [])
    """
    out = []
    for part in _URL_SPLIT.split(value.strip()):
        part = part.strip().rstrip(".,")
        if not part or part.lower() in ("none", "na", "n/a", "-", "0"):
            continue
        if not re.match(r"^https?://", part, re.IGNORECASE):
            if not re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", part):
                continue
            part = "http://" + part
        out.append(part)
    return out


@register("cg:date")
def iso_date(value: str) -> Result:
    """A calendar date (xsd:date) when the value is one; placeholders like 0001-01-01 give none.

    >>> iso_date("1983-05-03"), iso_date("0001-01-01"), iso_date("1983-02-30"), iso_date("1983")
    ('1983-05-03', None, None, None)
    """
    text = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match is None or text.lower() in _UNKNOWN:
        return None
    try:
        datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return text


@register("cg:localTime")
def local_time(value: str, timezone_name: str = "Europe/Brussels") -> Result:
    """An xsd:dateTime at the offset its time zone has at that moment; one without offset is local.

    The same instant as written, so pages show the clock time of the place (summer and winter
    time included):

    >>> local_time("2021-05-17T08:00:00+00:00"), local_time("2021-12-17T08:00:00Z")
    ('2021-05-17T10:00:00+02:00', '2021-12-17T09:00:00+01:00')
    >>> local_time("2021-05-17T20:15:00"), local_time("17/05/2021") is None
    ('2021-05-17T20:15:00+02:00', True)
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    zone = ZoneInfo(timezone_name)
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return moment.isoformat()


@register("cg:language")
def language(value: str) -> Result:
    """A BCP 47 language tag for one as exports write it: ISO 639-2 codes and case made standard
    (``deu`` -> ``de``, ``nl-NL`` stays); no value when it is not a language tag.

    >>> language("deu"), language("ger"), language("DUT"), language("nl-NL"), language("x") is None
    ('de', 'de', 'nl', 'nl-NL', True)
    """
    import langcodes

    try:
        return langcodes.standardize_tag(value.strip())
    except ValueError:
        return None
