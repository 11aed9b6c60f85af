"""Register endpoints under /api/v1/ (included by housing/api_urls.py, namespace ``api``)."""

from django.urls import path  # noqa: F401  (endpoints are added here as they are built)

urlpatterns: list = []
