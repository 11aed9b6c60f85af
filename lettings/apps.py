from django.apps import AppConfig


class LettingsConfig(AppConfig):
    name = "lettings"
    verbose_name = "Properties and lettings"

    def ready(self) -> None:
        from lettings import dashboard  # noqa: F401  registers the staff dashboard card
        from lettings.services.shortlisting import register_approval_handlers

        register_approval_handlers()
