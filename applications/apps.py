from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Housing register"

    def ready(self) -> None:
        from applications import dashboard  # noqa: F401  registers the staff dashboard card
        from applications.services.banding import register_approval_handlers

        register_approval_handlers()
