import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.phone import normalize_mobile, validate_mainland_mobile
from apps.housing_swap.validators import id_check_character, validate_resident_id

from .factories import make_id

regions = st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31))
serials = st.integers(min_value=0, max_value=999)


@settings(deadline=None, max_examples=150)
@given(regions, births, serials)
def test_generated_ids_pass(region, birth, serial):
    number = make_id(region, birth, serial)
    assert validate_resident_id(number, today=dt.date(2025, 1, 1)) == number


@settings(deadline=None, max_examples=150)
@given(regions, births, serials, st.data())
def test_any_single_character_change_fails(region, birth, serial, data):
    number = make_id(region, birth, serial)
    position = data.draw(st.integers(min_value=0, max_value=17))
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1:]
    with pytest.raises(ValidationError):
        validate_resident_id(changed, today=dt.date(2025, 1, 1))


def test_lower_case_x_is_accepted_as_upper_case():
    first17 = "11010519491231002"
    assert id_check_character(first17) == "X"
    assert validate_resident_id(first17 + "x") == first17 + "X"


def test_full_width_digits_are_normalised_and_other_scripts_refused():
    number = make_id()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert validate_resident_id(full_width) == number
    arabic_indic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in number)
    with pytest.raises(ValidationError):
        validate_resident_id(arabic_indic)


def test_known_public_example():
    # the standard's worked example
    assert validate_resident_id("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize("value,code", [
    ("", "id_format"),
    ("42010419600517123", "id_format"),  # 17 characters
    ("4201041960051712345", "id_format"),  # 19
    ("02010419600517123X", "id_format"),  # region cannot start with 0
    ("4201041960051712A4", "id_format"),
])
def test_shape_errors(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(value)
    assert exc.value.code == code


def test_impossible_and_future_birth_dates_fail():
    first17 = "42010419610230123"  # 30 February
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(first17 + id_check_character(first17))
    assert exc.value.code == "id_birth_date"
    future = make_id(birth=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(future, today=dt.date(2025, 1, 1))
    assert exc.value.code == "id_birth_date"


def test_wrong_check_digit_message():
    number = make_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(wrong)
    assert exc.value.code == "id_check_digit"


@settings(deadline=None, max_examples=150)
@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_valid_mobiles_pass(second, rest):
    number = "1" + second + rest
    validate_mainland_mobile(number)
    validate_mainland_mobile("+86 " + number[:3] + "-" + number[3:7] + "-" + number[7:])
    assert normalize_mobile("+86" + number) == number


@settings(deadline=None, max_examples=150)
@given(st.text(alphabet="0123456789", min_size=0, max_size=15).filter(
    lambda s: not (len(s) == 11 and s[0] == "1" and s[1] in "3456789")
    and not (len(s) == 13 and s.startswith("86") and s[2] == "1" and s[3] in "3456789")))
def test_other_digit_strings_fail(value):
    with pytest.raises(ValidationError):
        validate_mainland_mobile(value)
