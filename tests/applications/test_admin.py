"""Admin: prescribed classes are editable data; casework is read-only and scoped like the pages."""

from __future__ import annotations

import pytest

from applications.models import CaseNote
from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_admin_can_edit_prescribed_classes_but_not_casework(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/applications/prescribedclass/add/").status_code == 200
    application = ApplicationFactory()
    assert client.get("/admin/applications/application/add/").status_code == 403
    page = client.get(f"/admin/applications/application/{application.pk}/change/")
    assert page.status_code == 200 and b'name="status"' not in page.content


@pytest.mark.django_db
def test_admin_list_of_notes_hides_restricted_notes_from_admins_outside_the_group(
        client, admin_user, manager):
    application = ApplicationFactory()
    CaseNote.objects.create(application=application, category="domestic_abuse",
                            body="Perpetrator lives on Elm Road", restricted=True, author=manager)
    client.force_login(admin_user)
    assert b"Elm Road" not in client.get("/admin/applications/casenote/").content
    filtered = client.get("/admin/applications/casenote/?restricted__exact=1")
    assert b"0 case notes" in filtered.content
