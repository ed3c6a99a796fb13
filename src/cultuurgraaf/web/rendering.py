"""Rendering pages: one place that turns a template and its data into an HTML response.

Every page is served with a Content-Security-Policy that allows scripts and styles from this site
only, so markup that slips into the data could not run even if it escaped escaping; images may come
from elsewhere, because heritage objects are pictured on their keepers' image servers.
"""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import Response

from ..labels import languages_from

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


def languages_of(request: Request) -> tuple[str, ...]:
    """The reader's languages (Accept-Language), then nl, en, fr."""
    return languages_from(request.headers.get("accept-language"))


def render(request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
           **context) -> Response:
    state = request.app.state.cg
    page = state.templates.get_template(template).render(project=state.project, request_path=request.url.path,
                                                         **context)
    return Response(page, status_code=status, media_type="text/html; charset=utf-8",
                    headers={**SECURITY_HEADERS, **(headers or {})})
