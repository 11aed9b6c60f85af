from django.apps import AppConfig


class LettingsConfig(AppConfig):
    name = "lettings"
    verbose_name = "Properties and lettings"

    def ready(self) -> None:
        from lettings import dashboard  # noqa: F401  registers the staff dashboard card
        from lettings.services import direct_matches, shortlisting

        shortlisting.register_approval_handlers()
        direct_matches.register_approval_handlers()
