"""Lettings pages (namespace ``lettings``): officers' under /staff/, the public homes pages under
/homes/ and applicants' bids under /account/bids/."""

from lettings.urls_portal import urlpatterns as portal_urlpatterns
from lettings.urls_staff import urlpatterns as staff_urlpatterns

app_name = "lettings"

urlpatterns = staff_urlpatterns + portal_urlpatterns
