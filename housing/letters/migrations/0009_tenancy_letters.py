from django.db import migrations

from housing.letters.migrations._loader import templates_loader

# L22 (DOMAIN.md §6): the tenancy sign-up pack, and the letter that sends the signed copy.
TEMPLATES = [
    ("tenancy-pack", "Your tenancy sign-up pack", "letters/tenancy_pack.html", False),
    ("tenancy-signed", "Your signed tenancy agreement", "letters/tenancy_signed.html", False),
]

load = templates_loader(TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [("letters", "0008_nomination_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
