"""The register's pages (namespace ``applications``): officers' under /staff/applications/,
applicants' under /account/application/."""

from applications.urls_portal import urlpatterns as portal_urlpatterns
from applications.urls_staff import urlpatterns as staff_urlpatterns

app_name = "applications"

urlpatterns = staff_urlpatterns + portal_urlpatterns
