"""The HTTP transport to a SPARQL server: connections kept open, on sockets that wait for nothing.

A query through the endpoint is one request to the server, and a join of a few hundred rows
takes the server a few milliseconds, so what each request costs on the way matters. httpx asks
for compressed answers by default; Virtuoso then closes the connection after each answer, and
each query opened a new one and waited for the answer to be compressed and uncompressed. So
answers are asked for as they are (``Accept-Encoding: identity``, see :class:`SparqlClient
<cultuurgraaf.store.sparql_http.SparqlClient>`), and the connection stays open for the next
query. On a kept connection two of TCP's defaults cost 40 ms each time they meet:

- Nagle's algorithm holds back a small write while an earlier one is unacknowledged: httpx writes a
  request's head and its body apart, so the body waited. ``TCP_NODELAY`` sends it at once.
- Virtuoso writes an answer in pieces, with Nagle's algorithm on its own socket: its last piece
  waited for this side to acknowledge the ones before, which Linux delays by up to 40 ms once a
  connection is in use (measured: every answer of 41 kB waited; a few of 109 kB). ``TCP_QUICKACK``
  acknowledges at once; Linux clears it as it goes, so it is set again before each read. Where the
  system has no such option, this is skipped.

httpx takes no network backend, so the transport is httpx's own with its pool made again on one.
"""

from __future__ import annotations

import socket

import httpcore
import httpx

SEND_AT_ONCE = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


class KeptConnections(httpx.HTTPTransport):
    """httpx's transport on sockets with ``TCP_NODELAY`` that acknowledge at once (``TCP_QUICKACK``)."""

    def __init__(self) -> None:
        super().__init__(socket_options=SEND_AT_ONCE)
        if _QUICKACK is not None:
            limits = httpx.Limits()
            self._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
                socket_options=SEND_AT_ONCE, network_backend=QuickAcks())


class QuickAcks(httpcore.NetworkBackend):
    """httpcore's own sockets, each acknowledging what it reads at once."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None) -> "QuickAckStream":
        return QuickAckStream(self._backend.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                                        socket_options=socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None) -> httpcore.NetworkStream:
        return self._backend.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class QuickAckStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream
        self._socket = stream.get_extra_info("socket")

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            self._socket.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        except OSError:  # a socket closed meanwhile: the read says so, as httpx's own error
            pass
        return self._stream.read(max_bytes, timeout=timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout=timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> "QuickAckStream":
        return QuickAckStream(self._stream.start_tls(ssl_context, server_hostname=server_hostname, timeout=timeout))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)
