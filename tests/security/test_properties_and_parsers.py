"""Property-based tests for every validator of personal and geographic input, and a fuzz
target for every parser of untrusted input (issue 10). All are deterministic (fixed
derandomised search, no example database) and bounded, so the SQLite pass stays fast.

Validators: mobile numbers (apps/core/phone.py, full-width input from Chinese IMEs, other
scripts' digits), resident ID numbers (apps/housing_swap/validators.py), coordinates
(apps/places/services.validate_point and the nearby API), floor areas, household sizes and
building years (apps/housing_swap/services/applications.clean_application_data), ID birth
dates. Parsers: GeoJSON boundaries (apps/coverage/importing.validate_boundary), CSV imports
(the django-import-export resources of coverage, places and projects), uploaded file type
sniffing (apps/housing_swap/filetypes.detect).

Other tests hold more properties of the same validators: tests/core/test_properties.py,
tests/housing_swap/test_validators.py."""

import datetime as dt
import io
import json
import math
import struct
import unicodedata
import zlib
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from apps.core.phone import normalize_mobile, validate_mainland_mobile
from apps.housing_swap.validators import id_birth_date, validate_resident_id
from tests.housing_swap.factories import make_id

FUZZ = settings(deadline=None, derandomize=True, database=None, max_examples=60,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FUZZ_DB = settings(FUZZ, max_examples=25)

FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789+-()"}
# Decimal digits of other scripts that NFKC leaves as they are (Arabic-Indic, Devanagari,
# Bengali, Thai, Mongolian ...): never part of a valid number.
FOREIGN_DIGITS = st.characters(categories=["Nd"]).filter(
    lambda c: not unicodedata.normalize("NFKC", c).isascii()
)
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=["Cs"]),
                       st.sampled_from("0123456789１２３４５６７８９０+-() \u3000\u200b\ufeff\x00\n\t,\";'<>")),
    max_size=40,
)

mobiles = st.builds(lambda second, rest: f"1{second}{rest}", st.sampled_from("3456789"),
                    st.text(alphabet="0123456789", min_size=9, max_size=9))
ids = st.builds(make_id, st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
                st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31)),
                st.integers(min_value=0, max_value=999))


def full_width(text: str) -> str:
    return "".join(FULL_WIDTH.get(c, c) for c in text)


# -- mobile numbers (apps/core/phone.py) -----------------------------------------------


@FUZZ
@given(mobiles, st.sampled_from(["", "+86", "0086", "86", "+86 "]), st.sampled_from(["", " ", "-", "\u3000"]))
def test_full_width_mobile_from_an_ime_is_read_as_ascii(number, prefix, separator):
    typed = full_width(prefix + number[:3] + separator + number[3:7] + separator + number[7:])
    assert normalize_mobile(typed) == number
    validate_mainland_mobile(typed)


@FUZZ
@given(mobiles, st.integers(min_value=0, max_value=10), FOREIGN_DIGITS)
def test_other_scripts_digits_are_never_a_mobile(number, position, digit):
    forged = number[:position] + digit + number[position + 1:]
    with pytest.raises(ValidationError):
        validate_mainland_mobile(forged)


@FUZZ
@given(HOSTILE_TEXT)
def test_any_text_is_a_valid_ascii_mobile_or_a_validation_error(value):
    try:
        validate_mainland_mobile(value)
    except ValidationError as exc:
        assert exc.code == "invalid_phone"
        return
    normalized = normalize_mobile(value)
    assert len(normalized) == 11 and normalized.isascii() and normalized.isdigit()
    assert normalized[:1] == "1" and normalized[1] in "3456789"
    assert normalize_mobile(normalized) == normalized  # idempotent


# -- resident ID numbers --------------------------------------------------------------


@FUZZ
@given(ids)
def test_full_width_and_spaced_ids_normalise_to_ascii(number):
    typed = full_width(number[:6]) + " " + number[6:14] + "\u3000" + full_width(number[14:]).lower()
    assert validate_resident_id(typed, today=dt.date(2025, 1, 1)) == number


@FUZZ
@given(ids, st.integers(min_value=0, max_value=16), FOREIGN_DIGITS)
def test_ids_with_other_scripts_digits_are_refused(number, position, digit):
    with pytest.raises(ValidationError):
        validate_resident_id(number[:position] + digit + number[position + 1:], today=dt.date(2025, 1, 1))


