"""Rendering pages: one place that turns a template and its data into an HTML response.

Every page is served with a Content-Security-Policy that allows scripts and styles from this site
only, so markup that slips into the data could not run even if it escaped escaping; images may come
from elsewhere, because heritage objects are pictured on their keepers' image servers.
"""

from __future__ import annotations

import json
from functools import partial
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from .words import LANGUAGE_COOKIE, LANGUAGE_PARAMETER, PAGE_LANGUAGES, WORDS, chosen_language, page_language, \
    reading_order

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' https: http: data:; script-src 'self'; "
                                "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def script_json(value) -> str:
    """JSON that can sit inside <script> in HTML: no '<', '>' or '&' that the HTML parser would read."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


#: How long the language cookie is kept: a year.
COOKIE_AGE_S = 365 * 24 * 3600


def language_of(request: Request) -> str:
    """The language the page is shown in (:func:`~cultuurgraaf.web.words.page_language`)."""
    return page_language(request.query_params.get(LANGUAGE_PARAMETER), request.cookies.get(LANGUAGE_COOKIE),
                         request.headers.get("accept-language"))


def languages_of(request: Request) -> tuple[str, ...]:
    """The languages to pick the data's labels in: the page's, then the reader's (Accept-Language), then nl, en, fr."""
    return reading_order(language_of(request), request.headers.get("accept-language"))


def language_links(request: Request, language: str) -> list[dict]:
    """The language switch: this page in each language the pages speak (``?lang=`` with the other
    parameters kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != LANGUAGE_PARAMETER]
    return [{"code": code, "name": WORDS.text("language_name", code), "current": code == language,
             "href": f"{request.url.path}?{urlencode([*params, (LANGUAGE_PARAMETER, code)])}"}
            for code in PAGE_LANGUAGES]


def page_context(request: Request) -> dict:
    """What every page's template gets: the project, the page's language, its words and the switch."""
    state = request.app.state.cg
    language = language_of(request)
    return {"project": state.project, "request_path": request.url.path, "lang": language,
            "t": partial(WORDS.text, language=language), "languages": language_links(request, language)}


def page_headers(request: Request, headers: dict[str, str] | None = None) -> dict[str, str]:
    """The headers of every page: the security headers, and ``Cookie`` in Vary (the language cookie)."""
    merged = {**SECURITY_HEADERS, **(headers or {})}
    vary = [v.strip() for v in merged.get("Vary", "Accept-Language").split(",")]
    merged["Vary"] = ", ".join(dict.fromkeys([*vary, "Accept-Language", "Cookie"]))
    return merged


def remember_language(request: Request, response: Response) -> Response:
    """A page asked for with ``?lang=`` sets the cookie that keeps that language for the next pages."""
    chosen = chosen_language(request.query_params.get(LANGUAGE_PARAMETER))
    if chosen and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=COOKIE_AGE_S, path="/", samesite="lax")
    return response


def render(request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
           **context) -> Response:
    state = request.app.state.cg
    page = state.templates.get_template(template).render(**page_context(request), **context)
    response = Response(page, status_code=status, media_type="text/html; charset=utf-8",
                        headers=page_headers(request, headers))
    return remember_language(request, response)
