"""Functions on text, names, numbers and web addresses: trim, case, replace, split, slugs, ...

Each declares, when it registers, what it does with values that are missing, unknown or that it
cannot read; the rule for all of them is ``registry.RULE``.

>>> split("zilver; ebbenhout", separator=";")
['zilver', 'ebbenhout']
>>> strip_html("<p>Een&nbsp;<b>zilveren</b> theepot</p>")
'Een zilveren theepot'
>>> strip_html('zie http://x.be/<p class="bron">Bron: UiT</p>')
'zie http://x.be/ Bron: UiT'
>>> wikidata_entity("https://www.wikidata.org/wiki/Q1809071")
'http://www.wikidata.org/entity/Q1809071'
"""

from __future__ import annotations

import html
import re
import unicodedata

from .registry import Result, Unreadable, register


@register("cg:trim", "grel:string_trim")
def trim(value: str) -> Result:
    """The value without white space at either end."""
    return value.strip()


@register("cg:lower", "grel:toLowerCase")
def lower(value: str) -> Result:
    """The value in lower case."""
    return value.lower()


@register("cg:upper", "grel:toUpperCase")
def upper(value: str) -> Result:
    """The value in upper case."""
    return value.upper()


@register("cg:replace", "grel:string_replace", cannot_read="a pattern that is not a regular expression")
def replace(value: str, pattern: str, replacement: str = "") -> Result:
    """Every match of a regular expression replaced (``\\1`` for groups): ``replace(v, "^inv\\. ?", "")``."""
    try:
        return re.sub(pattern, replacement, value)
    except re.error as exc:
        raise Unreadable(f"not a valid regular expression: {exc}", parameter="pattern") from exc


@register("cg:split", "grel:string_split")
def split(value: str, separator: str = ";", prefix: str = "") -> Result:
    """The parts of a list cell, trimmed, each with an optional prefix (to mint IRIs)."""
    return [prefix + part.strip() for part in value.split(separator) if part.strip()]


@register("cg:nth", no_value="a cell with fewer parts than the index",
          cannot_read="an index that is not a whole number from 1")
def nth(value: str, index: str, separator: str = ";", prefix: str = "") -> Result:
    """The index-th part (from 1) of a list cell, to pair parallel lists such as ids and names.

    >>> nth("300011029;300011914", "2", prefix="aat:")
    'aat:300011914'
    """
    if not index.strip().isdigit() or int(index) < 1:
        raise Unreadable("not a whole number from 1", parameter="index")
    parts = split(value, separator) or []
    position = int(index)
    return prefix + parts[position - 1] if position <= len(parts) else None


_LICENCES = {
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "public domain": "https://creativecommons.org/publicdomain/mark/1.0/",
    "publiek domein": "https://creativecommons.org/publicdomain/mark/1.0/",
}


@register("cg:licence", cannot_read="a licence it does not know by name (Creative Commons, CC0, public domain) "
                                    "that is not an http(s) IRI either")
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
    raise Unreadable("not a licence it knows")


@register("cg:concat", "grel:string_concat", may_be_missing=("value", "value2"),
          when_missing="when a separator is given; without one, both are needed")
def concat(value: str = "", value2: str = "", separator: str = "") -> Result:
    """Two values joined. With a separator, it goes between them when both are there, and the one
    that is there is kept when the other is missing; without one, both are needed, so that an IRI
    is never minted from its prefix alone.

    >>> concat("1897", "1900", "/"), concat("1897", "", "/"), concat(value2="1900", separator="/")
    ('1897/1900', '1897', '1900')
    >>> concat("id/concept/lido-classification-", "") is None
    True
    """
    if not separator and not (value and value2):
        return None
    return separator.join(v for v in (value, value2) if v)


@register("cg:nullIf", no_value="the placeholders it is given (by default None, NA, N/A, null, - and 0)")
def null_if(value: str, placeholders: str = "None|NA|N/A|null|-|0") -> Result:
    """No value where the source writes a placeholder such as ``None`` or ``NA``."""
    return None if value.strip() in placeholders.split("|") else value


_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<\s*/?\s*(br|p|div|li|h\d)\b[^>]*>", re.IGNORECASE)