@FUZZ
@given(HOSTILE_TEXT | st.from_regex(r"[1-9][0-9]{16}[0-9Xx]", fullmatch=True))
def test_any_text_is_a_valid_id_or_a_validation_error(value):
    today = dt.date(2025, 1, 1)
    try:
        number = validate_resident_id(value, today=today)
    except ValidationError as exc:
        assert exc.code in ("id_format", "id_birth_date", "id_check_digit")
        return
    assert len(number) == 18 and number.isascii() and number[:17].isdigit() and number[17] in "0123456789X"
    birth = id_birth_date(number)
    assert birth is not None and dt.date(1900, 1, 1) <= birth <= today


@FUZZ
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_birth_date_after_today_is_refused(birth):
    number = make_id("420104", birth, 7)
    today = dt.date(2025, 6, 1)
    if birth > today:
        with pytest.raises(ValidationError) as caught:
            validate_resident_id(number, today=today)
        assert caught.value.code == "id_birth_date"
    else:
        assert validate_resident_id(number, today=today) == number


# -- coordinates ------------------------------------------------------------------------

coordinate_inputs = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**300, max_value=10**300),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "", " ", "45,5", "٤٥", "０", "0x10", None, True, [], {}]),
    HOSTILE_TEXT,
)


@FUZZ
@given(coordinate_inputs, coordinate_inputs)
def test_validate_point_accepts_only_finite_in_range_numbers(lat, lon):
    from apps.places.services import validate_point

    try:
        out_lat, out_lon = validate_point(lat, lon)
    except ValidationError as exc:
        assert set(exc.message_dict) <= {"lat", "lon"}
        return
    assert math.isfinite(out_lat) and math.isfinite(out_lon)
    assert -90 <= out_lat <= 90 and -180 <= out_lon <= 180


def test_validate_point_with_an_integer_too_large_for_a_float():
    """Found by the fuzzer: float()'s OverflowError escaped for an integer beyond 1e308; it is
    the field's own error now."""
    from django.utils import translation

    from apps.places.services import validate_point

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_point(10**400, -(10**400))
    assert caught.value.message_dict == {"lat": ["Latitude must be a number between -90 and 90."],
                                         "lon": ["Longitude must be a number between -180 and 180."]}


@pytest.mark.django_db
@FUZZ_DB
@given(st.one_of(st.floats(), st.sampled_from(["nan", "inf", "-inf", "1e309", "", "abc", "90.0000001"])),
       st.one_of(st.floats(), st.sampled_from(["nan", "-inf", "180", "-180.5", "114.25"])))
@example(30.58, 114.25)
def test_nearby_api_answers_200_for_valid_points_and_400_for_the_rest(client, lat, lon):
    from django.core.cache import cache

    cache.clear()  # the nearby throttle counts per address
    response = client.get("/api/v1/nearby/", {"lat": lat, "lon": lon}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 400), response.content[:300]

    def valid(value, bound):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        return math.isfinite(number) and -bound <= number <= bound

    assert (response.status_code == 200) == (valid(lat, 90) and valid(lon, 180)), (lat, lon, response.content[:200])


# -- floor areas, household sizes, building years (the application form) ---------------

numbers_as_sent = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**30, max_value=10**30), st.booleans(),
    st.sampled_from(["NaN", "sNaN", "-Infinity", "1e999999999", "68.5", "５", "٤٥", " 12 ", "12.5.1", "", None]),
    HOSTILE_TEXT,
)


@pytest.mark.django_db
@FUZZ_DB
@given(field=st.sampled_from(["old_home_area_m2", "household_size", "old_home_building_year"]), value=numbers_as_sent)
@example(field="old_home_area_m2", value="NaN")  # was an InvalidOperation (a 500 from the service)
@example(field="household_size", value=float("inf"))  # was an OverflowError
def test_application_numbers_are_in_range_or_a_validation_error(field, value):
    from apps.housing_swap.services.applications import clean_application_data
    from tests.housing_swap.factories import RoundFactory

    try:
        cleaned = clean_application_data({field: value}, round_=RoundFactory.build(), partial=True)
    except ValidationError as exc:
        assert list(exc.message_dict) == [field]
        return
    result = cleaned[field]
    if result is None:
        assert value in (None, "")
    elif field == "old_home_area_m2":
        assert isinstance(result, Decimal) and result.is_finite() and Decimal(5) <= result <= Decimal(1000)
        assert result == result.quantize(Decimal("0.01"))
    elif field == "household_size":
        assert isinstance(result, int) and not isinstance(result, bool) and 1 <= result <= 20
    else:
        assert isinstance(result, int) and 1900 <= result <= dt.date.today().year


