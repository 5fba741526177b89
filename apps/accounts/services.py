from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.phone import normalize_mobile, validate_mainland_mobile

from . import roles

User = get_user_model()


@transaction.atomic
def user_register(
    *, username: str, password: str, email: str = "", phone: str = "", language: str = ""
) -> "User":
    """Create a resident account. Raises ``ValidationError`` naming the failing field."""
    errors: dict[str, list[str]] = {}
    username = (username or "").strip()
    user = User(username=username, email=(email or "").strip().lower())
    if language:
        user.preferred_language = language
    try:
        User.username_validator(username)
        if not username:
            raise ValidationError(_("Enter a username."))
    except ValidationError as exc:
        errors["username"] = list(exc.messages)
    else:
        if User.objects.filter(username__iexact=username).exists():
            errors["username"] = [_("This username is already taken.")]
    if phone:
        try:
            validate_mainland_mobile(phone)
            user.phone = normalize_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    resident_group, _created = Group.objects.get_or_create(name=roles.RESIDENT)
    user.groups.add(resident_group)
    return user
