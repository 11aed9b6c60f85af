"""Serving a home's photo (the public advert page and the staff pages share this)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from lettings.models import PropertyPhoto


def photo_response(photo: PropertyPhoto, *, public: bool) -> FileResponse:
    """The stored photo with its checked content type (never sniffed by the browser). Public
    photos (on a published advert) may be cached by anyone; staff ones only privately."""
    try:
        stream = photo.image.open("rb")
    except (OSError, ValueError) as exc:  # the record outlived its file (storage restored)
        raise Http404("The photo's file is missing") from exc
    response = FileResponse(stream, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=300"
    return response