# -- GeoJSON boundaries (coverage's community import) -----------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)
positions = st.lists(st.one_of(st.floats(min_value=-200, max_value=200), st.integers(-200, 200),
                               st.booleans(), st.none(), st.text(max_size=3)), min_size=0, max_size=3)


@st.composite
def near_polygons(draw):
    ring = draw(st.lists(positions, min_size=0, max_size=6))
    if ring and draw(st.booleans()):
        ring = [*ring, ring[0]]  # closed
    polygon = draw(st.lists(st.just(ring), min_size=0, max_size=2))
    kind = draw(st.sampled_from(["Polygon", "MultiPolygon", "Point", "polygon", None]))
    coordinates = [polygon] if kind == "MultiPolygon" else polygon
    value = {"type": kind, "coordinates": coordinates}
    return json.dumps(value) if draw(st.booleans()) else value


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


SQUARE = [[114.2, 30.5], [114.3, 30.5], [114.3, 30.6], [114.2, 30.5]]


@FUZZ
@given(st.one_of(near_polygons(), json_values, json_values.map(json.dumps), HOSTILE_TEXT))
@example({"type": "Polygon", "coordinates": [[[True, False], *SQUARE[1:3], [True, False]]]})  # was accepted
@example({"type": "Polygon", "coordinates": [[[114.2, 30.5, "x"], *SQUARE[1:3], [114.2, 30.5, "x"]]]})  # was accepted
@example('{"type": "Polygon", "coordinates": [[[NaN, 30.5], [114.3, 30.5], [114.3, 30.6], [NaN, 30.5]]]}')
@example({"type": "MultiPolygon", "coordinates": [[SQUARE]]})
def test_boundary_parser_accepts_only_valid_polygons(value):
    from apps.coverage.importing import validate_boundary

    try:
        parsed = validate_boundary(value)
    except ValueError as exc:
        assert str(exc)  # a message for the import report
        return
    if parsed is None:
        return
    assert parsed["type"] in ("Polygon", "MultiPolygon")
    polygons = parsed["coordinates"] if parsed["type"] == "MultiPolygon" else [parsed["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            assert len(ring) >= 4 and ring[0] == ring[-1]
            for position in ring:
                lon, lat = position[0], position[1]
                assert all(_is_number(c) for c in position), position
                assert -180 <= lon <= 180 and -90 <= lat <= 90


# -- CSV imports (django-import-export resources) ---------------------------------------

CELLS = st.one_of(
    st.sampled_from(["", " ", "NaN", "inf", "-1", "1e999", "30.58", "114.25", "yes", "no", "published",
                     "2024-02-30", "2024-01-01", "K0", "S1", "{\"type\": \"Polygon\"}", "=cmd|'/c calc'!A0",
                     "<script>alert(1)</script>", "'; DROP TABLE places_facility; --", "../../etc/passwd",
                     "\u202e\u0000", "汉正街", "x" * 300]),
    HOSTILE_TEXT,
)


# Crashes the fuzzer found in a row (shown to staff as a traceback instead of a message) and
# left to their owners: (resource, exception) -> reason. An entry is allowed only while the
# crash still happens: the test fails on an entry it no longer finds (a stale entry hides a
# regression). Fixed in issue 10: places NumberWidget (NaN/Infinity), coverage sub-district
# code (unknown/blank), population ("abc"/"inf"), blank required fields. Fixed since: projects
# year/order/quantities ("abc"/"inf": InvalidOperation/OverflowError), unknown parent
# (DoesNotExist) and sub-district (ValueError) codes, and a NUL in any cell of parks/projects
# (DataError on PostgreSQL) -- all row errors with a message now (tests/backoffice/
# test_import_bad_cells.py).
KNOWN_IMPORT_CRASHES: dict[tuple[str, str], str] = {}


def _resources():
    from apps.coverage.importing import CommunityResource
    from apps.parks.resources import ParkResource
    from apps.projects.resources import ProjectResource

    return {"communities": CommunityResource, "parks": ParkResource, "projects": ProjectResource}


@st.composite
def csv_files(draw, columns):
    header = draw(st.lists(st.sampled_from([*columns, "extra", ""]), min_size=1, max_size=len(columns) + 1,
                           unique=True))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=4))
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["communities", "parks", "projects"])
@pytest.mark.parametrize("nul", [False, True], ids=["text", "with-nul"])
def test_csv_import_reports_bad_rows_and_never_crashes(name, nul, superuser):
    from tests.factories import CommunityFactory, SubDistrictFactory

    CommunityFactory(code="K0", sub_district=SubDistrictFactory(code="S1"))
    resource_class = _resources()[name]
    columns = [f.column_name for f in resource_class().get_import_fields()]

    found: set = set()

    @FUZZ_DB
    @given(csv_files(columns))
    def run(text):
        if nul:  # a NUL in the first cell of every row (PostgreSQL cannot store or compare it)
            text = "\n".join(line if i == 0 else "\x00" + line for i, line in enumerate(text.split("\n")))
        try:
            dataset = tablib.Dataset().load(text, format="csv")
        except (tablib.InvalidDimensions, tablib.UnsupportedFormat, UnicodeError):
            return  # refused by the parser: the upload form reports it
        from django.db import DataError

        try:
            result = resource_class().import_data(dataset, dry_run=True, raise_errors=False, user=superuser)
        except DataError:  # raised past the rows (places loads existing rows by code first)
            assert (name, "DataError") in KNOWN_IMPORT_CRASHES, name
            found.add((name, "DataError"))
            return
        # bad values are row *validation* errors (a message per cell for the import report);
        # an exception in a row (shown as a traceback) or in the file is a bug
        from import_export.exceptions import FieldError

        # a file without the id column is refused as a whole, with import-export's message
        crashes = [error for error in result.base_errors if not isinstance(error.error, FieldError)]
        crashes += [error for row in result.rows for error in row.errors]
        unknown = [e for e in crashes if (name, type(e.error).__name__) not in KNOWN_IMPORT_CRASHES]
        assert not unknown, [error.traceback.splitlines()[-4:] for error in unknown][:2]
        found.update((name, type(e.error).__name__) for e in crashes)
        for row in result.rows:
            if row.import_type in ("new", "update"):
                assert not row.validation_error

    run()
    for key in sorted(found):
        print(f"[csv fuzz] known crash: {key}: {KNOWN_IMPORT_CRASHES[key]}")
    stale = {key for key in KNOWN_IMPORT_CRASHES if key[0] == name} - found
    assert not stale, f"listed crashes that no longer happen (remove them): {sorted(stale)}"


