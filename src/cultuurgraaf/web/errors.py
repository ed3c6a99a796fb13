"""The one place that turns errors into HTTP answers.

A :class:`~cultuurgraaf.errors.CultuurgraafError` is the user's to fix: it gets the status of the
table below (a 4xx, or a 503 for a store or a queue that is busy) and the one error shape:
plain text with the message for SPARQL clients at /sparql, an HTML page for browsers (for a form
sent to a page that has its own way of showing what went wrong, that page: the export checker's
form again, with the problem above it; ``AppState.form_pages``), JSON
(:meth:`~cultuurgraaf.errors.CultuurgraafError.to_json`) otherwise. A page or method the app does
not have answers the same way. Any other exception is ours: the framework answers 500 and logs
its traceback. The errors defined here are the ones that only HTTP has (content negotiation,
authentication); every other kind is in :mod:`cultuurgraaf.errors`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..checker.worker import RETRY_AFTER_S as CHECK_RETRY_AFTER_S
from ..errors import (BadParameter, BodyTooLarge, CheckBusy, CheckFailed, ClientBusy, CultuurgraafError, NotFound,
                      QueryBusy, QueryError, QueryFailed, QueryRefused, QueryStopped, RDFSyntaxError, StoreError,
                      UpdateRefused)
from ..sparql import RETRY_AFTER_S
from .negotiation import choose, supported
from .rendering import SECURITY_HEADERS, page_context

log = logging.getLogger("cultuurgraaf.web")


class NotAcceptable(QueryError):
    """No media type the client accepts can carry this answer (HTTP 406); the answer lists those that can."""

    kind = "not-acceptable"

    def __init__(self, accept: str, table: dict[str, str], *, message: str | None = None):
        super().__init__(message or f"cannot answer in '{accept}'; this answer can be had as: {supported(table)}")
        self.supported = list(table)

    def to_json(self) -> dict:
        return {**super().to_json(), "supported": self.supported}


class UnsupportedMedia(QueryError):
    """A request body of a type this endpoint does not read (HTTP 415); the answer lists those it reads."""

    kind = "unsupported-media-type"

    def __init__(self, content_type: str, accepted: tuple[str, ...]):
        super().__init__(f"cannot read a request body of type '{content_type or 'none'}'; send one of: "
                         f"{', '.join(accepted)} (UTF-8)")
        self.supported = list(accepted)

    def to_json(self) -> dict:
        return {**super().to_json(), "supported": self.supported}


class UpdateUnauthenticated(UpdateRefused):
    """An update or graph write without a bearer token (HTTP 401)."""

    kind = "update-unauthenticated"


#: The HTTP status of each kind of error, most specific first; any other CultuurgraafError is a 400.
HTTP_STATUS: list[tuple[type[CultuurgraafError], int]] = [
    (NotFound, 404),
    (UpdateUnauthenticated, 401),
    (QueryRefused, 403),
    (NotAcceptable, 406),
    (UnsupportedMedia, 415),
    (BodyTooLarge, 413),
    (ClientBusy, 429),
    (QueryStopped, 503),
    (QueryBusy, 503),
    (CheckBusy, 503),
    (CheckFailed, 500),
    (StoreError, 503),
    (QueryFailed, 500),
    (RDFSyntaxError, 400),
]
#: Headers that go with a kind of error: every 503 (and the 429) says when to try again.
HTTP_HEADERS: list[tuple[type[CultuurgraafError], dict[str, str]]] = [
    (UpdateUnauthenticated, {"WWW-Authenticate": 'Bearer realm="cultuurgraaf"'}),
    (NotAcceptable, {"Vary": "Accept"}),
    (BodyTooLarge, {"Connection": "close"}),  # the rest of the body is not read
    (QueryBusy, {"Retry-After": str(RETRY_AFTER_S)}),
    (QueryStopped, {"Retry-After": str(RETRY_AFTER_S)}),
    (CheckBusy, {"Retry-After": str(CHECK_RETRY_AFTER_S)}),
    (StoreError, {"Retry-After": str(RETRY_AFTER_S)}),
]


def http_status(exc: CultuurgraafError) -> tuple[int, dict[str, str]]:
    """The status and extra headers of the answer to an error.

    >>> http_status(NotFound("no such thing"))
    (404, {})
    >>> http_status(UpdateUnauthenticated("send the token"))
    (401, {'WWW-Authenticate': 'Bearer realm="cultuurgraaf"'})
    """
    status = next((code for kind, code in HTTP_STATUS if isinstance(exc, kind)), 400)
    headers = next((h for kind, h in HTTP_HEADERS if isinstance(exc, kind)), {})
    return status, headers


def error_response(request: Request, exc: CultuurgraafError, status: int, *,
                   headers: dict[str, str] | None = None) -> Response:
    """One error shape: an HTML page for browsers, plain text for SPARQL clients, JSON otherwise."""
    state = request.app.state.cg
    accept = request.headers.get("accept", "")
    headers = {**SECURITY_HEADERS, **(headers or {})}
    if request.url.path.startswith("/sparql"):
        return Response(str(exc) + "\n", status_code=status, media_type="text/plain; charset=utf-8", headers=headers)
    if choose(accept, {"application/json": "json", "text/html": "html"}) == "text/html" and "text/html" in accept:
        form_page = state.form_pages.get(request.url.path) if request.method == "POST" else None
        if form_page is not None:
            return form_page(request, exc, status, headers)
        try:
            context = page_context(request)
        except BadParameter:  # the error is the ?lang= itself: say so in the default language
            context = page_context(Request({**request.scope, "query_string": b""}))
        page = state.templates.get_template("error.html").render(**context, status=status, error=exc)
        return Response(page, status_code=status, media_type="text/html; charset=utf-8",
                        headers={**headers, "Vary": "Accept, Accept-Language, Cookie"})
    return JSONResponse(exc.to_json(), status_code=status, headers=headers)


async def user_error(request: Request, exc: CultuurgraafError) -> Response:
    """The answer to an error in the user's request; a 5xx (a busy or failing store) is logged."""
    status, headers = http_status(exc)
    if status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
    return error_response(request, exc, status, headers=headers)


async def no_such_page(request: Request, exc: StarletteHTTPException) -> Response:
    """The framework's own errors (no route, a method the route does not take) in the one error shape."""
    if exc.status_code == 404:
        return error_response(request, NotFound(f"there is no page at {request.url.path}",
                                                hint="search for what you are looking for, or browse the lists"), 404)
    return error_response(request, CultuurgraafError(f"{exc.detail} ({request.method} {request.url.path})"),
                          exc.status_code, headers=exc.headers)


def register(app: FastAPI) -> None:
    """Answer every error of ``app`` through this module."""
    app.add_exception_handler(CultuurgraafError, user_error)
    app.add_exception_handler(StarletteHTTPException, no_such_page)
