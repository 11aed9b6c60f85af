from django.apps import AppConfig


class SchemeConfig(AppConfig):
    name = "housing.scheme"
    label = "scheme"
    verbose_name = "Allocation scheme"
