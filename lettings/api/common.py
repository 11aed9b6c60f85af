"""What every lettings endpoint shares: JSON in and out, one error shape, the paginator."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.views import APIView

from applications.api.serializers import ErrorSerializer
from housing.core.api import Pagination

# Ids are Postgres integers: anything larger is bad input, not a database error.
MAX_ID = 2_147_483_647

_ERROR_TEXT = {
    400: "Bad input: see ``errors``.",
    401: "Not signed in.",
    403: "Not allowed for this account.",
    404: "Nothing with that id that this account can see.",
    409: "Conflicts with the current state (see ``errors``).",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error responses: always ``{"detail": ..., "errors": {field: [...]}}``."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_TEXT[code])
            for code in codes}


class LettingsApi(APIView):
    """JSON in, JSON out; a malformed body is a 400 on every write, before anything is done."""

    parser_classes: list[Any] = [JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            request.data  # noqa: B018 - parse now, so bad JSON fails before anything is done


def validated(serializer_class: type[serializers.Serializer], request: Request, *,
              data: Any = None, partial: bool = False, **context: Any) -> dict[str, Any]:
    """The request body (or ``data``, e.g. the query string) checked by ``serializer_class``;
    bad input raises a 400 with field errors. A body field the serializer does not know is
    refused rather than ignored, so nobody believes they changed something they did not."""
    body = request.data if data is None else data
    serializer = serializer_class(data=body, partial=partial,
                                  context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    if data is None and isinstance(body, dict):
        unknown = sorted(set(body) - set(serializer.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field cannot be set here."] for name in unknown})
    return dict(serializer.validated_data)


def not_found(what: str) -> exceptions.NotFound:
    return exceptions.NotFound(f"There is no {what} with that id.")


def paginate(view: APIView, request: Request, items: Any) -> tuple[Pagination, list[Any]]:
    paginator = Pagination()
    page: list[Any] | None = paginator.paginate_queryset(items, request, view=view)
    return paginator, list(page or [])
