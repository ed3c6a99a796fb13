"""Splitting cells that list people (or organisations) by name, keeping "Surname, Given name" whole.

Exports list makers and performers in one cell in many ways: ``Claus, Hugo; Mortier, Erwin``,
``Rubens | Van Dyck``, ``Jan Fabre / Wim Vandekeybus``, a name on each line. A semicolon, a
vertical bar, a line break and a slash between spaces always separate names (``AC/DC`` and
``1950/1955`` have no spaces around the slash). A comma is the hard case: it is also the comma
of "Surname, Given name". :func:`split_names` reads a cell with only commas by the comma rule
(:func:`_comma_names`), and says so whenever the reading is a guess.

>>> split_names("Claus, Hugo; Mortier, Erwin")
['Claus, Hugo', 'Mortier, Erwin']
>>> split_names("Rubens | Van Dyck")
['Rubens', 'Van Dyck']
>>> split_names("Van den Bossche, Jan")
['Van den Bossche, Jan']
>>> split_names("Claus, Hugo, Mortier, Erwin").how
'4 parts between commas, each second one a given name: read as 2 names "Surname, Given name"'
"""

from __future__ import annotations

import re

from .registry import Guessed, Result, Unreadable, register

#: what separates names wherever it stands in a cell (a slash only with white space around it)
_LIST = re.compile(r"\s*(?:[;|\n\r]|\s/\s)\s*")
#: the words that begin a surname (Dutch, French, German, Italian, Spanish particles), in lower case
PARTICLES = frozenset("""van von vom de den der des di da das do dos du del della dello dal la le les lo l' d' 't
                         ten ter te op in het zu vanden vander vande""".split())
_UNKNOWN = {"onbekend", "unknown", "inconnu", "?", "-", "n/a", "none"}
_LETTER = re.compile(r"[^\W\d_]")


def _given_name(part: str) -> bool:
    """Whether a part can be the given name(s) of "Surname, Given name": capitalised, not
    beginning with a particle, at most three words.

    >>> [_given_name(p) for p in ("Hugo", "Jan-Baptist", "J.", "Peter Paul", "Van Dyck", "de Oude", "1577")]
    [True, True, True, True, False, False, False]
    """
    words = part.split()
    if not words or len(words) > 3:
        return False
    first = words[0]
    return first[0].isupper() and first.lower() not in PARTICLES and not first.lower().startswith(("d'", "l'"))


def _comma_names(parts: list[str]) -> tuple[list[str], str]:
    """The names in the parts of a cell with only commas between them, and how it guessed (empty
    where the reading is not a guess), by the comma rule:

    - one comma: one name, "Surname, Given name" (Claus, Hugo), unless the part after the comma
      is not a given name (Rubens, Van Dyck): then two names, a guess;
    - an even number of parts, each second part a given name: pairs "Surname, Given name", a
      guess when there are two pairs or more (Claus, Hugo, Mortier, Erwin);
    - any other: one name for each part, a guess (Rubens, Van Dyck, Jordaens).
    """
    if len(parts) == 1:
        return parts, ""
    if len(parts) % 2 == 0 and all(_given_name(p) for p in parts[1::2]):
        pairs = [f"{surname}, {given}" for surname, given in zip(parts[::2], parts[1::2])]
        if len(pairs) == 1:
            return pairs, ""
        return pairs, (f"{len(parts)} parts between commas, each second one a given name: "
                       f'read as {len(pairs)} names "Surname, Given name"')
    if len(parts) == 2:
        return parts, "one comma, but the part after it is not a given name: read as 2 names"
    return parts, f"{len(parts)} parts between commas, not in pairs of surname and given name: read as {len(parts)} names"


@register("cg:splitNames", no_value="a cell that only says the names are unknown (onbekend, unknown, ?, -)",
          guesses="where a cell has only commas, which of them are between names: one comma is one name "
                  "'Surname, Given name' unless the part after it is not a given name (Rubens, Van Dyck: two); "
                  "more parts are pairs where each second is a given name (Claus, Hugo, Mortier, Erwin), "
                  "else one name each",
          cannot_read="a part without letters (1890, ???) or, between other separators, a part with more than "
                      "one comma (the parts that are names still give them)")
def split_names(value: str, separator: str = "") -> Result:
    """The names in a cell that lists several, each kept whole: ``Claus, Hugo; Mortier, Erwin``
    gives two names. Without a separator, ``;``, ``|``, a line break and `` / `` separate names;
    ``separator`` names the one the export uses instead (``,`` for a cell of names with only
    commas between them, read by the comma rule).

    A cell with only commas is read by the comma rule (see ``cultuurgraaf mapping functions``
    and docs/mapping.md): ``Claus, Hugo`` is one name; ``Claus, Hugo, Mortier, Erwin`` two, a
    guess the run counts and lists.

    >>> split_names("Brueghel, Pieter | Brueghel, Jan", separator="|")
    ['Brueghel, Pieter', 'Brueghel, Jan']
    >>> split_names("de Coster, Charles, Rubens, Peter Paul", separator=",").result
    ['de Coster, Charles', 'Rubens, Peter Paul']
    """
    text = value.strip()
    if text.lower() in _UNKNOWN:
        return None
    if separator == ",":
        names, how = _comma_names(_parts(text.split(",")))
    else:
        pieces = _LIST.split(text) if not separator else text.split(separator)
        names, how = _parts(pieces), ""
        if len(names) == 1 and "," in names[0]:
            names, how = _comma_names(_parts(names[0].split(",")))
    unread = [n for n in names if not _LETTER.search(n) or n.count(",") > 1]
    kept = [n for n in names if n not in unread and n.lower() not in _UNKNOWN]
    if unread:
        reason = "; ".join(f"{n!r}: " + ("no letters" if not _LETTER.search(n) else "more than one comma")
                           for n in unread)
        raise Unreadable(f"not a name: {reason}", kept=kept)
    return Guessed(kept, how) if how else kept


def _parts(pieces: list[str]) -> list[str]:
    """The pieces trimmed and with white space folded, empty ones left out."""
    return [" ".join(p.split()) for p in pieces if p.strip()]
