from django.db import migrations

TEMPLATES = [
    ("accepted", "Decision on your housing application: accepted onto the register",
     "letters/accepted.html", True),
    ("reassessment", "We have reassessed your housing application", "letters/reassessment.html",
     True),
    ("medical-outcome", "Decision on your medical or welfare assessment",
     "letters/medical_outcome.html", True),
    ("review-acknowledgement", "We have received your request for a review",
     "letters/review_acknowledgement.html", False),
    ("review-late-refused", "Your late request for a review", "letters/review_late_refused.html",
     False),
    ("review-decision", "The decision on your review", "letters/review_decision.html", False),
]


def load(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for code, title, template_name, review in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            code=code, defaults={"title": title, "template_name": template_name, "version": 1,
                                 "contains_review_rights": review})


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_register_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
