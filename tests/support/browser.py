"""A real browser for the tests: Debian's headless Chromium, driven by Playwright, kept offline.

``chromium()`` launches it (or skips, saying how to install it); ``OfflineTab`` is a tab that lets
requests go to 127.0.0.1 only and records everything a test may want to fail on: requests to other
hosts, answers of 400 and above, scripts the page's policy refused, errors thrown in the page.
``axe_violations`` runs axe-core, vendored in ``support/vendor/axe-core/`` by
``scripts/vendor-npm.sh``, in a tab.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PLACEHOLDER = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
               '<rect width="400" height="300" fill="#e4e8f0"/></svg>')
#: Where a tab finds axe-core: on the site itself, so that the page's policy (scripts from 'self') lets it run.
AXE_PATH = "/__tests__/axe.min.js"
#: The rules axe runs: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's own best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@contextmanager
def chromium() -> Iterator:
    """Headless Chromium, or a visible skip where it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the "
                    "browser tests; .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class OfflineTab:
    """A tab (``.page``) at a given size that may reach 127.0.0.1 only, recording what went wrong.

    ``pictures`` are image URLs of the data that pages may show from the keeper's server: the tab
    answers them itself with a placeholder (we are offline) and lists them in ``.pictures``.
    """

    def __init__(self, browser, *, width: int = 1280, height: int = 800, pictures: frozenset[str] = frozenset()):
        self.allowed_pictures = pictures
        self.pictures: list[str] = []
        self.elsewhere: list[str] = []
        self.failed: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(locale="nl-BE", viewport={"width": width, "height": height})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        self.page.on("console", lambda m: "Content Security Policy" in m.text and self.refused.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route) -> None:
        address = urlsplit(route.request.url)
        if address.hostname == "127.0.0.1" and address.path == AXE_PATH:
            route.fulfill(status=200, content_type="text/javascript", body=_axe())
        elif address.hostname == "127.0.0.1":
            route.continue_()
        elif route.request.resource_type == "image" and route.request.url in self.allowed_pictures:
            self.pictures.append(route.request.url)
            route.fulfill(status=200, content_type="image/svg+xml", body=PLACEHOLDER)
        else:
            self.elsewhere.append(f"{route.request.resource_type} {route.request.url}")
            route.abort()

    def problems(self) -> dict[str, list[str]]:
        """What went wrong in this tab: each list is empty when all was well."""
        return {"other hosts": self.elsewhere, "answers >= 400": self.failed, "refused by the policy": self.refused,
                "errors in the page": self.errors}

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


@lru_cache(maxsize=1)
def _axe() -> bytes:
    return AXE.read_bytes()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each: rule, impact, help, where."""
    page.add_script_tag(url=AXE_PATH)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
                          "['violations']}).then(r => r.violations)", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:5])}"
            for v in found]
