"""Headless Chromium for the HTML tests, with the network cut off.

Playwright drives the system Chromium (``/usr/bin/chromium``); Playwright's
own browser download is not used. Every request other than the page's own
file is aborted and recorded, console errors, page errors and dialogs are
recorded too, so a test can assert the page is offline and quiet.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "chromium_path", "OpenPage", "open_page", "launch"]

CHROMIUM = os.environ.get("YJGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return shutil.which("chromium")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@dataclass
class OpenPage:
    """A loaded page and what it did while loading."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)  # every request except the page itself
    blocked: list[str] = field(default_factory=list)  # requests aborted by the route
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the network has stabilised (physics then frozen).

        Polls with ``page.evaluate`` from Python: the page's Content Security
        Policy forbids eval, which Playwright's ``wait_for_function`` uses.
        """
        self.wait_for("window.yjgraph && window.yjgraph.state.ready === true", timeout)

    def wait_for(self, expression: str, timeout: float = 10.0, *, arg=None):
        """Poll a JavaScript expression (or function of ``arg``) until truthy; return its value."""
        end = time.monotonic() + timeout
        while True:
            value = self.page.evaluate(expression, arg)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(f"timed out after {timeout} s waiting for {expression}")
            self.page.wait_for_timeout(50)


def open_page(browser, path: Path, *, viewport=(1200, 800), bypass_csp=False) -> OpenPage:
    """Open ``path`` in a fresh context with every other request aborted.

    ``bypass_csp=True`` ignores the page's Content Security Policy, to test
    that the page is safe by its escaping alone.
    """
    path = Path(path).resolve()
    url = path.as_uri()
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  locale="zh-CN", bypass_csp=bypass_csp)
    page = context.new_page()
    result = OpenPage(page=page, url=url)

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            result.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("request", lambda req: req.url != url and result.requests.append(req.url))
    page.on("console", lambda m: m.type == "error" and result.console_errors.append(m.text))
    page.on("pageerror", lambda e: result.page_errors.append(str(e)))

    def on_dialog(d):
        result.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url, wait_until="load")
    return result
