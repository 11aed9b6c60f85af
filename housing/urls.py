"""Root URL conf: three surfaces (portal ``/``, staff ``/staff/``, partners ``/partners/``), the
API, admin and health. Every view states who may use it; tests/test_url_permissions.py checks that
anything not on its public allow-list turns anonymous people away."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from housing.core.views import healthz

admin.site.site_header = f"{settings.COUNCIL_NAME} – Homeward administration"
admin.site.site_title = "Homeward administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("housing.core.urls")),
    path("", include("housing.accounts.urls")),
    path("", include("housing.core.staff_urls")),
    path("", include("nominations.partners_urls")),
    path("", include("housing.approvals.urls")),
    path("", include("applications.urls")),
    path("", include("lettings.urls")),
    path("", include("nominations.urls")),
    path("api/v1/", include("housing.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler404 = "housing.core.errors.not_found"
handler403 = "housing.core.errors.forbidden"
handler500 = "housing.core.errors.server_error"
