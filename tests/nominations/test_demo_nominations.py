"""The nominations demo (``seed_demo``): an agreement per demo provider, a Riverside Vale
vacancy with a nominee waiting for the provider, a Northgate vacancy waiting for the council;
a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from housing.letters.models import Letter
from nominations.models import Nomination, NominationAgreement, NominationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root):  # type: ignore[no-untyped-def]
    """Demo uploads and letter PDFs go to a temporary folder."""


def test_the_demo_has_both_providers_vacancies_and_runs_twice():
    call_command("seed_demo", "--quiet", stdout=StringIO(), stderr=StringIO())

    assert set(NominationAgreement.objects.values_list("provider__code", flat=True)) == {
        "RVH", "NGH"}
    riverside = NominationRequest.objects.get(provider__code="RVH")
    northgate = NominationRequest.objects.get(provider__code="NGH")
    assert (riverside.route, riverside.status) == ("nomination_only", "nominated")
    [nominee] = riverside.nominations.all()
    assert nominee.status == Nomination.Status.SENT
    assert Letter.objects.filter(template__code="nomination-notice",
                                 subject_id=str(nominee.pk)).exists()
    assert (northgate.status, northgate.nominations.count()) == ("requested", 0)

    call_command("seed_demo", "--quiet", stdout=StringIO(), stderr=StringIO())

    assert (NominationAgreement.objects.count(), NominationRequest.objects.count(),
            Nomination.objects.count()) == (2, 2, 1)
