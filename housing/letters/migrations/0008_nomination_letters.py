from django.db import migrations

# L14 and L15 (DOMAIN.md §6): the nomination notice and the nomination rejected letter.
TEMPLATES = [
    ("nomination-notice", "You are being nominated for a housing association home",
     "letters/nomination_notice.html", False),
    ("nomination-rejected", "The housing association did not accept your nomination",
     "letters/nomination_rejected.html", False),
]


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for code, title, template_name, review in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            code=code, defaults={"title": title, "template_name": template_name, "version": 1,
                                 "contains_review_rights": review})


class Migration(migrations.Migration):
    dependencies = [("letters", "0007_shortlist_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
