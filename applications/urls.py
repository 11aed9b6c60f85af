"""The register's pages (namespace ``applications``): officers' under /staff/, applicants' under
/account/. Priority, medical and review routes come before the portal's catch-all section route
(``account/application/<key>/``)."""

from applications.urls_medical import urlpatterns as medical_urlpatterns
from applications.urls_portal import urlpatterns as portal_urlpatterns
from applications.urls_priority import urlpatterns as priority_urlpatterns
from applications.urls_reviews import urlpatterns as reviews_urlpatterns
from applications.urls_staff import urlpatterns as staff_urlpatterns

app_name = "applications"

urlpatterns = (staff_urlpatterns + priority_urlpatterns + medical_urlpatterns
               + reviews_urlpatterns + portal_urlpatterns)
