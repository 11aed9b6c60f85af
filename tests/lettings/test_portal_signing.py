"""The applicant signs their tenancy in the portal (DOMAIN.md §3.15, §5.3 step 3): the key
terms and the exact pack to read, the signature recorded with its IP address, browser and the
SHA-256 of the stored PDF, a changed pack refused, bad input shown in the error summary with
nothing stored, other households kept out, and the signed copy after the counter-signature."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from html import unescape
from typing import Any, cast

import pytest
from django.utils import timezone

from applications.models import HouseholdMember
from lettings.models import (
    Advert,
    BiddingCycle,
    Offer,
    SignUp,
    Tenancy,
    TenancyPack,
    TenancySignature,
)
from lettings.services import signups as s
from lettings.services.bidding import bid_place
from lettings.services.cycles import advert_close
from lettings.services.offers import offer_accept, offer_make
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, UserFactory, VoidFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) HomewardTest/1.0"
OTHER_CHECKS = ("identity", "household", "rent_in_advance", "benefit_claim", "support",
                "tenancy_end")


# --- Setting up a sign-up (shared with test_api_signups) -----------------------------------------

def accepted_offer(make_bidder: Any, officer: Any, user: Any, *, joint: bool = False,
                   landlord: Any = None) -> Offer:
    """An offer of a home (of ``landlord`` when given) to ``user``'s household, accepted. With
    ``joint``, the household has an eligible adult joint applicant."""
    cycle = cast(BiddingCycle, CycleFactory())
    void = VoidFactory(status="advertised",
                       tenancy_end_date=timezone.localdate() - dt.timedelta(days=20),
                       property=PropertyFactory(bedrooms=2, bedspaces=4,
                                                service_charge="12.50",
                                                **({"landlord": landlord} if landlord else {})))
    advert = cast(Advert, AdvertFactory(cycle=cycle, property=void.property, void=void,
                                        allowed_sizes=[2]))
    application = make_bidder(user=user)
    application.members.filter(role="lead").update(immigration_status="british",
                                                    habitually_resident=True)
    if joint:
        HouseholdMember.objects.create(
            application=application, role="joint", first_name="Jo", last_name="Partner",
            date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 40),
            immigration_status="british", habitually_resident=True)
    bid_place(application=application, advert=advert, actor=None)
    advert_close(advert=advert, now=cycle.closes_at)
    offer = offer_make(entry=advert.shortlist.get(rank=1), actor=officer)
    offer_accept(offer=offer, actor=officer)
    return offer


def complete_checks(signup: SignUp, officer: Any) -> None:
    """Terms set and every pre-tenancy check settled, so the pack can be made."""
    s.signup_terms_update(signup=signup, actor=officer,
                          data={"start_date": timezone.localdate() + dt.timedelta(days=7)})
    s.signup_eligibility_recheck(signup=signup, actor=officer)
    s.affordability_record(signup=signup, actor=officer, figures={
        "earnings": "400", "council_tax": "20", "utilities": "30",
        "food_and_household": "80"})
    for code in OTHER_CHECKS:
        s.signup_check_record(
            signup=signup, actor=officer, code=code,
            status="done" if code in ("identity", "household", "rent_in_advance")
            else "not_needed", outcome="Checked with the applicant.",
            details={"working_situation": "full_time"} if code == "household" else {})


def ready_signup(make_bidder: Any, officer: Any, user: Any, *, joint: bool = False,
                 landlord: Any = None) -> SignUp:
    """A sign-up with its pack made: ready for ``user`` (the applicant) to sign."""
    offer = accepted_offer(make_bidder, officer, user, joint=joint, landlord=landlord)
    signup = s.signup_start(offer=offer, actor=officer)
    complete_checks(signup, officer)
    s.pack_generate(signup=signup, actor=officer)
    signup.refresh_from_db()
    return signup


def pack_of(signup: SignUp) -> TenancyPack:
    pack = s.current_pack(signup)
    assert pack is not None
    return pack


def lead_of(signup: SignUp) -> HouseholdMember:
    return signup.application.members.get(role="lead")


def text_of(response: Any) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def url(signup: SignUp, tail: str = "") -> str:
    return f"/account/tenancy/{signup.pk}/{tail}"


def sign_form(signup: SignUp, member: HouseholdMember | None = None, **overrides: Any
              ) -> dict[str, Any]:
    member = member or lead_of(signup)
    data: dict[str, Any] = {"member": member.pk, "typed_name": member.full_name,
                            "confirmed": "on", "pdf_sha256": pack_of(signup).sha256}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- Reading the tenancy -------------------------------------------------------------------------

def test_the_applicant_sees_the_key_terms_the_pack_and_its_fingerprint(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    pack = pack_of(signup)
    client.force_login(applicant)

    response = client.get(url(signup))

    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()
    assert "Sign your tenancy" in text
    assert signup.property.address in text
    assert signup.property.landlord.name in text
    assert lead_of(signup).full_name in text
    assert signup.get_tenancy_type_display() in text
    start = signup.start_date
    assert start is not None and f"{start:%A} {start.day} {start:%B %Y}" in text
    assert f"£{signup.weekly_total:.2f} a week" in text
    assert "£12.50 a week" in text  # the service charge
    pages = pack.letter.pdf_pages
    assert pages and f"Read your tenancy pack (PDF, {pages} pages)" in text
    assert f'href="{url(signup, "pack.pdf")}"' in html
    assert "Document fingerprint" in text and pack.sha256 in text
    # The form: one tenant, so no radios; the name box is labelled and set up for a name.
    assert f'name="pdf_sha256" value="{pack.sha256}"' in html
    assert 'type="radio"' not in html
    assert f"Signing as {lead_of(signup).full_name}" in text
    assert re.search(r'<label[^>]+for="id_typed_name"[^>]*>\s*Type your full name', html)
    name_input = re.search(r'<input[^>]+name="typed_name"[^>]*>', html)
    assert name_input and 'autocomplete="name"' in name_input[0]
    assert 'spellcheck="false"' in name_input[0]
    assert re.search(r'<label[^>]+for="id_confirmed"[^>]*>\s*I have read the tenancy agreement '
                     r'and agree to its terms', html)
    assert "Sign the tenancy" in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"


def test_the_pack_pdf_is_the_stored_pdf_streamed_inline(client, make_bidder, officer, applicant,
                                                       media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.get(url(signup, "pack.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = streamed(response)
    assert body.startswith(b"%PDF-")
    assert hashlib.sha256(body).hexdigest() == pack_of(signup).sha256


def test_a_joint_tenancy_asks_who_is_signing_and_waits_for_every_tenant(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant, joint=True)
    lead = lead_of(signup)
    joint = signup.application.members.get(role="joint")
    client.force_login(applicant)

    html = client.get(url(signup)).content.decode()
    assert "Who is signing?" in html
    assert html.count('type="radio"') == 2

    response = client.post(url(signup), sign_form(signup, joint), REMOTE_ADDR="198.51.100.7",
                           HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.READY
    page = client.get(url(signup))
    html = page.content.decode()
    assert 'type="radio"' not in html  # only the lead tenant is left
    assert f"Signing as {lead.full_name}" in text_of(page)
    assert f"{joint.full_name}: signed online on" in text_of(page)

    client.post(url(signup), sign_form(signup, lead), REMOTE_ADDR="198.51.100.7",
                HTTP_USER_AGENT=BROWSER)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.TENANT_SIGNED
    assert TenancySignature.objects.filter(pack=pack_of(signup), role="tenant").count() == 2


# --- Signing -------------------------------------------------------------------------------------

def test_the_applicant_signs_online_with_ip_browser_and_the_stored_pdfs_hash(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    pack = pack_of(signup)
    lead = lead_of(signup)
    client.force_login(applicant)

    response = client.post(url(signup), sign_form(signup, typed_name=f"  {lead.full_name} "),
                           REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 302
    assert response["Location"] == url(signup)
    signature = TenancySignature.objects.get(pack=pack)
    assert signature.role == TenancySignature.Role.TENANT
    assert signature.method == TenancySignature.Method.ONLINE
    assert signature.member == lead
    assert signature.user == applicant
    assert signature.typed_name == lead.full_name
    assert signature.ip_address == "203.0.113.9"
    assert signature.user_agent == BROWSER
    assert signature.pdf_sha256 == pack.sha256 == s.sha256_of_file(pack.letter.pdf)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.TENANT_SIGNED

    text = text_of(client.get(url(signup)))
    assert "You have signed your tenancy" in text
    assert "Waiting for us to counter-sign" in text
    assert "What happens next" in text and "counter-signs" in text
    assert "Type your full name" not in text  # nothing left to sign


def test_a_pack_changed_since_the_page_was_opened_is_refused_and_nothing_is_stored(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    old = pack_of(signup)
    client.force_login(applicant)
    opened = sign_form(signup)  # what the page carried when the applicant opened it
    s.signup_reopen(signup=signup, actor=officer, reason="The start date moved")
    new = s.pack_generate(signup=signup, actor=officer)
    assert new.sha256 != old.sha256

    response = client.post(url(signup), opened, REMOTE_ADDR="203.0.113.9",
                           HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 409
    assert not TenancySignature.objects.exists()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.READY
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The tenancy pack has changed since it was opened" in text_of(response)
    # The page now offers the new pack: its fingerprint, and the confirmation to give again.
    assert f'name="pdf_sha256" value="{new.sha256}"' in html
    checkbox = re.search(r'<input[^>]+name="confirmed"[^>]*>', html)
    assert checkbox and "checked" not in checkbox[0]


def test_a_pack_being_remade_is_hidden_and_the_offer_page_says_it_is_being_updated(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    client.force_login(applicant)
    opened = sign_form(signup)
    s.signup_reopen(signup=signup, actor=officer, reason="The rent changed")

    assert client.get(url(signup)).status_code == 404
    assert client.post(url(signup), opened).status_code == 404
    text = text_of(client.get(f"/account/offers/{signup.offer_id}/"))
    assert "We are updating your tenancy pack" in text
    assert not TenancySignature.objects.exists()


def test_a_wrong_name_and_no_confirmation_are_shown_in_the_error_summary(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.post(url(signup), sign_form(signup, typed_name="Somebody Else",
                                                  confirmed=None))

    assert response.status_code == 400
    html = response.content.decode()
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert found
    summary = found[0]
    assert 'href="#id_typed_name"' in summary
    assert "Type the name exactly as it is on the tenancy" in summary
    assert 'href="#id_confirmed"' in summary
    assert "Confirm that you have read the tenancy agreement" in summary
    assert 'id="id_typed_name"' in html and 'id="id_confirmed"' in html
    assert response.context["form"]["typed_name"].value() == "Somebody Else"
    assert "<title>Error:" in html
    assert not TenancySignature.objects.exists()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.READY


def test_an_empty_signature_is_refused(client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    client.force_login(applicant)

    response = client.post(url(signup), {"member": lead_of(signup).pk,
                                         "pdf_sha256": pack_of(signup).sha256})

    assert response.status_code == 400
    text = text_of(response)
    assert "Type your full name to sign" in text
    assert not TenancySignature.objects.exists()


def test_tampered_fields_are_refused_without_an_error(client, make_bidder, officer, applicant,
                                                      media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    client.force_login(applicant)

    for data in (sign_form(signup) | {"member": "x"}, sign_form(signup) | {"member": "999999"},
                 sign_form(signup, pdf_sha256="f" * 65)):
        response = client.post(url(signup), data)
        assert response.status_code == 400, data
        assert "govuk-error-summary" in response.content.decode()
    assert not TenancySignature.objects.exists()


# --- Who may see it ------------------------------------------------------------------------------

def test_another_household_gets_404_and_staff_are_refused(client, make_bidder, officer,
                                                         applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    other = UserFactory(username="applicant-b", role="applicant")
    make_bidder(user=other)

    client.force_login(other)
    for tail in ("", "pack.pdf", "signed.pdf"):
        assert client.get(url(signup, tail)).status_code == 404, tail
    assert client.post(url(signup), sign_form(signup)).status_code == 404
    assert "Sign your tenancy" not in text_of(client.get("/account/"))

    client.force_login(officer)
    assert client.get(url(signup)).status_code == 403
    assert client.post(url(signup), sign_form(signup)).status_code == 403
    assert not TenancySignature.objects.exists()


def test_a_sign_up_still_in_its_checks_is_not_shown(client, make_bidder, officer, applicant,
                                                     media_root):
    offer = accepted_offer(make_bidder, officer, applicant)
    signup = s.signup_start(offer=offer, actor=officer)
    client.force_login(applicant)

    assert client.get(url(signup)).status_code == 404
    assert "We are updating your tenancy pack" not in text_of(
        client.get(f"/account/offers/{offer.pk}/"))


# --- Where the applicant finds it ----------------------------------------------------------------

def test_the_account_page_and_the_offer_page_point_to_the_pack_to_sign(
        client, make_bidder, officer, applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    client.force_login(applicant)

    account = client.get("/account/")
    assert "Sign your tenancy" in text_of(account)
    assert 'href="/account/tenancy/"' in account.content.decode()
    listing = client.get("/account/tenancy/")
    assert listing.status_code == 200
    assert f'href="{url(signup)}"' in listing.content.decode()
    assert signup.property.address in text_of(listing)
    offer_page = client.get(f"/account/offers/{signup.offer_id}/")
    assert "Your tenancy pack is ready to sign" in text_of(offer_page)
    assert f'href="{url(signup)}"' in offer_page.content.decode()


# --- After the counter-signature -----------------------------------------------------------------

def test_the_signed_copy_is_offered_after_the_counter_signature(client, make_bidder, officer,
                                                               applicant, media_root):
    signup = ready_signup(make_bidder, officer, applicant)
    pack = pack_of(signup)
    client.force_login(applicant)
    client.post(url(signup), sign_form(signup), REMOTE_ADDR="203.0.113.9",
                HTTP_USER_AGENT=BROWSER)
    assert client.get(url(signup, "signed.pdf")).status_code == 404  # not counter-signed yet

    tenancy = s.countersign(signup=signup, actor=officer, typed_name=officer.get_full_name(),
                            confirmed=True, pdf_sha256=pack.sha256)

    signup.refresh_from_db()
    page = client.get(url(signup))
    text = text_of(page)
    assert "Your tenancy is signed" in text
    assert tenancy.reference in text
    assert f'href="{url(signup, "signed.pdf")}"' in page.content.decode()
    download = client.get(url(signup, "signed.pdf"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline")
    assert hashlib.sha256(streamed(download)).hexdigest() == signup.signed_pdf_sha256
    offer_page = text_of(client.get(f"/account/offers/{signup.offer_id}/"))
    assert "Your tenancy is signed" in offer_page and tenancy.reference in offer_page
    # Signing again is refused: there is nothing left to sign.
    again = client.post(url(signup), sign_form(signup))
    assert again.status_code == 409
    assert TenancySignature.objects.filter(role="tenant").count() == 1
    assert Tenancy.objects.filter(signup=signup).count() == 1
