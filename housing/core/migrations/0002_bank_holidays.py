from django.db import migrations


def load(apps, schema_editor):
    from housing.core.bank_holidays import ENGLAND_AND_WALES

    BankHoliday = apps.get_model("core", "BankHoliday")
    for day, title in ENGLAND_AND_WALES:
        BankHoliday.objects.get_or_create(date=day, defaults={"title": title})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
