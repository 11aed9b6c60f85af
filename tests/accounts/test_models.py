"""Database rules for people and organisations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from housing.accounts import policies
from housing.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_database_rejects_a_provider_user_without_an_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="orphan", role="provider", organisation=None)


def test_validation_explains_a_provider_user_needs_a_provider():
    user = User(username="orphan", role="provider", organisation=None)
    user.set_unusable_password()
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "A registered provider user must belong to a provider." in str(excinfo.value)


def test_provider_user_with_an_organisation_is_accepted(provider_a):
    user = User.objects.create(username="ok", role="provider", organisation=provider_a)
    assert user.is_provider_user


def test_other_roles_need_no_organisation():
    assert UserFactory(username="solo", role="applicant", organisation=None).is_applicant


def test_role_helpers(officer, applicant, provider_user_a, admin_user):
    assert officer.is_staff_member and not officer.is_applicant
    assert admin_user.is_staff_member
    assert applicant.is_applicant and not applicant.is_staff_member
    assert provider_user_a.is_provider_user and not provider_user_a.is_staff_member


def test_home_url_names(officer, applicant, provider_user_a, adviser):
    assert policies.home_url_name(officer) == "staff:home"
    assert policies.home_url_name(adviser) == "staff:home"
    assert policies.home_url_name(provider_user_a) == "partners:home"
    assert policies.home_url_name(applicant) == "portal:account"


def test_user_history_never_records_the_password(applicant):
    applicant.set_password("another-password-123")
    applicant.save()
    record = applicant.history.first()
    assert not hasattr(record, "password")
