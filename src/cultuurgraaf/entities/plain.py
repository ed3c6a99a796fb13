"""Text as other systems want it: a description that holds HTML (the sources' descriptions often
do, and the pages show it sanitised) read as plain text, for a IIIF manifest or schema.org.

>>> plain_text("Kandelaar, omstreeks 1914.<br />Onderaan gemerkt &amp; gedateerd.")
'Kandelaar, omstreeks 1914. Onderaan gemerkt & gedateerd.'
>>> plain_text("<p>Een <b>zilveren</b> kom</p><p>uit 1889</p>")
'Een zilveren kom uit 1889'
>>> plain_text("x < y, no tags")
'x < y, no tags'
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

#: Elements whose content is not text a reader sees.
_HIDDEN = frozenset({"script", "style", "template"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self._hidden += tag in _HIDDEN
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        self._hidden -= tag in _HIDDEN and self._hidden > 0
        self.parts.append(" ")

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain_text(text: str) -> str:
    """``text`` without its markup, white space collapsed; text with no tag in it is kept as it is."""
    if "<" not in text or not re.search(r"</?[a-zA-Z][^>]*>", text):
        return " ".join(unescape(text).split())
    parser = _Text()
    parser.feed(text)
    parser.close()
    return " ".join("".join(parser.parts).split())
