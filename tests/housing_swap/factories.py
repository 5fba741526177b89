import datetime as dt
import io
from decimal import Decimal

import factory
from django.utils import timezone
from PIL import Image

from apps.housing_swap.models import DocumentKind, NewHomeProject, Ownership, Round, RoundStatus
from apps.housing_swap.validators import id_check_character


def make_id(region: str = "420104", birth: dt.date = dt.date(1960, 5, 17), serial: int = 123) -> str:
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_character(first17)


VALID_ID = make_id()


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewHomeProject

    code = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"测试新居{n}")
    developer = "测试置业"
    location = "硚口区测试路"
    unit_types = "89 m² 三房"
    price_min = 20000
    price_max = 26000
    units_available = 50


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"测试轮次{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    status = RoundStatus.OPEN
    eligible_districts = factory.LazyFunction(lambda: ["420104", "420102", "420103"])
    min_area_m2 = Decimal("10")
    max_area_m2 = Decimal("300")
    min_building_age_years = 10
    allowed_ownership = factory.LazyFunction(lambda: [Ownership.COMMERCIAL, Ownership.HOUSING_REFORM, Ownership.PRIVATE])
    required_document_kinds = factory.LazyFunction(lambda: [DocumentKind.ID_CARD, DocumentKind.PROPERTY_CERTIFICATE])
    voucher_validity_days = 180

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create:
            self.projects.set(extracted if extracted is not None else [ProjectFactory()])


def payload(round_, **overrides) -> dict:
    data = {
        "round": round_.pk,
        "applicant_name": "张三丰",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "old_home_address": "硚口区利济北路1号2单元301",
        "old_home_certificate_no": "鄂(2012)武汉市硚口不动产权第0012345号",
        "old_home_area_m2": 68.5,
        "household_size": 3,
        "consent": True,
    }
    data.update(overrides)
    return data


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
