"""Text from the sources that holds HTML, made safe to show as HTML; everything else stays text.

Collection systems and the event database write descriptions with ``<p>``, ``<br />`` and
``<a href>``. Shown as text, those tags are noise; shown as they come, they could run scripts.
The sanitiser (``nh3``, the Python binding of the Rust ``ammonia`` library) keeps an allow-list:
paragraphs, line breaks, emphasis, lists and links, and links only where :func:`~cultuurgraaf.iris.linkable`
allows them (web and e-mail addresses; never ``javascript:`` or ``data:``). Scripts and styles go
with their content; any other tag goes and its text stays.

>>> str(rich_text("Kandelaar.<br />Gemerkt.<script>alert('x')</script>"))
'Kandelaar.<br>Gemerkt.'
>>> str(rich_text('<a href="javascript:alert(1)">klik</a> <a href="https://www.smak.be">S.M.A.K.</a>'))
'<a rel="noopener noreferrer nofollow">klik</a> <a href="https://www.smak.be" rel="noopener noreferrer nofollow">S.M.A.K.</a>'
>>> str(rich_text("Kom in zilver & goud, 1 < 2"))
'Kom in zilver &amp; goud, 1 &lt; 2'
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

from ..iris import LINK_SCHEMES, linkable

#: Tags kept in text from the sources; any other tag is dropped and its text kept.
TAGS = {"p", "br", "em", "i", "strong", "b", "ul", "ol", "li", "a"}
#: Tags dropped together with what they hold.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript"}
#: A start or end tag, a comment, or a character reference: text that is meant as HTML.
LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][^>]*>|<!--|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")


def _keep_safe_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if linkable(value.strip()) else None
    return value


def rich_text(text: str) -> Markup:
    """The text as HTML to put on a page: sanitised when it holds HTML, escaped otherwise."""
    if not holds_html(text):
        return escape(text)
    return Markup(nh3.clean(text, tags=TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes={"a": {"href"}},
                            attribute_filter=_keep_safe_links, url_schemes=set(LINK_SCHEMES),
                            link_rel="noopener noreferrer nofollow").strip())


def holds_html(text: str) -> bool:
    """Whether a text from a source is meant as HTML (and so is shown through :func:`rich_text`)."""
    return bool(LOOKS_LIKE_HTML.search(text))
