"""SERVICE (and LOAD in updates): the calls a query or an update would make to other hosts.

Oxigraph makes real HTTP requests for them, so the endpoint refuses every one whose endpoint is not
on its allow-list. Two ways to find them:

- :func:`remote_calls` reads a text's tokens, in time linear in its length: what the web server
  can afford for every request. It says so where the tokens could be misread (see there);
- :func:`check_services` reads the text whole with rdflib's SPARQL parser, which takes time that
  grows with the square of the number of patterns; the endpoint calls it only in its workers, for
  what the tokens left open, where the time and memory it takes count against the query's limits.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from ..errors import QueryError, ServiceRefused
from .tokens import Token, tokens, unescape_codepoints


def check_services(text: str, *, allowlist: tuple[str, ...], base_iri: str | None, update: bool = False) -> None:
    """Find every SERVICE (and LOAD in updates) with a real SPARQL parser, and refuse those not on
    the allow-list. Slow (rdflib's parser takes time that grows with the square of the number of
    patterns), so the endpoint calls it only in its workers, for what :func:`screen_query` left open."""
    _check_endpoints(_remote_endpoints(text, update=update, base_iri=base_iri), allowlist)


def screen_calls(text: str, keywords: tuple[str, ...], *, allowlist: tuple[str, ...], base_iri: str | None) -> bool:
    """Refuse every SERVICE (or LOAD) the tokens show to an endpoint not on the allow-list; whether
    the tokens decided it all (False: :func:`check_services` must read the text whole)."""
    unescaped = unescape_codepoints(text)
    if not any(re.search(k, unescaped, re.IGNORECASE) for k in keywords):
        return True
    calls = remote_calls(unescaped, keywords, base_iri=base_iri)
    if calls is None:
        return False
    _check_endpoints([(operation, endpoint) for operation, endpoint, _ in calls], allowlist)
    # an allowed endpoint that was resolved against a base here: the store's own resolution decides
    return all(written_absolute for _, _, written_absolute in calls)


#: Tokens after which ``<`` may be the operator "less than" rather than the start of an IRI.
_OPERAND_ENDS = {"var", "number", "string", "langtag", "iri", "pname", "word"}
_ABSOLUTE = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:")


def remote_calls(text: str, keywords: tuple[str, ...] = ("SERVICE",), *,
                 base_iri: str | None = None) -> list[tuple[str, str | None, bool]] | None:
    """Every SERVICE (or other keyword of ``keywords``) in a query's tokens, as (keyword, endpoint IRI
    or None for a variable, whether the IRI was written absolute); None when the tokens cannot tell
    for certain, and only a full parse can.

    The tokens are certain unless the text holds one of these: a word or a prefix that contains a
    keyword without being it (``SERVICESILENT``, ``SERVICE:x``), an endpoint that is not an IRI, a
    declared prefixed name or a variable, or, inside parentheses after an operand, an IRI that
    could be ``<`` (less than) followed by code: one that holds a keyword, ``)``, ``'`` or ``#``.

    >>> remote_calls("PREFIX e: <http://h/> SELECT * { SERVICE SILENT e:q { ?s ?p ?o } SERVICE ?x {} }")
    [('SERVICE', 'http://h/q', True), ('SERVICE', None, True)]
    >>> remote_calls("SELECT * { ?s <http://schema.org/serviceType> ?o } # SERVICE <x>")
    []
    >>> remote_calls("SELECT * { FILTER(?a<?b)SERVICE:x#>\\n {} }") is None
    True
    """
    found: list[tuple[str, str | None, bool]] = []
    prefixes: dict[str, tuple[str, bool]] = {}
    base = base_iri or ""
    depth = 0
    previous: Token | None = None
    pending: str | None = None  # a keyword waiting for its endpoint
    declaring: list[Token] = []  # a PREFIX or BASE declaration being read
    for token in tokens(text):
        upper = token.text.upper()
        if declaring:
            declaring.append(token)
            if declaring[0].text.upper() == "BASE" and token.kind == "iri":
                base, declaring = urljoin(base, token.text[1:-1]), []
            elif len(declaring) == 3:
                _, name, iri = declaring
                if name.kind == "pname" and iri.kind == "iri" and "\\" not in iri.text:
                    prefixes[name.text] = (urljoin(base, iri.text[1:-1]), bool(_ABSOLUTE.match(iri.text)))
                declaring = []
            elif len(declaring) > 3 or token.kind not in ("pname", "iri"):
                return None
        elif pending is not None:
            if token.kind == "word" and upper == "SILENT" and previous is not None and previous.text.upper() == pending:
                previous = token
                continue
            endpoint = _endpoint(token, prefixes, base)
            if endpoint is None:
                return None
            found.append((pending, *endpoint))
            pending = None
        elif token.kind == "word" and upper in keywords:
            pending = upper
        elif token.kind == "word" and upper in ("PREFIX", "BASE"):
            declaring = [token]
        elif token.kind == "word" and any(k in upper for k in keywords):
            return None
        elif token.kind == "pname" and any(k in upper.partition(":")[0] for k in keywords):
            return None
        elif token.kind == "iri" and depth > 0 and previous is not None and (
                previous.kind in _OPERAND_ENDS or previous.text in (")", "]")) and (
                any(c in token.text for c in ")'#") or any(k in upper for k in keywords)):
            return None
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        previous = token
    return None if pending is not None or declaring else found


def _endpoint(token: Token, prefixes: dict[str, tuple[str, bool]], base: str) -> tuple[str | None, bool] | None:
    """An endpoint token as (IRI or None for a variable, written absolute), or None when it is not plain."""
    if token.kind == "var":
        return None, True
    if "\\" in token.text:
        return None
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1]), bool(_ABSOLUTE.match(token.text))
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix + ":" in prefixes:
            iri, absolute = prefixes[prefix + ":"]
            return iri + local, absolute
    return None


def _remote_endpoints(text: str, *, update: bool, base_iri: str | None) -> list[tuple[str, str | None]]:
    """(operation, endpoint IRI or None for a variable) for every SERVICE, and for LOAD in updates.

    rdflib's parser applies the ``\\u`` escapes first, as the SPARQL grammar says.

    A real SPARQL parser finds them, not a pattern: ``FILTER(?a<?b)SERVICE:x#>`` holds a SERVICE
    that a longest-match tokenizer reads as an IRI, while the store's parser does not.
    """
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        if update:
            tree = translateUpdate(parseUpdate(text), base=base_iri).algebra
        else:
            tree = translateQuery(parseQuery(text), base=base_iri).algebra
    except Exception as exc:  # pyparsing and rdflib raise many kinds; all mean "could not read it"
        raise QueryError(f"the text names SERVICE or LOAD, which this endpoint checks before running anything, "
                         f"and it could not be read: {exc}") from exc
    found: list[tuple[str, str | None]] = []
    seen: set[int] = set()

    def walk(node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(("SERVICE", _absolute(node.get("term"), base_iri)))
            elif node.name == "Load":
                found.append(("LOAD", _absolute(node.get("iri"), base_iri)))
            for value in node.values():
                walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set)):
            for value in node:
                walk(value)

    walk(tree)
    return found


def _absolute(term, base_iri: str | None) -> str | None:
    from rdflib import URIRef

    if not isinstance(term, URIRef):
        return None
    return urljoin(base_iri, str(term)) if base_iri else str(term)


def _check_endpoints(found: list[tuple[str, str | None]], allowlist: tuple[str, ...]) -> None:
    allowed = ", ".join(allowlist) if allowlist else "none are configured"
    for operation, endpoint in found:
        if endpoint is None:
            raise ServiceRefused(f"{operation} with a variable endpoint is not allowed: this endpoint only sends "
                                 f"queries to the endpoints on its allow-list ({allowed})")
        if endpoint not in allowlist:
            raise ServiceRefused(f"{operation} <{endpoint}> is not allowed: this endpoint only sends queries to the "
                                 f"endpoints on its allow-list ({allowed})")


