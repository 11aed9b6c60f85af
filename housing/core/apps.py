import logging
import sys

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "housing.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from housing.core import calendar
        from housing.core.models import BankHoliday

        # Cache invalidation only (no domain flow): a bank holiday edited in admin applies at once.
        for signal in (post_save, post_delete):
            signal.connect(lambda **kwargs: calendar.clear_cache(), sender=BankHoliday,
                           weak=False, dispatch_uid=f"bank-holiday-cache-{signal}")

        # One clear line at start: which database and which task mode are in use.
        command = sys.argv[1] if len(sys.argv) > 1 else ""
        if command in {"runserver", "run_demo", "worker", "beat"} or "gunicorn" in sys.argv[0] \
                or "celery" in sys.argv[0]:
            logging.getLogger("housing.startup").info(settings.STARTUP_SUMMARY)
