from django.db import migrations


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.get_or_create(
        code="welcome",
        defaults={"title": "Welcome to your housing account",
                  "template_name": "letters/welcome.html", "version": 1},
    )


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
