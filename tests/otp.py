"""Staff sign-in for tests: a verified two-factor session through the real page.

Every staff account needs a confirmed TOTP device and a code from it (issue 18 item 1), so
tests sign staff in with :func:`staff_login` rather than ``client.force_login``: it gives the
user a real device (made directly: enrolment by invitation is tested on its own) and posts
a real code from it to ``/accounts/two-factor/``."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

OTP_PAGE = "/accounts/two-factor/"


def staff_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device (made when they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_token(device: TOTPDevice) -> str:
    """A code the device accepts now. django-otp refuses a code twice (and codes older than
    the last one used), so signing the same person in twice within 30 seconds would fail:
    the replay guard and the guessing delay are reset first (a fresh authenticator's view)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():0{device.digits}d}"


def staff_login(client, user):
    """Sign ``user`` in on a test client; staff (and superusers) also pass two-factor with a
    real code. Returns the client."""
    client.force_login(user)
    if user.is_staff or user.is_superuser:
        device = staff_device(user)
        response = client.post(OTP_PAGE, {"action": "verify", "token": current_token(device), "next": "/"})
        assert response.status_code == 302, (response.status_code, response.content[:300])
        assert client.session.get(DEVICE_ID_SESSION_KEY) == device.persistent_id
    return client


def browser_two_factor(page, user) -> None:
    """In a browser test (Playwright ``page``) on the two-factor page after a password
    sign-in: type a real code from the user's device and go on."""
    assert "/accounts/two-factor/" in page.url, page.url
    page.locator("input[name=token]").fill(current_token(staff_device(user)))
    with page.expect_navigation():
        page.locator("form:has(input[name=action][value=verify]) button[type=submit]").click()
    assert "/accounts/two-factor/" not in page.url, page.url