@register("cg:stripHtml", no_value="markup without text")
def strip_html(value: str) -> Result:
    """Text of an HTML fragment: tags dropped, entities decoded, white space folded."""
    text = _BLOCK.sub(" ", value)
    text = re.sub(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@register("cg:coded", may_be_missing=("code", "name"), when_missing="one of them is enough",
          cannot_read="a name without letters or digits (when there is no code)")
def coded(code: str = "", name: str = "", prefix: str = "", local: str = "") -> Result:
    """A concept's IRI: the thesaurus IRI where the source codes it, else a local one from its name,
    so that a material or type the source names but does not code is kept, not lost.

    >>> coded("300011029", "zilver", "http://vocab.getty.edu/aat/", "id/concept/materiaal-")
    'http://vocab.getty.edu/aat/300011029'
    >>> coded("", "Ebbenhout", "http://vocab.getty.edu/aat/", "id/concept/materiaal-")
    'id/concept/materiaal-ebbenhout'
    """
    if code.strip():
        return prefix + code.strip()
    try:
        return local + slug(name)
    except Unreadable as exc:
        raise Unreadable(exc.reason, parameter="name") from None


@register("cg:slug", cannot_read="a value without letters or digits (—, ???)")
def slug(value: str) -> str:
    """A lower-case ASCII slug for IRIs: ``Musée du Design`` -> ``musee-du-design``."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not text:
        raise Unreadable("no letters or digits to make a slug of")
    return text


_QID = re.compile(r"(?:wikidata\.org/(?:[^\s?#]*/)?|^)(Q[1-9]\d*)\b")


@register("cg:wikidataEntity", cannot_read="a value without a Wikidata id (Q42) in it")
def wikidata_entity(value: str) -> Result:
    """The entity IRI for a QID or any Wikidata page URL."""
    match = _QID.search(value.strip())
    if match is None:
        raise Unreadable("no Wikidata id (Q...) in it")
    return f"http://www.wikidata.org/entity/{match.group(1)}"


@register("cg:decimal", cannot_read="a value that is not a number (twee, 21,5 cm)")
def decimal(value: str) -> Result:
    """A decimal in xsd form: ``21,5`` -> ``21.5``."""
    text = value.strip().replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise Unreadable("not a number")
    return text


@register("cg:wktPoint", cannot_read="a longitude or latitude that is not a number, or out of range")
def wkt_point(lon: str, lat: str) -> Result:
    """A WKT point from longitude and latitude: ``POINT(3.72 51.05)``."""
    point = []
    for name, text, limit in (("lon", lon, 180), ("lat", lat, 90)):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise Unreadable("not a number", parameter=name) from None
        if not -limit <= number <= limit:
            raise Unreadable(f"out of range (-{limit} to {limit})", parameter=name)
        point.append(number)
    return f"POINT({point[0]:g} {point[1]:g})"


@register("cg:language", cannot_read="a value that is not a language tag or code (x, Nederlands)")
def language(value: str) -> Result:
    """A BCP 47 language tag for one as exports write it: ISO 639-2 codes and case made standard
    (``deu`` -> ``de``, ``nl-NL`` stays).

    >>> language("deu"), language("ger"), language("DUT"), language("nl-NL")
    ('de', 'de', 'nl', 'nl-NL')
    """
    import langcodes

    try:
        return langcodes.standardize_tag(value.strip())
    except ValueError:
        raise Unreadable("not a language tag") from None


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


#: between addresses: white space, ", ", or a semicolon before white space or another address (a
#: semicolon inside an address, as in ``;jsessionid=``, is part of it)
_URL_SPLIT = re.compile(r";?\s+|,\s+|;(?=https?://|www\.)")
_NO_URL = ("none", "na", "n/a", "-", "0")


@register("cg:urls", no_value="the placeholders none, na, n/a, - and 0",
          cannot_read="a part that is not a web address (the parts that are still give their IRIs)")
def urls(value: str) -> Result:
    """The web addresses in a cell, made absolute: ``www.x.be; http://y.be`` -> two http(s) IRIs.

    >>> urls("www.pianofabriek.be")
    ['http://www.pianofabriek.be']
    >>> urls("http://www.artesis.be; http://www.conservatorium.be")
    ['http://www.artesis.be', 'http://www.conservatorium.be']
    >>> urls("http://x.hu/portal;jsessionid=AEF0;www.y.be")
    ['http://x.hu/portal;jsessionid=AEF0', 'http://www.y.be']
    >>> urls("None")
    []
    """
    out, unread = [], []
    for part in _URL_SPLIT.split(value.strip()):
        part = part.strip().rstrip(".,;")
        if not part or part.lower() in _NO_URL:
            continue
        if not re.match(r"^https?://", part, re.IGNORECASE):
            if not re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", part):
                unread.append(part)
                continue
            part = "http://" + part
        out.append(part)
    if unread:
        raise Unreadable(f"not a web address: {', '.join(unread)}", kept=out)
    return out
