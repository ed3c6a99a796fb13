"""The pages' own words in Dutch, English and French, and the language a page is shown in.

The words are a plain data file, ``words.toml`` beside this module: one line a word, ``key = { nl
= "...", en = "...", fr = "..." }``. Templates call ``t("key")``, or ``t("key", name=...)`` for a
word with ``{name}`` in it.

A page's language is, in this order: ``?lang=`` in the URL (which the page then remembers in a
cookie), the cookie, the first of the browser's languages (``Accept-Language``) the pages speak,
then Dutch.

>>> WORDS.text("search_button", "fr")
'Chercher'
>>> WORDS.text("search_results_for", "en", n=3, q="theepot")
'3 results for “theepot”'
>>> page_language(None, None, "de-DE, en;q=0.8, nl;q=0.5")
'en'
>>> page_language("fr", "en", "nl")
'fr'
>>> page_language(None, "en", "nl")
'en'
>>> page_language(None, None, None)
'nl'
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import BadParameter
from ..labels import languages_from

#: The languages the pages speak, the first the default.
PAGE_LANGUAGES = ("nl", "en", "fr")
#: The query parameter that chooses the language, and the cookie that remembers it.
LANGUAGE_PARAMETER = "lang"
LANGUAGE_COOKIE = "lang"


class Words:
    """The table of words: every key with a text in each of :data:`PAGE_LANGUAGES`."""

    def __init__(self, path: Path):
        with path.open("rb") as handle:
            self.table: dict[str, dict[str, str]] = tomllib.load(handle)

    def text(self, key: str, language: str, **values) -> str:
        """The word in ``language`` (Dutch when the table lacks it), with ``{name}`` filled in."""
        texts = self.table[key]
        text = texts.get(language) or texts[PAGE_LANGUAGES[0]]
        return text.format(**values) if values else text


WORDS = Words(Path(__file__).with_name("words.toml"))


def chosen_language(parameter: str | None) -> str | None:
    """The language a ``?lang=`` asks for, or None when it is not given; a 400 for one the pages do not speak."""
    if parameter is None or parameter == "":
        return None
    language = parameter.strip().lower()
    if language not in PAGE_LANGUAGES:
        raise BadParameter(f"lang must be one of {', '.join(PAGE_LANGUAGES)}, not {parameter[:20]!r}",
                           hint="the pages are in Dutch (nl), English (en) and French (fr)")
    return language


def page_language(parameter: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language to show a page in: ``?lang=``, then the cookie, then the browser's languages, then Dutch."""
    chosen = chosen_language(parameter)
    if chosen:
        return chosen
    if cookie in PAGE_LANGUAGES:
        return cookie
    return next((tag for tag in languages_from(accept_language) if tag in PAGE_LANGUAGES), PAGE_LANGUAGES[0])


def reading_order(language: str, accept_language: str | None) -> tuple[str, ...]:
    """The languages to pick the data's labels in: the page's first, then the browser's, then nl, en, fr.

    >>> reading_order("fr", "de, en;q=0.5")
    ('fr', 'de', 'en', 'nl')
    """
    return tuple(dict.fromkeys((language, *languages_from(accept_language))))
