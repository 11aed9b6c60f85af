from django.db import migrations

TEMPLATES = [
    ("offer", "An offer of a home", "letters/offer.html", False),
    ("offer-viewing", "Your viewing of the home we have offered you", "letters/offer_viewing.html",
     False),
    ("refusal-decision", "Our decision about the offer you refused",
     "letters/refusal_decision.html", True),
]


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for code, title, template_name, review in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            code=code, defaults={"title": title, "template_name": template_name, "version": 1,
                                 "contains_review_rights": review})


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_history_reason_text")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
