from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "housing.approvals"
    label = "approvals"
    verbose_name = "Approvals"
