"""Print a document's guarded HTML to PDF with Debian's Chromium (Playwright drives it).

`workbench.report.documents.deliver` calls :func:`print_pdf` with the HTML it has rendered and the
privacy guard has passed, so the PDF is that page as printed (A4, the template's ``@media print``
rules), never a second rendering. nbconvert's ``webpdf`` exporter is not used: it launches only
Playwright's own downloaded browser (no executable path) and renders the notebook again from its
own template. The browser is the setting ``WORKBENCH_CHROMIUM`` (:func:`chromium`); the page is
loaded with JavaScript off and every request refused (the HTML is self-contained).
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil

from workbench.errors import UserError, one_line
from workbench.settings import CHROMIUM

#: Page numbers in the bottom margin (Chromium fills the spans in).
FOOTER = ('<div style="font-family: Arial, sans-serif; font-size: 9px; color: #505a5f; width: 100%; '
          'text-align: center;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')


def chromium() -> str:
    """The Chromium executable (``WORKBENCH_CHROMIUM``: a path, or a name on PATH); one-line `UserError` if none."""
    name = CHROMIUM.value() or "chromium"
    found = shutil.which(os.path.expanduser(name))
    if found is None:
        raise UserError(f"no Chromium to print the PDF: {CHROMIUM.env}={name!r} is not an executable file or a "
                        f"program on PATH (install Debian's chromium or set {CHROMIUM.env})")
    try:
        import playwright  # noqa: F401  (the driver)
    except ImportError:
        raise UserError("printing a PDF needs Playwright: pip install 'workbench[pdf]'") from None
    return found


def unavailable() -> str | None:
    """Why no PDF can be printed here (no Chromium, no Playwright), or None if one can."""
    try:
        chromium()
    except UserError as error:
        return error.message
    return None


def _print(html_text: str, executable: str) -> bytes:
    from playwright.sync_api import Route, sync_playwright

    args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    if os.geteuid() == 0:  # Chromium will not start as root inside its sandbox
        args.append("--no-sandbox")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        try:
            context = browser.new_context(java_script_enabled=False)

            def refuse(route: Route) -> None:
                if route.request.url.startswith("data:"):
                    route.continue_()
                else:
                    route.abort()

            context.route("**/*", refuse)
            page = context.new_page()
            page.emulate_media(media="print")
            page.set_content(html_text, wait_until="load")
            return page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                            display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                            outline=True, tagged=True)
        finally:
            browser.close()


def print_pdf(html_text: str, source: str) -> bytes:
    """The PDF bytes of `html_text` printed by Chromium; a failure is one `UserError` (exit 1) naming `source`.

    Runs in a thread of its own: Playwright's sync API refuses a thread with a running event loop
    (a dashboard kernel's).
    """
    try:
        executable = chromium()
    except UserError as error:
        raise UserError(f"{error.message}; {source} was not written", error.exit_code) from None
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_print, html_text, executable).result()
        except Exception as error:  # Playwright's errors: the browser would not start or print
            raise UserError(f"Chromium ({executable}) could not print {source} to PDF: {one_line(str(error))}; "
                            "nothing was written", exit_code=1) from None
