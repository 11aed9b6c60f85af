from django.db import migrations

from housing.letters.migrations._loader import templates_loader

TEMPLATES = [
    ("viewing-invitation", "An invitation to view a home", "letters/viewing_invitation.html",
     False),
    ("bypass-notice", "Why you were not offered a home you bid for", "letters/bypass_notice.html",
     True),
]


load = templates_loader(TEMPLATES)


class Migration(migrations.Migration):
    dependencies = [("letters", "0006_offer_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
