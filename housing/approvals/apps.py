from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "housing.approvals"
    label = "approvals"
    verbose_name = "Approvals"

    def ready(self) -> None:
        from housing.approvals import dashboard  # noqa: F401  registers the staff dashboard card
