"""Manager approvals queue pages (namespace ``approvals``) under /staff/approvals/."""

from django.urls import path  # noqa: F401

app_name = "approvals"

urlpatterns: list = []
