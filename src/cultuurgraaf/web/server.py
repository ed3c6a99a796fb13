"""Running the app under uvicorn, with the limits that keep one client from taking the server down.

uvicorn's httptools protocol reads a request head of any size, waits for ever for a request that
never completes and accepts every connection. :class:`LimitedProtocol` adds what ``[server]``
sets (docs/sparql.md, "Limits on requests"):

- a request head (request line and headers) larger than ``max_header_kb`` is answered **431**;
- a request head not whole within ``read_timeout_s`` of its first byte (or of the connection,
  for the first request), or a body that stops coming for that long, is answered **408** (a
  head) or cut off (a body; the app sees the client gone);
- beyond ``max_connections`` open connections (at most half the open-files limit), a new one is
  answered **503** with ``Retry-After`` and closed at once.

Each of these answers closes the connection. How large a body may be is the app's to say, per
route (:mod:`cultuurgraaf.web.limits`); how long an idle connection stays open between requests
is uvicorn's own ``timeout_keep_alive`` (``keep_alive_s``).
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..config import ServerConfig
from ..sparql import RETRY_AFTER_S


def serve(app, settings: ServerConfig, *, host: str, port: int) -> None:
    """Serve ``app`` on ``host:port`` until interrupted, with the limits of ``settings``."""
    config = uvicorn.Config(app, host=host, port=port, http=protocol_with(settings),
                            timeout_keep_alive=settings.keep_alive_s, log_level="warning",
                            # no access log: it would format a line for every request only to drop it
                            access_log=False)
    uvicorn.Server(config).run()


def protocol_with(settings: ServerConfig) -> type[LimitedProtocol]:
    """The protocol class uvicorn makes one of per connection, with these limits."""
    return type("LimitedProtocol", (LimitedProtocol,), {"settings": settings,
                                                        "max_connections": connection_cap(settings)})


def connection_cap(settings: ServerConfig) -> int:
    """``max_connections``, and no more than half the files the process may open: the store and
    the workers need files too."""
    try:
        import resource
    except ImportError:  # Windows has no such limit to read
        return settings.max_connections
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return settings.max_connections if soft == resource.RLIM_INFINITY else min(settings.max_connections,
                                                                                max(1, soft // 2))


class LimitedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a cap on request heads, on the time to send a request
    and on open connections."""

    settings: ServerConfig
    max_connections: int

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._timer: asyncio.TimerHandle | None = None
        self._in_head = True        # between requests, or reading a request line and headers
        self._head_bytes = 0        # what has come of a head that is not yet whole
        self._head_size = 0         # the request line and headers the parser has read
        self._boundaries = 0        # heads and messages completed: which bytes belong to a head

    # the connection ---------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.max_connections:
            self.transport = transport
            transport.write(_answer(HTTPStatus.SERVICE_UNAVAILABLE,
                                    "the server has as many connections open as it takes; try again shortly",
                                    retry_after=RETRY_AFTER_S))
            transport.close()
            return
        super().connection_made(transport)
        self._arm()  # the first request's head, counted from the connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head and self._timer is None:
            self._arm()  # the first bytes of a request after an idle keep-alive
        boundaries = self._boundaries
        super().data_received(data)
        if self.transport.is_closing():
            return
        if self._boundaries != boundaries:
            self._head_bytes = 0
        elif self._in_head:
            self._head_bytes += len(data)
            if self._head_bytes > self.settings.max_header_kb * 1000:
                self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, self._head_too_large_message())
        else:
            self._arm()  # a body coming in may pause no longer than the time allowed

    # the parser's callbacks -------------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_size = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        self._head_size += len(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._head_size += len(name) + len(value) + 4

    def on_headers_complete(self) -> None:
        if self._head_size > self.settings.max_header_kb * 1000:
            # a head that came whole, in one read: answered by an app of its own, which reads nothing more
            app, self.app = self.app, self._head_too_large
            try:
                super().on_headers_complete()
            finally:
                self.app = app
        else:
            super().on_headers_complete()
        self._boundaries += 1
        self._in_head = False
        self._arm()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._boundaries += 1
        self._in_head = True
        self._disarm()

    # the timer --------------------------------------------------------------------------------
    def _arm(self) -> None:
        self._disarm()
        self._timer = self.loop.call_later(self.settings.read_timeout_s, self._timed_out)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self.flow is not None and self.flow.read_paused:  # the app is not reading: no fault of the client's
            self._arm()
        elif self._in_head and self._head_bytes == 0 and self._boundaries == 0 and self.cycle is None:
            self.transport.close()  # a connection that never sent anything: nothing to answer
        elif self._in_head:
            self._refuse(HTTPStatus.REQUEST_TIMEOUT,
                         f"the request was not sent whole within {self.settings.read_timeout_s:g} s")
        else:
            self.transport.close()

    def _head_too_large_message(self) -> str:
        return f"the request head (request line and headers) is larger than {self.settings.max_header_kb:g} kB"

    async def _head_too_large(self, scope, receive, send) -> None:
        status = HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
        body = (self._head_too_large_message() + "\n").encode("utf-8")
        await send({"type": "http.response.start", "status": status.value,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode("latin-1")), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        """Answer a request this protocol will not read, unless an answer to an earlier one is
        still being written, and close the connection."""
        self._disarm()
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(_answer(status, message))
        self.transport.close()


def _answer(status: HTTPStatus, message: str, *, retry_after: int | None = None) -> bytes:
    """A whole plain-text HTTP answer that closes the connection."""
    body = (message + "\n").encode("utf-8")
    headers = [f"HTTP/1.1 {status.value} {status.phrase}", "content-type: text/plain; charset=utf-8",
               f"content-length: {len(body)}", "connection: close"]
    if retry_after is not None:
        headers.append(f"retry-after: {retry_after}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1") + body
