from django.db import migrations

from housing.letters.migrations._loader import templates_loader

TEMPLATES = [
    ("acknowledgement", "We have received your housing application",
     "letters/acknowledgement.html", False),
    ("information-request", "We need more information for your housing application",
     "letters/information_request.html", False),
    ("closure-incomplete", "We have closed your housing application",
     "letters/closure_incomplete.html", False),
    ("not-eligible", "Decision on your housing application: not eligible",
     "letters/not_eligible.html", True),
    ("not-qualifying", "Decision on your housing application: does not qualify",
     "letters/not_qualifying.html", True),
]


load = templates_loader(TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_welcome_template")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
