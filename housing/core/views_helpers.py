"""Helpers shared by page views."""

from __future__ import annotations

import ipaddress
from typing import Any

from django import forms
from django.http import FileResponse

from housing.core.exceptions import ApplicationError


def add_form_errors(form: forms.BaseForm, exc: ApplicationError) -> None:
    """Show a domain error in the GOV.UK error summary, against its fields where it names them."""
    if not exc.errors:
        form.add_error(None, exc.message)
        return
    for field, messages in exc.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def client_ip(request: Any) -> str | None:
    """The address a request came from, as the web server saw it (``REMOTE_ADDR``); None when
    it is not an IP address, so nothing invalid is stored (pages and the API alike)."""
    value = (request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def private_pdf(field_file: Any, filename: str) -> FileResponse:
    """A stored PDF shown in the browser (not downloaded), never cached and never sniffed as
    anything else: letters, tenancy packs and signed copies."""
    response = FileResponse(field_file.open("rb"), content_type="application/pdf",
                            as_attachment=False, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
