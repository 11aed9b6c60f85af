"""Install the default scheme (DOMAIN.md §4, §8) so a new deployment has a version in force.
Councils copy it into a draft, change what differs, and publish their own."""

import datetime as dt

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from housing.scheme import defaults

    SchemeVersion = apps.get_model("scheme", "SchemeVersion")
    BandDefinition = apps.get_model("scheme", "BandDefinition")
    ReasonCode = apps.get_model("scheme", "ReasonCode")
    if SchemeVersion.objects.exists():
        return
    version = SchemeVersion.objects.create(
        name="Default allocation scheme", effective_from=dt.date(2024, 4, 1),
        status="published", published_at=timezone.now(), debt_types=list(defaults.DEBT_TYPES),
        summary_of_changes="Homeward's default scheme: review and adapt before going live.",
    )
    bands = {code: BandDefinition.objects.create(scheme=version, code=code, name=name, rank=rank,
                                                 description=text)
             for code, name, rank, text in defaults.BANDS}
    for code, band, title, rp, approval in defaults.REASON_CODES:
        ReasonCode.objects.create(scheme=version, code=code, band=bands[band], title=title,
                                  rp_categories=rp, requires_manager_approval=approval)


class Migration(migrations.Migration):
    dependencies = [("scheme", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
