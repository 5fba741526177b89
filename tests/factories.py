"""Shared factories for the lowest layers (places, accounts). Domain apps keep their own
factories in ``tests/<app>/factories.py``."""

import factory
from django.contrib.auth import get_user_model

from apps.places.models import Community, Facility, FacilityStatus, SubDistrict


class SubDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubDistrict
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试街道{n}")
    name_en = factory.Sequence(lambda n: f"Test Sub-district {n}")
    lat = 30.58
    lon = 114.25


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:06d}")
    name = factory.Sequence(lambda n: f"测试社区{n}")
    sub_district = factory.SubFactory(SubDistrictFactory)
    lat = 30.58
    lon = 114.25
    population = 5000


class FacilityBaseFactory(factory.django.DjangoModelFactory):
    """What every facility factory (this one and each kind's) sets: a published facility at a
    point of a test community. A subclass sets the model, ``kind``, names and address."""

    class Meta:
        abstract = True

    community = factory.SubFactory(CommunityFactory)
    lat = 30.58
    lon = 114.25
    status = FacilityStatus.PUBLISHED


class FacilityFactory(FacilityBaseFactory):
    class Meta:
        model = Facility

    kind = "park"
    name = factory.Sequence(lambda n: f"设施{n}")
    name_en = factory.Sequence(lambda n: f"Facility {n}")
    address = "硚口区测试路1号"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("Correct-Horse-Battery-9")

    @factory.post_generation
    def contacts_verified(self, create, extracted, **kwargs):
        """The factory's accounts have their email and phone verified (issue 18 item 8), so
        tests of notices by email or SMS keep their meaning; ``contacts_verified=False`` for
        an account as it starts out in real life (unverified)."""
        if create and extracted is not False:
            verify_contacts([self.pk])


def verify_contacts(user_ids) -> None:
    """Mark the current email address and mobile number of these accounts verified, as the
    one-time code would (apps/notices/services/verification.py)."""
    from django.utils import timezone

    from apps.notices.models import ContactVerification

    now = timezone.now()
    rows = []
    for pk, email, phone in get_user_model().objects.filter(pk__in=list(user_ids)).values_list("pk", "email", "phone"):
        for channel, address in (("email", email), ("sms", phone)):
            if address:
                rows.append(ContactVerification(user_id=pk, channel=channel, address=address, verified_at=now))
    ContactVerification.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["user", "channel"],
        update_fields=["address", "verified_at"],
    )
