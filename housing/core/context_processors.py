"""Template context shared by every surface: the council's branding from settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, Any]:
    return {
        "council": {
            "name": settings.COUNCIL_NAME,
            "short_name": settings.COUNCIL_SHORT_NAME,
            "brand_colour": settings.COUNCIL_BRAND_COLOUR,
            "logo": settings.COUNCIL_LOGO,
            "contact_email": settings.COUNCIL_CONTACT_EMAIL,
            "contact_phone": settings.COUNCIL_CONTACT_PHONE,
        },
        "service_name": settings.SERVICE_NAME,
        "demo_mode": settings.DEMO,
    }
