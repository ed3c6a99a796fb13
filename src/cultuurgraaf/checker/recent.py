"""The findings of recent checks, kept a short while in memory for the page's download links.

A person who checked an export in the browser downloads its findings as CSV or JSON from the
report page, without uploading it again. So the answers of a check are kept, under a random
token that only the page names, for :data:`KEEP_S` seconds, in memory only (never on disk), and
at most :data:`MAX_BYTES` of them: the oldest go first.

>>> recent = RecentChecks(max_bytes=10)
>>> token = recent.keep({"csv": b"12345"})
>>> recent.get(token, "csv"), recent.get(token, "json"), recent.get("guess", "csv")
(b'12345', None, None)
>>> _ = recent.keep({"csv": b"1234567"}); recent.get(token, "csv") is None
True
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict

#: how long the findings of a check can be downloaded
KEEP_S = 15 * 60
#: the most bytes of findings kept at once
MAX_BYTES = 64_000_000


class RecentChecks:
    """Answers of recent checks by token, each format's bytes; bounded in time and size."""

    def __init__(self, *, keep_s: float = KEEP_S, max_bytes: int = MAX_BYTES):
        self.keep_s = keep_s
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, tuple[float, dict[str, bytes]]] = OrderedDict()

    def keep(self, answers: dict[str, bytes]) -> str | None:
        """Keep a check's answers; their token, or None when they are larger than all that is kept."""
        size = sum(len(body) for body in answers.values())
        if size > self.max_bytes:
            return None
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._forget(time.monotonic(), room=size)
            self._kept[token] = (time.monotonic() + self.keep_s, answers)
        return token

    def get(self, token: str, format: str) -> bytes | None:
        with self._lock:
            self._forget(time.monotonic())
            found = self._kept.get(token)
        return found[1].get(format) if found else None

    def _forget(self, now: float, *, room: int = 0) -> None:
        """Forget what has expired, and the oldest until ``room`` more bytes fit."""
        def used() -> int:
            return sum(len(body) for _, answers in self._kept.values() for body in answers.values())

        while self._kept and (next(iter(self._kept.values()))[0] <= now or used() + room > self.max_bytes):
            self._kept.popitem(last=False)
