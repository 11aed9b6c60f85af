"""Give the default scheme's reason codes their triggers, date rules and discretionary flags
(DOMAIN.md §4.4.2), so the system can suggest reasons from the application's facts."""

from django.db import migrations


def load(apps, schema_editor):
    from housing.scheme import defaults

    ReasonCode = apps.get_model("scheme", "ReasonCode")
    SchemeVersion = apps.get_model("scheme", "SchemeVersion")
    for version in SchemeVersion.objects.filter(name="Default allocation scheme"):
        for code, (trigger, date_rule, discretionary) in defaults.REASON_SETTINGS.items():
            ReasonCode.objects.filter(scheme=version, code=code).update(
                trigger=trigger, date_rule=date_rule, is_discretionary=discretionary)


class Migration(migrations.Migration):
    dependencies = [("scheme", "0004_banding_settings")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
