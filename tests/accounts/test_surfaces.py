"""Each surface is for its own people: staff pages, the partner portal and the applicant's
account."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("fixture", "path", "status"), [
    ("applicant", "/staff/", 403),
    ("applicant", "/partners/", 403),
    ("applicant", "/account/", 200),
    ("provider_user_a", "/staff/", 403),
    ("provider_user_a", "/partners/", 200),
    ("provider_user_a", "/account/", 403),
    ("officer", "/partners/", 403),
    ("officer", "/staff/", 200),
    ("officer", "/account/", 403),
    ("manager", "/staff/", 200),
    ("adviser", "/staff/", 200),
    ("admin_user", "/staff/", 200),
    ("admin_user", "/partners/", 403),
])
def test_surface_access_by_role(client, request, fixture, path, status):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", ["/staff/", "/partners/", "/account/", "/account/letters/",
                                  "/staff/applications/", "/staff/adverts/"])
def test_anonymous_people_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_unverified_applicant_cannot_use_the_account(client, applicant):
    applicant.email_verified_at = None
    applicant.save(update_fields=["email_verified_at"])
    client.force_login(applicant)
    assert client.get("/account/").status_code == 403


def test_provider_user_of_an_inactive_provider_is_refused(client, provider_user_a, provider_a):
    provider_a.is_active = False
    provider_a.save(update_fields=["is_active"])
    client.force_login(provider_user_a)
    assert client.get("/partners/").status_code == 403


def test_deactivated_staff_member_is_refused(client, officer):
    client.force_login(officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    response = client.get("/staff/")
    assert response.status_code in (302, 403)
    assert response.status_code != 200


def test_staff_pages_refuse_applicants_with_a_403_page(client, applicant):
    client.force_login(applicant)
    response = client.get("/staff/applications/")
    assert response.status_code == 403
    assert "text/html" in response["Content-Type"]


def test_only_admin_role_with_is_staff_reaches_django_admin(client, officer, admin_user):
    client.force_login(officer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
