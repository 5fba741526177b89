"""Property-based tests for the shared validators and maskers (apps/core/phone.py, masking.py)
and the log redaction built on them."""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from apps.core.logging import redact
from apps.core.masking import mask_id_number, mask_phone, mask_text
from apps.core.phone import normalize_mobile, validate_mainland_mobile

mobile = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
separator = st.sampled_from(["", " ", "-"])
id_number = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.sampled_from("0123456789X"),
)


@given(mobile, st.sampled_from(["", "+86", "+86 ", "0086", "86"]), separator)
def test_every_formatting_of_a_valid_mobile_normalises_to_it(number, prefix, sep):
    formatted = prefix + number[:3] + sep + number[3:7] + sep + number[7:]
    assert normalize_mobile(formatted) == number
    validate_mainland_mobile(formatted)


@given(st.text(max_size=40))
def test_normalize_never_fails_and_validation_only_accepts_eleven_digit_mobiles(value):
    normalized = normalize_mobile(value)
    assert isinstance(normalized, str)
    try:
        validate_mainland_mobile(value)
    except ValidationError as exc:
        assert exc.code == "invalid_phone"
    else:
        assert len(normalized) == 11
        assert normalized.isascii() and normalized.isdigit()
        assert normalized[0] == "1" and normalized[1] in "3456789"


@given(st.text(alphabet="0123456789", min_size=1, max_size=20).filter(lambda s: len(s) != 11 or s[:2] < "13"))
def test_wrong_length_or_prefix_is_rejected(digits):
    with pytest.raises(ValidationError):
        validate_mainland_mobile(digits)


@given(id_number)
def test_id_mask_keeps_first_six_last_four_and_length(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value) == 18
    assert masked[:6] == value[:6] and masked[-4:] == value[-4:]
    assert masked[6:14] == "*" * 8


@given(mobile)
def test_phone_mask_keeps_first_three_last_four(value):
    masked = mask_phone(value)
    assert masked == value[:3] + "****" + value[-4:]


@given(st.text(max_size=60))
def test_maskers_never_reveal_more_than_they_promise(value):
    masked_id, masked_phone = mask_id_number(value), mask_phone(value)
    assert len(masked_id) == len(value) and len(masked_phone) == len(value)
    # at most 10 (ID) / 7 (phone) characters are shown, never the middle
    assert sum(c != "*" for c in masked_id) <= 10 or masked_id == value == ""
    assert sum(c != "*" for c in masked_phone) <= 7 or masked_phone == value == ""
    if len(value) <= 10:
        assert set(masked_id) <= {"*"}


@given(st.text(min_size=1, max_size=30), st.integers(min_value=0, max_value=5))
def test_mask_text_hides_all_but_keep(value, keep):
    masked = mask_text(value, keep=keep)
    shown = min(keep, len(value) - 1)  # at least one character is always hidden
    assert len(masked) == len(value)
    assert masked[:shown] == value[:shown]
    assert set(masked[shown:]) == {"*"}


@settings(max_examples=200)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=20),
    st.one_of(mobile, id_number),
    st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=20),
    separator,
)
def test_redact_removes_every_number_embedded_in_text(before, number, after, sep):
    if len(number) == 11:
        number = number[:3] + sep + number[3:7] + sep + number[7:]
    redacted = redact(before + number + after)
    digits = number.replace(" ", "").replace("-", "")
    assert digits not in redacted.replace(" ", "").replace("-", "")
    if len(digits) == 18:
        assert mask_id_number(digits) in redacted
    else:
        assert mask_phone(digits) in redacted


@given(st.text(alphabet="0123456789", min_size=12, max_size=16))
def test_redact_leaves_other_long_numbers(digits):
    # order numbers, timestamps: not 11 or 18 digits, so left alone; a mobile number written
    # with the country code (86 or 0086 and 11 digits, such as 8613000000000) is a phone number
    assume(not re.fullmatch(r"(?:00)?861[3-9]\d{9}", digits))
    assert redact(f"order {digits} done") == f"order {digits} done"