# -- uploaded file type sniffing ------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb() -> bytes:
    """A few hundred bytes declaring a 100,000 x 100,000 pixel image."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _png_chunk(b"IEND", b""))


MAGIC = st.sampled_from([b"", b"%PDF-", b"%PDF-1.7\n", b"\xff\xd8\xff", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
                         b"\x89PNG\r\n\x1a\n", b"GIF89a", b"<svg", b"PK\x03\x04", b"\x00" * 8])


@FUZZ
@given(MAGIC, st.binary(max_size=512), st.sampled_from([b"", b"%%EOF", b"%%EOF\n", b"\xff\xd9", b"IEND"]))
@example(b"", decompression_bomb(), b"")
def test_file_type_sniffing_never_fails_and_only_names_real_files(magic, body, tail):
    from apps.housing_swap import filetypes

    content = magic + body + tail
    upload = SimpleUploadedFile("upload.bin", content)
    kind = filetypes.detect(upload)
    assert kind in (None, filetypes.PDF, filetypes.JPEG, filetypes.PNG)
    assert upload.tell() == 0  # left at the start for the storage
    if kind == filetypes.PDF:
        assert content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]
    elif kind in (filetypes.JPEG, filetypes.PNG):
        with Image.open(io.BytesIO(content)) as image:
            assert image.format == ("JPEG" if kind == filetypes.JPEG else "PNG")


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused_not_a_server_error(auth_client, user):
    from apps.housing_swap import services
    from tests.housing_swap.factories import RoundFactory, payload

    round_ = RoundFactory()
    data = payload(round_)
    data.pop("round")
    application = services.application_submit_new(round_=round_, applicant=user, data=data)
    bomb = SimpleUploadedFile("bomb.png", decompression_bomb(), content_type="image/png")
    response = auth_client.post(f"/api/v1/housing-swap/applications/{application.pk}/documents/",
                                {"kind": "id_card", "file": bomb}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "PDF, JPEG or PNG" in response.json()["file"][0]


def test_valid_files_are_recognised():
    from apps.housing_swap import filetypes
    from tests.housing_swap.factories import PDF_BYTES, jpeg_bytes, png_bytes

    for content, kind in ((PDF_BYTES, filetypes.PDF), (png_bytes(), filetypes.PNG), (jpeg_bytes(), filetypes.JPEG)):
        assert filetypes.detect(SimpleUploadedFile("f", content)) == kind
