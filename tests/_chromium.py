"""Render a report.html in Debian's Chromium (driven by Playwright; `make test` installs it) and
say what the page did: its pictures, console errors and requests. Used by every report test:
train's, a watched loop's and the framework adapters'."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def render(page_path: Path, screenshot: Path, text_of: str | None = None) -> tuple[list, list, list, str | None]:
    """Open ``page_path`` in headless Chromium; returns ``(images, errors, requests, text)``:
    each image's ``[complete, naturalWidth]``, the console and page errors, the URLs requested,
    and the inner text of the selector ``text_of`` (``None`` without one)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium; `make test` installs it")
    from playwright.sync_api import sync_playwright

    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri(), wait_until="load")
            images = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
            text = page.inner_text(text_of) if text_of is not None else None
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return images, errors, requests, text


def assert_renders(page_path: Path, screenshot: Path) -> None:
    """The report loads every picture, logs no error and asks for nothing outside the file."""
    images, errors, requests, _ = render(page_path, screenshot)
    assert images and all(done and width > 0 for done, width in images), images
    assert errors == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
