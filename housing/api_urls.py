"""Version 1 of the API (``/api/v1/``). Each app adds its endpoints here as it grows."""

from django.urls import include, path

from applications.api.bedroom_need import BedroomNeedApi
from housing.accounts import api as accounts_api

app_name = "api"

urlpatterns = [
    path("auth/token/", accounts_api.TokenCreateApi.as_view(), name="token"),
    path("me/", accounts_api.MeApi.as_view(), name="me"),
    path("bedroom-need/", BedroomNeedApi.as_view(), name="bedroom-need"),
    path("", include("applications.api.urls")),
    path("", include("applications.api.urls_assessment")),
    path("", include("applications.api.urls_reviews")),
    path("", include("housing.approvals.api.urls")),
    path("", include("lettings.api.urls")),
    path("", include("nominations.api.urls")),
]
