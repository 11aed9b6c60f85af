"""Homes, photos, voids and adverts (``lettings.services.stock`` and ``.adverts``; DOMAIN.md
§3.8–3.10, §5.2 steps 1–3, §5.10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from housing.core.exceptions import ApplicationError, ConflictError, IllegalTransition
from lettings import selectors
from lettings.models import Advert, Bid, BiddingCycle, Property, PropertyPhoto, Void
from lettings.services.adverts import (
    advert_approve,
    advert_create,
    advert_publish,
    advert_readvertise,
    advert_withdraw,
)
from lettings.services.bidding import bid_place
from lettings.services.stock import (
    property_create,
    property_photo_add,
    property_photo_remove,
    property_update,
    void_create,
    void_transition,
    void_update,
)
from tests.factories import AdvertFactory, CycleFactory, PropertyFactory, VoidFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


def a_home(**fields: Any) -> Property:
    return cast(Property, PropertyFactory(**fields))


def a_void(**fields: Any) -> Void:
    """A void that is ready to let (unless ``fields`` say otherwise)."""
    return cast(Void, VoidFactory(**fields))


def a_cycle(**fields: Any) -> BiddingCycle:
    """An open cycle (unless ``fields`` say otherwise)."""
    return cast(BiddingCycle, CycleFactory(**fields))


def an_advert(**fields: Any) -> Advert:
    """A live advert in an open cycle (unless ``fields`` say otherwise)."""
    return cast(Advert, AdvertFactory(**fields))


def home_data(landlord: Any, **changes: Any) -> dict[str, Any]:
    return {"reference": "BBC-00123", "address_line_1": "12 Mill Lane", "town": "Brackenfield",
            "postcode": "bf3  4ab", "landlord": landlord, "property_type": "flat",
            "bedrooms": 2, "bedspaces": 4, "weekly_rent": Decimal("98.50"), **changes}


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


# --- Homes ----------------------------------------------------------------------------------------

def test_officer_adds_a_home(officer, council):
    prop = property_create(actor=officer, data=home_data(council, uprn="100012345678"))

    prop.refresh_from_db()
    assert prop.postcode == "BF3 4AB"
    assert prop.uprn == "100012345678"
    assert prop.landlord_type == "LA"
    assert prop.history.first().history_change_reason == "Home added"


def test_home_with_fewer_bedspaces_than_bedrooms_is_refused_in_plain_english(officer, council):
    with pytest.raises(ApplicationError) as exc:
        property_create(actor=officer, data=home_data(council, bedrooms=3, bedspaces=2))

    assert exc.value.status_code == 400
    assert exc.value.message == "Check the home's details."
    assert exc.value.errors == {"bedspaces": ["A home with 3 bedrooms has at least 3 "
                                              "bedspaces"]}
    assert not Property.objects.exists()


def test_home_whose_minimum_occupancy_exceeds_its_bedspaces_is_refused(officer, council):
    with pytest.raises(ApplicationError) as exc:
        property_create(actor=officer, data=home_data(council, min_occupancy=5))

    assert exc.value.errors == {"min_occupancy": ["The fewest people who may live here cannot "
                                                  "be more than the bedspaces"]}


def test_negative_rent_or_service_charge_is_refused(officer, council):
    with pytest.raises(ApplicationError) as exc:
        property_create(actor=officer, data=home_data(council, weekly_rent=Decimal("-1.00"),
                                                      service_charge=Decimal("-0.01")))

    assert exc.value.errors == {"weekly_rent": ["The weekly rent cannot be less than £0"],
                                "service_charge": ["The service charge cannot be less than £0"]}
    assert not Property.objects.exists()


def test_uprn_that_is_not_a_number_of_up_to_12_digits_is_refused(officer, council):
    for bad in ("UPRN-1", "1234567890123"):
        with pytest.raises(ApplicationError) as exc:
            property_create(actor=officer, data=home_data(council, uprn=bad))
        assert exc.value.errors["uprn"] == ["A UPRN is a number of up to 12 digits"]
    assert not Property.objects.exists()


def test_duplicate_uprn_or_reference_is_a_conflict(officer, council):
    property_create(actor=officer, data=home_data(council, uprn="100012345678"))

    with pytest.raises(ConflictError) as uprn:
        property_create(actor=officer, data=home_data(council, reference="BBC-00124",
                                                      uprn="100012345678"))
    with pytest.raises(ConflictError) as reference:
        property_create(actor=officer, data=home_data(council))

    assert uprn.value.status_code == 409
    assert uprn.value.errors == {"uprn": ["Another home already has this UPRN"]}
    assert reference.value.errors == {"reference": ["Another home already has this reference"]}
    assert Property.objects.count() == 1


def test_blank_uprn_is_stored_as_none_so_many_homes_may_have_none(officer, council):
    property_create(actor=officer, data=home_data(council, uprn=""))
    second = property_create(actor=officer, data=home_data(council, reference="BBC-2", uprn=""))

    assert second.uprn is None


def test_officer_updates_a_home(officer, council):
    prop = property_create(actor=officer, data=home_data(council, uprn="100012345678"))

    updated = property_update(prop=prop, actor=officer,
                              data={"weekly_rent": Decimal("101.25"), "uprn": "100012345678"})

    assert updated.weekly_rent == Decimal("101.25")
    assert updated.history.first().history_change_reason == "Details updated"


def test_update_is_checked_like_a_new_home_and_changes_nothing_when_refused(officer, council):
    prop = property_create(actor=officer, data=home_data(council, uprn="100012345678"))
    other = property_create(actor=officer, data=home_data(council, reference="BBC-2"))

    with pytest.raises(ApplicationError) as small:
        property_update(prop=prop, actor=officer, data={"bedrooms": 5})
    with pytest.raises(ConflictError) as clash:
        property_update(prop=other, actor=officer, data={"uprn": "100012345678"})

    assert small.value.errors == {"bedspaces": ["A home with 5 bedrooms has at least 5 "
                                                "bedspaces"]}
    assert clash.value.errors == {"uprn": ["Another home already has this UPRN"]}
    prop.refresh_from_db()
    other.refresh_from_db()
    assert (prop.bedrooms, other.uprn) == (2, None)


def test_fields_that_cannot_be_set_are_refused(officer, council):
    with pytest.raises(ApplicationError) as exc:
        property_create(actor=officer, data=home_data(council, id=99, created_at=None))

    assert exc.value.errors == {"created_at": ["This field cannot be set."],
                                "id": ["This field cannot be set."]}


def test_minimum_age_is_dropped_on_general_needs_homes(officer, council):
    general = property_create(actor=officer, data=home_data(council, min_age=60))
    older = property_create(actor=officer, data=home_data(
        council, reference="BBC-2", designation="older_persons", min_age=60))

    assert general.min_age is None
    assert older.min_age == 60


# --- Photos ---------------------------------------------------------------------------------------

def test_png_and_jpeg_photos_are_stored_under_a_generated_name(officer, media_root):
    prop = a_home()

    png = property_photo_add(prop=prop, actor=officer, alt_text=" The front door ",
                             upload=SimpleUploadedFile("../front-door.png", PNG))
    jpeg = property_photo_add(prop=prop, actor=officer, alt_text="The kitchen",
                              upload=SimpleUploadedFile("kitchen.jpg", JPEG))

    assert (png.content_type, jpeg.content_type) == ("image/png", "image/jpeg")
    assert png.image.name == f"property-photos/{prop.pk}/{png.token}"
    assert "front" not in str(png.image.name)
    assert "kitchen" not in str(jpeg.image.name)
    assert png.token != jpeg.token
    assert (png.alt_text, png.position, jpeg.position) == ("The front door", 0, 1)
    assert (media_root / png.image.name).read_bytes() == PNG


def test_text_file_renamed_jpg_is_refused(officer, media_root):
    prop = a_home()

    with pytest.raises(ApplicationError) as exc:
        property_photo_add(prop=prop, actor=officer, alt_text="The garden",
                           upload=SimpleUploadedFile("garden.jpg", b"just some text\n" * 10,
                                                     content_type="image/jpeg"))

    assert exc.value.errors == {"image": ["The photo must be a JPG or PNG"]}
    assert not PropertyPhoto.objects.exists()
    assert not (media_root / "property-photos").exists()


def test_photo_over_5mb_is_refused(officer, media_root):
    big = PNG + b"\x00" * (5 * 1024 * 1024)

    with pytest.raises(ApplicationError) as exc:
        property_photo_add(prop=a_home(), actor=officer, alt_text="The hall",
                           upload=SimpleUploadedFile("hall.png", big))

    assert exc.value.errors == {"image": ["The photo must be smaller than 5MB"]}
    assert not PropertyPhoto.objects.exists()


def test_photo_needs_alt_text(officer, media_root):
    with pytest.raises(ApplicationError) as exc:
        property_photo_add(prop=a_home(), actor=officer, alt_text="   ",
                           upload=SimpleUploadedFile("hall.png", PNG))

    assert exc.value.errors == {"alt_text": ["Describe what the photo shows"]}
    assert not PropertyPhoto.objects.exists()


def test_removing_a_photo_deletes_its_file(officer, media_root):
    photo = property_photo_add(prop=a_home(), actor=officer, alt_text="The hall",
                               upload=SimpleUploadedFile("hall.png", PNG))
    path = media_root / photo.image.name

    property_photo_remove(photo=photo, actor=officer)

    assert not PropertyPhoto.objects.exists()
    assert not path.exists()


# --- Voids ----------------------------------------------------------------------------------------

def test_void_starts_at_notice_vacant_or_ready_to_let_by_its_dates(officer):
    notice = void_create(prop=a_home(), actor=officer,
                         data={"reason_vacant": "tenant_notice",
                               "notice_received_date": days_ago(10)})
    vacant = void_create(prop=a_home(), actor=officer,
                         data={"reason_vacant": "death", "keys_returned_date": days_ago(3)})
    ready = void_create(prop=a_home(), actor=officer,
                        data={"reason_vacant": "new_build", "ready_to_let_date": days_ago(0)})

    assert (notice.status, vacant.status, ready.status) == (
        Void.Status.NOTICE, Void.Status.VACANT, Void.Status.READY_TO_LET)
    assert notice.created_by == officer


def test_only_one_open_void_per_home(officer):
    prop = a_home()
    first = void_create(prop=prop, actor=officer, data={"reason_vacant": "tenant_notice"})

    with pytest.raises(ConflictError) as exc:
        void_create(prop=prop, actor=officer, data={"reason_vacant": "death"})

    assert exc.value.message == "This home already has an open void. Update that one instead."
    assert Void.objects.filter(property=prop).count() == 1
    void_transition(void=first, to=Void.Status.WITHDRAWN, actor=officer,
                    reason="The tenant withdrew their notice.")
    assert void_create(prop=prop, actor=officer, data={"reason_vacant": "death"}).is_open


def test_future_keys_date_is_refused(officer):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ApplicationError) as exc:
        void_create(prop=a_home(), actor=officer,
                    data={"reason_vacant": "tenant_notice", "keys_returned_date": tomorrow})

    assert exc.value.errors == {"keys_returned_date": ["This date cannot be in the future"]}
    assert not Void.objects.exists()


def test_void_dates_must_make_sense(officer):
    with pytest.raises(ApplicationError) as keys:
        void_create(prop=a_home(), actor=officer,
                    data={"reason_vacant": "tenant_notice", "notice_received_date": days_ago(2),
                          "keys_returned_date": days_ago(5)})
    with pytest.raises(ApplicationError) as first_let:
        void_create(prop=a_home(), actor=officer,
                    data={"reason_vacant": "new_build", "tenancy_end_date": days_ago(5)})

    assert keys.value.errors == {"keys_returned_date": ["The keys cannot come back before "
                                                        "notice was given"]}
    assert first_let.value.errors == {"tenancy_end_date": ["A first let has no previous "
                                                           "tenancy"]}


def test_void_moves_through_its_stages_recording_each_date(officer):
    void = void_create(prop=a_home(), actor=officer,
                       data={"reason_vacant": "tenant_notice",
                             "notice_received_date": dt.date(2025, 9, 3),
                             "tenancy_end_date": dt.date(2025, 10, 1)})
    steps = [(Void.Status.VACANT, dt.date(2025, 10, 1)),
             (Void.Status.IN_WORKS, dt.date(2025, 10, 2)),
             (Void.Status.READY_TO_LET, dt.date(2025, 10, 15)),
             (Void.Status.ADVERTISED, dt.date(2025, 10, 16)),
             (Void.Status.OFFERED, dt.date(2025, 10, 22)),
             (Void.Status.LET, dt.date(2025, 10, 29))]
    for status, on in steps:
        void = void_transition(void=void, to=status, actor=officer, on=on)
        assert void.status == status

    void.refresh_from_db()
    assert (void.keys_returned_date, void.works_ordered_date, void.works_completed_date,
            void.ready_to_let_date, void.advertised_date, void.let_date) == (
        dt.date(2025, 10, 1), dt.date(2025, 10, 2), dt.date(2025, 10, 15),
        dt.date(2025, 10, 15), dt.date(2025, 10, 16), dt.date(2025, 10, 29))
    assert void.times_offered == 1
    assert not void.is_open
    assert void.void_days(dt.date(2026, 1, 1)) == 28


def test_a_stage_date_already_recorded_is_kept(officer):
    void = void_create(prop=a_home(), actor=officer,
                       data={"reason_vacant": "tenant_notice", "keys_returned_date": days_ago(9)})

    void = void_transition(void=void, to=Void.Status.READY_TO_LET, actor=officer,
                           on=days_ago(1))

    assert void.keys_returned_date == days_ago(9)
    assert void.ready_to_let_date == days_ago(1)


def test_illegal_void_move_is_refused(officer):
    void = void_create(prop=a_home(), actor=officer,
                       data={"reason_vacant": "tenant_notice"})

    with pytest.raises(IllegalTransition) as exc:
        void_transition(void=void, to=Void.Status.LET, actor=officer)

    assert exc.value.status_code == 409
    assert exc.value.message == "A void that is “Notice received” cannot become “Let”."
    void.refresh_from_db()
    assert void.status == Void.Status.NOTICE
    assert void.let_date is None


@pytest.mark.parametrize("end", [Void.Status.WITHDRAWN, Void.Status.DISPOSAL])
def test_ending_a_void_early_needs_a_reason(officer, end):
    void = void_create(prop=a_home(), actor=officer,
                       data={"reason_vacant": "tenant_notice"})

    with pytest.raises(ApplicationError) as exc:
        void_transition(void=void, to=end, actor=officer, reason="  ")
    void.refresh_from_db()
    assert void.status == Void.Status.NOTICE
    assert exc.value.errors == {"reason": ["Enter a reason"]}

    ended = void_transition(void=void, to=end, actor=officer, reason=" Tenant is staying. ")
    assert (ended.status, ended.end_reason) == (end, "Tenant is staying.")


def test_finished_void_cannot_be_edited(officer):
    void = void_create(prop=a_home(), actor=officer,
                       data={"reason_vacant": "tenant_notice"})
    void_transition(void=void, to=Void.Status.WITHDRAWN, actor=officer, reason="Staying.")

    with pytest.raises(ConflictError):
        void_update(void=void, actor=officer, data={"works_description": "New kitchen"})


def _let_void(**dates: Any) -> Void:
    prop = Property(weekly_rent=Decimal("100.00"), service_charge=Decimal("10.00"))
    return Void(property=prop, **dates)


def test_void_days_and_rent_loss_from_tenancy_end_to_let():
    void = _let_void(status=Void.Status.LET, tenancy_end_date=dt.date(2025, 10, 1),
                     let_date=dt.date(2025, 10, 29))

    assert void.void_days(dt.date(2026, 5, 1)) == 28
    assert void.rent_loss(dt.date(2026, 5, 1)) == Decimal("440.00")


def test_open_void_counts_days_to_today_and_a_first_let_from_ready_to_let():
    still_empty = _let_void(status=Void.Status.IN_WORKS, keys_returned_date=dt.date(2025, 10, 1))
    first_let = _let_void(status=Void.Status.READY_TO_LET,
                          ready_to_let_date=dt.date(2025, 10, 10))
    undated = _let_void(status=Void.Status.NOTICE)

    assert still_empty.void_days(dt.date(2025, 10, 8)) == 7
    assert still_empty.rent_loss(dt.date(2025, 10, 8)) == Decimal("110.00")
    assert first_let.void_days(dt.date(2025, 10, 13)) == 3
    assert undated.void_days(dt.date(2025, 10, 13)) is None
    assert undated.rent_loss(dt.date(2025, 10, 13)) is None


def test_void_stages_show_the_days_in_each_stage():
    void = _let_void(status=Void.Status.LET, notice_received_date=dt.date(2025, 9, 3),
                     tenancy_end_date=dt.date(2025, 10, 1),
                     keys_returned_date=dt.date(2025, 10, 1),
                     works_ordered_date=dt.date(2025, 10, 2),
                     works_completed_date=dt.date(2025, 10, 15),
                     ready_to_let_date=dt.date(2025, 10, 15),
                     advertised_date=dt.date(2025, 10, 16), let_date=dt.date(2025, 10, 29))

    assert void.stages(dt.date(2026, 1, 1)) == [
        ("Notice to keys returned", dt.date(2025, 9, 3), dt.date(2025, 10, 1), 28),
        ("Keys returned to works complete", dt.date(2025, 10, 1), dt.date(2025, 10, 15), 14),
        ("Ready to let to advertised", dt.date(2025, 10, 15), dt.date(2025, 10, 16), 1),
        ("Advertised to let", dt.date(2025, 10, 16), dt.date(2025, 10, 29), 13),
    ]


def test_open_void_stage_counts_to_today_and_later_stages_are_empty():
    void = _let_void(status=Void.Status.IN_WORKS, notice_received_date=dt.date(2025, 9, 3),
                     keys_returned_date=dt.date(2025, 10, 1),
                     works_ordered_date=dt.date(2025, 10, 2))

    assert void.stages(dt.date(2025, 10, 11)) == [
        ("Notice to keys returned", dt.date(2025, 9, 3), dt.date(2025, 10, 1), 28),
        ("Keys returned to works complete", dt.date(2025, 10, 1), None, 10),
        ("Ready to let to advertised", None, None, None),
        ("Advertised to let", None, None, None),
    ]


# --- Adverts --------------------------------------------------------------------------------------

def test_advert_only_from_a_void_that_is_ready_to_let(officer):
    void = a_void(status=Void.Status.IN_WORKS)

    with pytest.raises(ConflictError) as exc:
        advert_create(void=void, actor=officer)

    assert exc.value.message == "Only a void that is ready to let can be advertised."
    assert exc.value.errors == {"void": ["This void is “In works”."]}
    assert not Advert.objects.exists()


def test_advert_criteria_default_from_the_home(officer):
    wheelchair = a_void(property=a_home(
        bedrooms=2, bedspaces=3, min_occupancy=2, mobility_category="wheelchair"))
    older = a_void(property=a_home(
        bedrooms=1, bedspaces=2, designation="older_persons", min_age=60, floor_level=2))

    a = advert_create(void=wheelchair, actor=officer)
    b = advert_create(void=older, actor=officer)

    assert (a.status, a.property, a.created_by) == (Advert.Status.DRAFT, wheelchair.property,
                                                    officer)
    assert a.reference == f"ADV-{a.pk:06d}"
    assert (a.allowed_sizes, a.min_occupancy, a.max_occupancy) == ([2], 2, 3)
    assert a.mobility_required is True
    # Kept for wheelchair users only (§4.6 rule 5); officers may widen it on the advert.
    assert a.mobility_accepted == ["wheelchair"]
    assert a.accessible_need_priority is True
    assert a.min_age is None
    assert (b.min_age, b.mobility_required, b.mobility_accepted) == (60, False, [])


def test_advert_criteria_can_be_changed_when_drafted_and_are_checked(officer):
    void = a_void(property=a_home(bedrooms=3, bedspaces=5))

    with pytest.raises(ApplicationError) as exc:
        advert_create(void=void, actor=officer, data={"max_occupancy": 6,
                                                      "band_restriction": ["Z"]})
    advert = advert_create(void=void, actor=officer, data={"allowed_sizes": [2, 3],
                                                           "label": "transfer"})

    assert exc.value.errors == {"max_occupancy": ["No more than the home's 5 bedspaces"]}
    assert (advert.allowed_sizes, advert.label) == ([2, 3], "transfer")


def test_second_active_advert_for_the_same_void_is_refused(officer):
    void = a_void()
    advert_create(void=void, actor=officer)

    with pytest.raises(ConflictError) as exc:
        advert_create(void=void, actor=officer)

    assert exc.value.message == "This void already has an advert."
    assert Advert.objects.filter(void=void).count() == 1


def test_provider_user_cannot_draft_adverts(provider_user_a, provider_a):
    void = a_void(property=a_home(landlord=provider_a))

    with pytest.raises(ApplicationError):
        advert_create(void=void, actor=provider_user_a)
    assert not Advert.objects.exists()


def test_plain_officer_cannot_approve_an_advert(officer):
    advert = advert_create(void=a_void(), actor=officer)

    with pytest.raises(ApplicationError) as exc:
        advert_approve(advert=advert, actor=officer)

    assert exc.value.message == "Only a manager or senior officer can approve adverts."
    advert.refresh_from_db()
    assert advert.status == Advert.Status.DRAFT


@pytest.mark.parametrize("approver", ["manager", "senior_officer"])
def test_manager_or_senior_officer_approves_an_advert(officer, approver, request):
    user = request.getfixturevalue(approver)
    advert = advert_create(void=a_void(), actor=officer)

    approved = advert_approve(advert=advert, actor=user)

    assert (approved.status, approved.approved_by) == (Advert.Status.APPROVED, user)
    assert approved.approved_at is not None


def _approved(officer, manager, **prop):  # type: ignore[no-untyped-def]
    advert = advert_create(void=a_void(property=a_home(**prop)), actor=officer)
    return advert_approve(advert=advert, actor=manager)


def test_publishing_puts_the_advert_into_the_next_scheduled_cycle_not_live(officer, manager):
    now = timezone.now()
    later = a_cycle(status="scheduled", opens_at=now + dt.timedelta(days=8),
                         closes_at=now + dt.timedelta(days=12))
    cycle = a_cycle(status="scheduled", opens_at=now + dt.timedelta(days=1),
                         closes_at=now + dt.timedelta(days=5))
    advert = _approved(officer, manager)

    published = advert_publish(advert=advert, actor=officer, now=now)

    published.refresh_from_db()
    assert published.cycle == cycle != later
    assert published.status == Advert.Status.APPROVED
    assert (published.opens_at, published.closes_at) == (cycle.opens_at, cycle.closes_at)
    assert published.published_at == now
    assert Void.objects.get(adverts=published).status == Void.Status.READY_TO_LET


def test_publishing_into_an_open_cycle_goes_live_at_once(officer, manager):
    cycle = a_cycle()
    advert = _approved(officer, manager)
    now = timezone.now()

    published = advert_publish(advert=advert, actor=officer, now=now)

    published.refresh_from_db()
    assert (published.cycle, published.status) == (cycle, Advert.Status.LIVE)
    assert (published.opens_at, published.closes_at) == (now, cycle.closes_at)
    void = Void.objects.get(adverts=published)
    assert (void.status, void.advertised_date) == (Void.Status.ADVERTISED,
                                                   timezone.localdate(now))


def test_only_an_approved_advert_can_be_published(officer):
    a_cycle()
    draft = advert_create(void=a_void(), actor=officer)

    with pytest.raises(ConflictError) as exc:
        advert_publish(advert=draft, actor=officer)

    assert exc.value.message == "Only an approved advert can be published."


def test_publishing_without_a_cycle_to_go_into_is_refused(officer, manager):
    advert = _approved(officer, manager)
    closed = a_cycle(status="closed", opens_at=timezone.now() - dt.timedelta(days=9),
                          closes_at=timezone.now() - dt.timedelta(days=5))

    with pytest.raises(ConflictError) as none:
        advert_publish(advert=advert, actor=officer)
    with pytest.raises(ConflictError) as chosen:
        advert_publish(advert=advert, actor=officer, cycle=closed)

    assert none.value.message == ("There is no bidding cycle to publish into. Schedule the next "
                                  "cycles first.")
    assert chosen.value.message == "That cycle has closed. Choose a later one."
    advert.refresh_from_db()
    assert (advert.status, advert.cycle) == (Advert.Status.APPROVED, None)


def _live_with_void(officer, manager):  # type: ignore[no-untyped-def]
    cycle = a_cycle()
    return advert_publish(advert=_approved(officer, manager), actor=officer, cycle=cycle)


def test_withdrawing_an_advert_withdraws_its_bids_and_readies_the_void(officer, manager,
                                                                       make_bidder):
    advert = _live_with_void(officer, manager)
    application = make_bidder()
    bids = [bid_place(application=application, advert=advert, actor=None),
            bid_place(application=make_bidder(), advert=advert, actor=None)]
    assert selectors.bid_allowance(application).used == 1

    withdrawn = advert_withdraw(advert=advert, actor=officer, reason=" Tenant is staying ")

    withdrawn.refresh_from_db()
    assert (withdrawn.status, withdrawn.withdrawn_reason) == (Advert.Status.WITHDRAWN,
                                                               "Tenant is staying")
    assert Void.objects.get(adverts=withdrawn).status == Void.Status.READY_TO_LET
    for bid in bids:
        bid.refresh_from_db()
        assert bid.status == Bid.Status.WITHDRAWN
        assert bid.withdrawn_at is not None
        assert bid.withdrawn_by == officer
        assert bid.invalid_reasons == ["This home is no longer being advertised."]
    assert selectors.bid_allowance(application).used == 0


def test_withdrawing_an_advert_needs_a_reason(officer, manager):
    advert = _live_with_void(officer, manager)

    with pytest.raises(ApplicationError) as exc:
        advert_withdraw(advert=advert, actor=officer, reason="")

    assert exc.value.errors == {"reason": ["Enter a reason"]}
    advert.refresh_from_db()
    assert advert.status == Advert.Status.LIVE


def test_readvertising_makes_a_new_draft_linked_to_the_old_advert(officer):
    void = a_void(status="advertised")
    old = an_advert(status=Advert.Status.CLOSED, void=void, property=void.property,
                    label="transfer", allowed_sizes=[2, 3], band_restriction=["A", "B"])

    copy = advert_readvertise(advert=old, actor=officer, reason="No bidder accepted")

    old.refresh_from_db()
    copy.refresh_from_db()
    assert old.status == Advert.Status.READVERTISED
    assert copy.status == Advert.Status.DRAFT
    assert copy.readvertised_from == old
    assert (copy.property, copy.void) == (old.property, old.void)
    assert (copy.label, copy.allowed_sizes, copy.band_restriction, copy.max_occupancy) == (
        "transfer", [2, 3], ["A", "B"], old.max_occupancy)
    assert copy.reference == f"ADV-{copy.pk:06d}"
    assert (copy.cycle, copy.opens_at, copy.closes_at) == (None, None, None)
    assert list(old.readvertisements.all()) == [copy]


def test_a_live_advert_cannot_be_readvertised(officer):
    advert = an_advert()

    with pytest.raises(IllegalTransition):
        advert_readvertise(advert=advert, actor=officer, reason="No bidder accepted")
    with pytest.raises(ApplicationError) as no_reason:
        advert_readvertise(advert=advert, actor=officer, reason=" ")

    assert no_reason.value.errors == {"reason": ["Enter a reason"]}
    assert Advert.objects.count() == 1
