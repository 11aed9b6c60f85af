"""Load the Eligibility Regulations 2006 reg 3 classes into the editable table."""

from django.db import migrations


def load(apps, schema_editor):
    from applications.rules.prescribed_classes import DEFAULT_PRESCRIBED_CLASSES

    PrescribedClass = apps.get_model("applications", "PrescribedClass")
    for item in DEFAULT_PRESCRIBED_CLASSES:
        PrescribedClass.objects.update_or_create(
            code=item.code, effective_from=item.effective_from,
            defaults={"title": item.title, "description": item.description,
                      "statuses": [str(s) for s in item.statuses],
                      "requires_habitual_residence": item.requires_habitual_residence,
                      "effective_to": item.effective_to})


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_register_casework")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
