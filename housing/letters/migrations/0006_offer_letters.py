from django.db import migrations

from housing.letters.migrations._loader import templates_loader

TEMPLATES = [
    ("offer", "An offer of a home", "letters/offer.html", False),
    ("offer-viewing", "Your viewing of the home we have offered you", "letters/offer_viewing.html",
     False),
    ("refusal-decision", "Our decision about the offer you refused",
     "letters/refusal_decision.html", True),
]


load = templates_loader(TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_history_reason_text")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
