from django.urls import path

from applications.views import staff

app_name = "applications"

urlpatterns = [
    path("staff/applications/", staff.ApplicationListView.as_view(), name="staff-list"),
]
