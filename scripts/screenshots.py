"""Screenshots of the main pages of the demo at desktop (1280 px) and phone (390 px) widths, for the docs.

    python scripts/screenshots.py                 # builds the demo, serves it on a free port, shoots
    python scripts/screenshots.py --url http://127.0.0.1:8000   # a server that already runs the demo

Writes ``docs/screenshots/<page>-<width>.png``: what a browser window of that size shows first (not
the whole page). Needs the test extras (Playwright) and Debian's Chromium (/usr/bin/chromium).
Offline, as the pages are meant to be: every request to another host is refused, and listed.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {1280: 900, 390: 844}
MAP_EXAMPLE = "Locaties in een gemeente"

#: name -> (path, or "first:<kind>@<path>": the first page of that kind linked from <path>)
PAGES = {
    "home": "/",
    "list": "/lijst/erfgoedobject",
    "search": "/zoeken?q=kandelaar",
    "object": "first:erfgoedobject@/doc/organisatie/ORG0001",
    "organisation": "/doc/organisatie/ORG0001",
    "activity": "first:activiteit@/doc/organisatie/ORG0001",
    "place": "/doc/locatie/LOC0001",
    "dataset": "/doc/dataset/objecten",
    "query": "/sparql",
    "api": "/api/docs",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a server that runs the demo already (default: build and serve it here)")
    args = parser.parse_args()
    if args.url:
        return shoot(args.url.rstrip("/"))
    command = str(Path(sys.executable).parent / "cultuurgraaf")  # the venv's, beside its python
    subprocess.run([command, "build", str(DEMO)], check=True, cwd=ROOT)
    port = free_port()
    server = subprocess.Popen([command, "serve", str(DEMO), "--port", str(port)], cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base)
        return shoot(base)
    finally:
        server.terminate()
        server.wait(timeout=30)


def shoot(base: str) -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []

    def offline(route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for width, height in WIDTHS.items():
            context = browser.new_context(locale="nl-BE", viewport={"width": width, "height": height})
            context.route("**/*", offline)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + resolve(page, base, path))
                ready(page, name, width)
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                print(f"{target.relative_to(ROOT)}  {page.url.removeprefix(base).split('?query=')[0]}")
            context.close()
        browser.close()
    for url in refused:
        print(f"refused (another host): {url}", file=sys.stderr)
    return 0


def resolve(page, base: str, path: str) -> str:
    """A path, or the first page of a kind that another page links to."""
    if not path.startswith("first:"):
        return path
    kind, _, start = path.removeprefix("first:").partition("@")
    page.goto(base + start)
    return page.locator(f"main a[href^='/doc/{kind}/']").first.get_attribute("href")


def ready(page, name: str, width: int) -> None:
    """Waits until a page that draws itself has drawn what the screenshot should show: the query
    page runs an example and shows its map (on a phone, scrolled to the results)."""
    if name == "query":
        page.wait_for_selector("#yasgui .CodeMirror")
        page.get_by_role("link", name=MAP_EXAMPLE, exact=True).click()
        page.wait_for_selector("#yasgui table.cg-results tbody tr .cg-label")
        page.locator(".yasr .select_map").click()
        page.wait_for_selector(".cg-map path.leaflet-interactive")
        if width < 600:
            page.locator(".yasr").evaluate("results => results.scrollIntoView()")
        else:
            page.evaluate("() => window.scrollTo(0, 0)")
    elif name == "api":
        page.wait_for_selector("#swagger-ui .opblock")
    page.wait_for_load_state("networkidle")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urlopen(base + "/", timeout=2)
            return
        except (URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"the demo's server at {base} did not answer within 60 s")


if __name__ == "__main__":
    sys.exit(main())
