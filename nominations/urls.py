"""Nominations pages (staff side). The nominations issue fills this in."""

app_name = "nominations"

urlpatterns: list = []
