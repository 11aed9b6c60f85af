from django.urls import path

from lettings.views import staff

app_name = "lettings"

urlpatterns = [
    path("staff/adverts/", staff.AdvertListView.as_view(), name="staff-adverts"),
]
