"""The validation report's own words (``report_words.toml``): in one language, or Dutch with English beside it.

A report written to disk (``cultuurgraaf validate``, a build) is read by people of either
language, so it says each word in Dutch with English beside it; a page of the server that shows a
report (the export checker's) says them in the page's language, as its other words.

>>> Say().html("more", n=3)
'nog 3 <span class="en">/ 3 more</span>'
>>> Say("fr").text("more", n=3), Say().text("severity_Warning")
('encore 3', 'waarschuwing / warning')
>>> Say("en").pick({"nl": "titel", "en": "title"}), Say("fr").pick({"nl": "titel", "en": "title"})
('title', 'titel')
"""

from __future__ import annotations

import tomllib
from html import escape
from importlib import resources

WORDS: dict[str, dict[str, str]] = tomllib.loads(
    resources.files(__package__).joinpath("report_words.toml").read_text(encoding="utf-8"))
#: the languages of the words; the first is said first when a report speaks two
LANGUAGES = ("nl", "en", "fr")


def both(nl: str, en: str) -> str:
    """Dutch with English beside it, as HTML."""
    return escape(nl) + (f' <span class="en">/ {escape(en)}</span>' if en and en != nl else "")


class Say:
    """The words in ``language``, or (None) in Dutch with English beside them."""

    def __init__(self, language: str | None = None):
        self.language = language

    def _texts(self, key: str, capital: bool, values: dict) -> tuple[str, str]:
        texts = WORDS[key]

        def one(language: str) -> str:
            text = texts.get(language) or texts["nl"]
            text = text.format(**values) if values else text  # without values: the template, for the script
            return text[:1].upper() + text[1:] if capital else text

        return (one(self.language), "") if self.language else (one("nl"), one("en"))

    def text(self, key: str, *, capital: bool = False, **values) -> str:
        """Plain text: ``nl / en``, or the one language."""
        nl, en = self._texts(key, capital, values)
        return f"{nl} / {en}" if en and en != nl else nl

    def html(self, key: str, *, capital: bool = False, **values) -> str:
        """HTML, escaped: the English beside the Dutch marked ``class="en"``."""
        return both(*self._texts(key, capital, values))

    def pick(self, texts: dict[str, str]) -> str:
        """A text from the data (a shape's name) in the language, else Dutch, English or without a language."""
        return next((texts[k] for k in (self.language, "nl", "en", "") if k in texts and texts[k]), "")
