from django.db import migrations

from housing.letters.migrations._loader import templates_loader

# L14 and L15 (DOMAIN.md §6): the nomination notice and the nomination rejected letter.
TEMPLATES = [
    ("nomination-notice", "You are being nominated for a housing association home",
     "letters/nomination_notice.html", False),
    ("nomination-rejected", "The housing association did not accept your nomination",
     "letters/nomination_rejected.html", False),
]


load = templates_loader(TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [("letters", "0007_shortlist_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
