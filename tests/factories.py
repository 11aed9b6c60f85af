"""factory_boy factories: synthetic people and homes only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from housing.accounts.models import Organisation, User

PASSWORD = "homeward-demo"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    kind = "registered_provider"
    name = factory.Sequence(lambda n: f"Test Housing Association {n}")
    code = factory.Sequence(lambda n: f"THA{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    role = "applicant"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Application"
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"HR-TEST-{n:06d}")
    status = "active"
    band = "C"
    bedroom_need = 2

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            from applications.models import HouseholdMember

            HouseholdMember.objects.create(application=obj, role="lead", first_name="Sam",
                                           last_name=f"Example{obj.pk}",
                                           date_of_birth=dt.date(1990, 1, 1))


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lettings.Property"

    reference = factory.Sequence(lambda n: f"P-{n:05d}")
    address_line_1 = factory.Sequence(lambda n: f"{n} Test Street")
    town = "Brackenfield"
    postcode = "BF1 1AA"
    landlord = factory.SubFactory(OrganisationFactory)
    property_type = "flat"
    bedrooms = 2
    bedspaces = 4
    weekly_rent = Decimal("110.00")


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lettings.BiddingCycle"

    name = factory.Sequence(lambda n: f"Cycle {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
    status = "open"


class AdvertFactory(factory.django.DjangoModelFactory):
    """A live advert in an open cycle, taking bids for the cycle's window."""

    class Meta:
        model = "lettings.Advert"

    reference = factory.Sequence(lambda n: f"ADV-{n:05d}")
    property = factory.SubFactory(PropertyFactory)
    cycle = factory.SubFactory(CycleFactory)
    status = "live"
    max_occupancy = 4
    opens_at = factory.LazyAttribute(lambda o: o.cycle.opens_at if o.cycle else None)
    closes_at = factory.LazyAttribute(lambda o: o.cycle.closes_at if o.cycle else None)
    published_at = factory.LazyAttribute(lambda o: o.opens_at)
    followed_up_at = factory.LazyAttribute(lambda o: o.opens_at)


class VoidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lettings.Void"

    property = factory.SubFactory(PropertyFactory)
    status = "ready_to_let"
    reason_vacant = "tenant_notice"
    tenancy_end_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    keys_returned_date = factory.LazyFunction(
        lambda: timezone.localdate() - dt.timedelta(days=19))
    ready_to_let_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2))


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lettings.Bid"

    application = factory.SubFactory(ApplicationFactory)
    advert = factory.SubFactory(AdvertFactory)
    placed_at = factory.LazyFunction(timezone.now)


# --- Register casework (officer workspace tests) ------------------------------------------------

class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.HouseholdMember"

    application = factory.SubFactory(ApplicationFactory)
    role = "child"
    first_name = factory.Sequence(lambda n: f"Kid{n}")
    last_name = "Example"
    date_of_birth = dt.date(2015, 6, 1)
    sex = "female"


class AddressHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.AddressHistory"

    member = factory.SubFactory(HouseholdMemberFactory)
    line_1 = factory.Sequence(lambda n: f"{n} Test Road")
    town = "Brackenfield"
    postcode = "BF1 2AB"
    from_date = dt.date(2015, 1, 1)
    to_date = None
    in_district = True


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.EvidenceItem"

    application = factory.SubFactory(ApplicationFactory)
    kind = "identity"
    description = factory.Sequence(lambda n: f"Passport or driving licence {n}")
    status = "requested"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=28))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.CaseNote"

    application = factory.SubFactory(ApplicationFactory)
    category = "contact"
    body = factory.Sequence(lambda n: f"Spoke to the applicant ({n}).")
    restricted = False
    author = factory.SubFactory(UserFactory, role="officer")


class ChangeOfCircumstancesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.ChangeOfCircumstances"

    application = factory.SubFactory(ApplicationFactory)
    kind = "household"
    details = "A baby was born last week."
    affects_priority = True
    reported_by = factory.SubFactory(UserFactory, role="applicant")
