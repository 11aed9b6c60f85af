from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Housing register"

    def ready(self) -> None:
        from applications import dashboard  # noqa: F401  registers the staff dashboard card
        from applications.services.banding import register_approval_handlers

        register_approval_handlers()

        # POST /api/v1/approvals/ with {"subject": {"application": "<reference>"}}.
        from applications.api.assessment import application_subject
        from housing.approvals.api.subjects import register_subject_kind

        register_subject_kind("application", application_subject)

        from applications.services.medical import (
            register_approval_handlers as register_medical_approval_handlers,
        )

        register_medical_approval_handlers()

        from applications.services.reviews import register_review_approval_handlers

        register_review_approval_handlers()
