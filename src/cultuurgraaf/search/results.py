"""What lists and search answer: one page of hits with the counts that narrow it, and the words matched.

>>> match_expression("Théière  zilver")
'"Théière" AND "zilver"*'
>>> match_expression("Théière  zilver", prefix=False)
'"Théière" AND "zilver"'
>>> match_expression("a"), match_expression("<script>")
('"a"', '"script"*')
>>> match_expression("  ") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import NotFound
from .things import sort_key

@dataclass
class Hit:
    iri: str
    kind: str | None
    label: str
    label_language: str | None
    href: str | None
    excerpt: str | None = None
    excerpt_language: str | None = None
    #: its picture (an IRI from the data), and when it starts (UTC, ISO 8601), where it has them
    image: str | None = None
    start: str | None = None
    #: in a list by date: whether it is still to come (None in other lists)
    upcoming: bool | None = None
    #: the thing's other names (skos:altLabel) that hold a word searched for, as [language, name]
    also_known_as: list[list[str]] = field(default_factory=list)
    #: the label, the excerpt and each other name cut into [text, matched] pieces, matched words marked
    label_marked: list[list] = field(default_factory=list)
    excerpt_marked: list[list] = field(default_factory=list)
    also_marked: list[list[list]] = field(default_factory=list)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetCounts:
    name: str
    label: str
    values: list[FacetValue]
    more: int = 0


@dataclass
class Results:
    """One page of a list or of search results, with the counts that narrow it further."""

    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: list[FacetCounts] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    facets_skipped: bool = False  # too many hits to count facet values over
    by_date: bool = False  # listed by date (what is to come, soonest first; then the past, latest first)

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` results take (one, when there are none)."""
    return max(1, -(-total // per_page))


def page_within(page: int, total: int, per_page: int) -> int:
    """``page`` when the results reach it; otherwise NotFound, naming the last page.

    >>> page_within(8, 150, 20)
    8
    >>> page_within(9, 150, 20)
    Traceback (most recent call last):
    ...
    cultuurgraaf.errors.NotFound: there is no page 9: there are 8 pages (150 results, 20 a page)
      hint: the last page is pagina=8
    """
    pages = page_count(total, per_page)
    if page > pages:
        shown = str(page) if page < 10 ** 20 else f"{str(page)[:20]}..."
        raise NotFound(f"there is no page {shown}: there {'is 1 page' if pages == 1 else f'are {pages} pages'} "
                       f"({total} results, {per_page} a page)", hint=f"the last page is pagina={pages}")
    return page


def marked(text: str, typed: str) -> list[list]:
    """``text`` cut into [piece, matched] pieces: the words that search matched to what was typed are
    marked, case and accents ignored, the last typed word also as the start of a word (as search reads it).

    >>> marked("Design Museum Gent", "museum gen")
    [['Design ', False], ['Museum', True], [' ', False], ['Gent', True]]
    >>> marked("Анри ван де Велде", "велде")
    [['Анри ван де ', False], ['Велде', True]]
    """
    words = [sort_key(w) for w in re.findall(r"\w+", typed)]
    if not words:
        return [[text, False]] if text else []
    last = words[-1] if len(words[-1]) >= 3 else None
    pieces: list[list] = []
    position = 0
    for match in re.finditer(r"\w+", text):
        word = sort_key(match.group())
        if word in words or (last is not None and word.startswith(last)):
            if match.start() > position:
                pieces.append([text[position:match.start()], False])
            pieces.append([match.group(), True])
            position = match.end()
    if position < len(text):
        pieces.append([text[position:], False])
    return pieces


def match_expression(text: str, *, prefix: bool = True, any_word: bool = False) -> str | None:
    """An FTS5 query for what a person typed: every word must occur (with ``any_word``, one of them);
    with ``prefix``, the last word (of three letters or more) may be the start of a word. Search asks
    for whole words first, and for the prefix only when whole words find less than PREFIX_BELOW
    things: prefix queries cost more, and are what someone still typing needs.

    Words are quoted, so nothing a person types is read as FTS5 syntax.

    >>> match_expression("Henri Velde", prefix=False, any_word=True)
    '"Henri" OR "Velde"'
    """
    words = re.findall(r"\w+", text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if prefix and len(words[-1]) >= 3:
        quoted[-1] += "*"
    return (" OR " if any_word else " AND ").join(quoted)
