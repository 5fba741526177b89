from django.contrib.auth import get_user_model

from apps.notices.models import NotificationPreference
from tests.factories import verify_contacts


def make_followers(n: int, *, prefix: str = "f", email: bool = True, phone: bool = False,
                   language: str = "zh-hans") -> list[int]:
    """``n`` users created in bulk (no password hashing), returns their ids."""
    User = get_user_model()
    users = [
        User(
            username=f"{prefix}{i}", email=f"{prefix}{i}@example.com" if email else "",
            phone=f"139{i:08d}" if phone else "", preferred_language=language, password="!",
        )
        for i in range(n)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    ids = list(User.objects.filter(username__startswith=prefix).order_by("pk").values_list("pk", flat=True))
    verify_contacts(ids)  # as if each had entered the code (issue 18 item 8)
    return ids


def set_pref(user, channel: str, frequency: str):
    NotificationPreference.objects.update_or_create(user=user, channel=channel, defaults={"frequency": frequency})
