from django.db import migrations

TEMPLATES = [
    ("viewing-invitation", "An invitation to view a home", "letters/viewing_invitation.html",
     False),
    ("bypass-notice", "Why you were not offered a home you bid for", "letters/bypass_notice.html",
     True),
]


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for code, title, template_name, review in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            code=code, defaults={"title": title, "template_name": template_name, "version": 1,
                                 "contains_review_rights": review})


class Migration(migrations.Migration):
    dependencies = [("letters", "0006_offer_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
