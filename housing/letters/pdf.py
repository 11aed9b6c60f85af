"""HTML to tagged, accessible PDF with WeasyPrint (PDF/UA-1).

Nothing is fetched from the network: the URL fetcher only serves files from the project's own
static folders (the council logo, the print stylesheet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders

LETTER_CSS = Path(__file__).resolve().parent / "static" / "letters" / "print.css"


def _local_only_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from weasyprint.urls import default_url_fetcher

    prefix = "static:"
    if url.startswith(prefix):
        found = finders.find(url[len(prefix):].lstrip("/"))
        if not found:
            raise ValueError(f"Static file not found for a letter: {url}")
        return default_url_fetcher(Path(found).as_uri())
    if url.startswith("file://") and Path(url[7:]).resolve().is_relative_to(settings.BASE_DIR):
        return default_url_fetcher(url)
    raise ValueError(f"Letters may only use local files, not {url}")


def render_pdf(html: str) -> tuple[bytes, int]:
    """Return the PDF bytes and the number of pages."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR),
                    url_fetcher=_local_only_fetcher).render(
        stylesheets=[CSS(filename=str(LETTER_CSS))])
    pages = len(document.pages)
    return document.write_pdf(pdf_variant="pdf/ua-1"), pages
