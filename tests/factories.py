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


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    kind = "park"
    name = factory.Sequence(lambda n: f"设施{n}")
    name_en = factory.Sequence(lambda n: f"Facility {n}")
    address = "硚口区测试路1号"
    community = factory.SubFactory(CommunityFactory)
    lat = 30.58
    lon = 114.25
    status = FacilityStatus.PUBLISHED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("Correct-Horse-Battery-9")
