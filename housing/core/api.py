"""API conventions shared by every endpoint: pagination and one error format.

Every error response is ``{"detail": "...", "errors": {"field": ["message", ...]}}`` with status
400 (bad input), 401, 403, 404 or 409 (conflict). Bad input never produces a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from housing.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def _as_field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field_errors" if key in ("__all__",) else str(key)
            if isinstance(value, dict) and value and all(str(k).isdigit() for k in value):
                # DRF 3.18 reports list items as {index: errors}: name them members[1].field.
                for index, item in value.items():
                    for sub, msgs in _as_field_errors(item).items():
                        key = f"{name}[{index}]" if sub == "non_field_errors" \
                            else f"{name}[{index}].{sub}"
                        out[key] = msgs
            elif isinstance(value, dict):
                for sub, msgs in _as_field_errors(value).items():
                    out[f"{name}.{sub}"] = msgs
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, msgs in _as_field_errors(item).items():
                        out[f"{name}[{index}].{sub}"] = msgs
            elif isinstance(value, list):
                out[name] = [str(v) for v in value]
            else:
                out[name] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every error into the one error shape."""
    if isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = (_as_field_errors(exc.message_dict) if hasattr(exc, "error_dict")
                  else {"non_field_errors": [str(m) for m in exc.messages]})
        return Response({"detail": "Invalid input.", "errors": errors},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        logger.warning("API write refused by a database constraint: %s", type(exc).__name__)
        return Response({"detail": "This conflicts with an existing record.", "errors": {}},
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "Invalid input.", "errors": _as_field_errors(exc.detail)}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"detail": str(detail), "errors": {}}
    return response
