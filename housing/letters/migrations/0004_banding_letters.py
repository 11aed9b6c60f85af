from django.db import migrations

from housing.letters.migrations._loader import templates_loader

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


load = templates_loader(TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_register_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
