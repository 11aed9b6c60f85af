"""Medical pages (staff and portal) for the register's namespace ``applications``. Portal routes
here are matched before the application's catch-all section route."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
