"""HTML to tagged, accessible PDF with WeasyPrint (PDF/UA-1).

Nothing is fetched from the network: the URL fetcher only serves files from the project's own
static folders (the council logo, the print stylesheet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders

LETTER_CSS = Path(__file__).resolve().parent / "static" / "letters" / "print.css"


def _local_only_fetcher() -> Any:
    """A WeasyPrint (70+) fetcher serving ``static:`` paths and files inside the project only."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            prefix = "static:"
            if url.startswith(prefix):
                found = finders.find(url[len(prefix):].lstrip("/"))
                if not found:
                    raise ValueError(f"Static file not found for a letter: {url}")
                return super().fetch(Path(found).as_uri(), headers)
            if url.startswith("file://") and Path(
                    url2pathname(url[7:].split("?")[0])).resolve().is_relative_to(
                    settings.BASE_DIR):
                return super().fetch(url, headers)
            raise ValueError(f"Letters may only use local files, not {url}")

    return LocalOnlyFetcher(allowed_protocols={"file"})


def render_pdf(html: str) -> tuple[bytes, int]:
    """Return the PDF bytes and the number of pages."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR),
                    url_fetcher=_local_only_fetcher()).render(
        stylesheets=[CSS(filename=str(LETTER_CSS))])
    pages = len(document.pages)
    return document.write_pdf(pdf_variant="pdf/ua-1"), pages
