"""How large a request body may be, per route, read before any route sees it.

A body larger than its route allows (``[server]`` ``max_query_body_mb`` for /sparql,
``max_graph_body_mb`` for /graph-store, ``max_upload_mb`` for the export checker's uploads to
/controle, ``max_body_mb`` for the rest) is answered **413** and
the connection closed, so the rest of it is never read: at once when its ``Content-Length``
says so, else as soon as what has come passes the limit. A body within the limit is read here
and handed to the route as it came, so a route never waits on a client that sends slowly (the
server's read timeout cuts that off: :mod:`cultuurgraaf.web.server`).

>>> from cultuurgraaf.config import ServerConfig
>>> body_limit("/graph-store", ServerConfig()), body_limit("/sparql", ServerConfig()), body_limit("/", ServerConfig())
(100000000, 10000000, 1000000)
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope

from ..config import ServerConfig
from ..errors import BodyTooLarge

#: the setting that limits the bodies of each path; any other path has ``max_body_mb``
ROUTE_LIMITS = {"/sparql": "max_query_body_mb", "/graph-store": "max_graph_body_mb", "/controle": "max_upload_mb"}


def body_limit(path: str, settings: ServerConfig) -> int:
    """The most bytes a request body to ``path`` may have."""
    return int(getattr(settings, ROUTE_LIMITS.get(path, "max_body_mb")) * 1_000_000)


async def read_limited(scope: Scope, receive: Receive, path: str, settings: ServerConfig) -> Receive:
    """A receive channel that gives the request's body, read whole here; BodyTooLarge when the
    body is larger than the route takes."""
    headers = dict(scope["headers"])
    if b"content-length" not in headers and b"transfer-encoding" not in headers:
        return receive  # no body
    limit = body_limit(path, settings)
    declared = headers.get(b"content-length", b"")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(path, limit, settings)
    received: list[Message] = []
    size = 0
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if size > limit:
            raise _too_large(path, limit, settings)
        if not message.get("more_body", False):
            break
    return _replay(received, receive)


def _too_large(path: str, limit: int, settings: ServerConfig) -> BodyTooLarge:
    setting = ROUTE_LIMITS.get(path, "max_body_mb")
    return BodyTooLarge(f"the request body is larger than the {limit / 1_000_000:g} MB that {path} takes",
                         hint=f"send less at a time ([server] {setting} of the server's cultuurgraaf.toml "
                              "sets the limit)")


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive channel that gives ``messages``, then listens to the client again."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay
