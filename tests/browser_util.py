"""Open a published page in headless Chromium with the network cut, and report what happened.

Reusable for real reports::

    from browser_util import open_in_browser, browser_unavailable
    result = open_in_browser(Path("reports/site/index.html"))
    assert not result["blocked"] and not result["console_errors"]

Uses the Python ``playwright`` package driving the system Chromium (``/usr/bin/chromium`` or
``$WB_CHROMIUM``); playwright's own browser download is never needed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "browser_unavailable", "open_in_browser"]

CHROMIUM = os.environ.get("WB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here (a reason for ``pytest.skip``), or ``None``."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (pip install playwright)"
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"no Chromium at {CHROMIUM} (apt-get install chromium, or set WB_CHROMIUM); "
            "'playwright install' is not used"
        )
    return None


_PAGE_FACTS = """() => ({
  images: Array.from(document.images).map(i => ({
      src: i.src.slice(0, 80), complete: i.complete, naturalWidth: i.naturalWidth})),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  input_areas: document.querySelectorAll(
      '.jp-InputArea, .jp-Cell-inputWrapper, .input_area, div.input, .jp-InputPrompt').length,
  lang: document.documentElement.lang,
  title: document.title,
})"""


def open_in_browser(
    path: Path, *, screenshot: Path | None = None, timeout_ms: int = 30_000
) -> dict[str, Any]:
    """Load ``path`` from ``file://`` in headless Chromium; every other request is aborted.

    Returns
    -------
    dict with
        ``requests``: every URL the page requested (data: URIs shortened);
        ``blocked``: the requests that tried to leave ``file://`` (aborted);
        ``console_errors``: console messages of type error and uncaught page errors;
        ``images``: ``{src, complete, naturalWidth}`` for each ``<img>``;
        ``links``: the absolute URL of every ``<a href>``;
        ``input_areas``: number of elements of a notebook input area;
        ``text``: the visible text of the body;
        ``dialogs``: messages of alert/confirm/prompt dialogs (dismissed);
        ``lang``, ``title``: of the document.
    """
    from playwright.sync_api import sync_playwright

    url = Path(path).resolve().as_uri()
    requests: list[str] = []
    blocked: list[str] = []
    console_errors: list[str] = []
    dialogs: list[str] = []

    def route(route, request):
        if request.url.startswith(_LOCAL_SCHEMES):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort("blockedbyclient")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                service_workers="block", viewport={"width": 1280, "height": 1600}
            )
            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "request",
                lambda r: requests.append(
                    r.url if not r.url.startswith("data:") else r.url[:40] + "…"
                ),
            )
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda e: console_errors.append(f"pageerror: {e}"))
            page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
            page.goto(url, wait_until="load", timeout=timeout_ms)
            page.wait_for_load_state("networkidle", timeout=timeout_ms)
            facts = page.evaluate(_PAGE_FACTS)
            text = page.inner_text("body")
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return {
        "requests": requests,
        "blocked": blocked,
        "console_errors": console_errors,
        "dialogs": dialogs,
        "text": text,
        **facts,
    }
