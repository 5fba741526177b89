"""``seed_demo`` part: the role groups and, in debug only, the demo accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.places.models import SubDistrict

from . import roles, services

DEMO_PASSWORD = "Qiaokou-demo-2024"  # noqa: S105 - printed demo credentials, debug only

# username, role, is_staff, is_superuser, email
DEMO_ACCOUNTS = [
    ("resident", roles.RESIDENT, False, False, "resident@example.com"),
    ("official", roles.OFFICIAL, True, False, "official@example.com"),
    ("reviewer", roles.HOUSING_SWAP_REVIEWER, True, False, "reviewer@example.com"),
    ("hsadmin", roles.HOUSING_SWAP_ADMIN, True, False, "hsadmin@example.com"),
    ("auditor", roles.AUDITOR, True, False, "auditor@example.com"),
    ("admin", roles.DISTRICT_ADMIN, True, True, "admin@example.com"),
]


def run(command) -> None:
    counts = roles.sync_roles()
    command.stdout.write(f"accounts: {len(counts)} role groups synchronised")
    if not settings.DEBUG:
        command.stdout.write(
            command.style.WARNING("accounts: DEBUG is off, so no demo accounts were created.")
        )
        return
    User = get_user_model()
    for username, role, is_staff, is_superuser, email in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "is_staff": is_staff, "is_superuser": is_superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if role == roles.OFFICIAL:
            user.sub_districts.set(SubDistrict.objects.filter(code__in=["420104004", "420104006"]))
        if is_staff and not (services.two_factor_device(user) or services.two_factor_invitation_pending(user)):
            # staff need two-factor (issue 18 item 1): demo staff may enrol at first sign-in
            services.two_factor_invite(user=user)
        command.demo_accounts.append((username, DEMO_PASSWORD, str(roles.ROLE_LABELS[role])))
    command.stdout.write("accounts: demo staff accounts are invited to set up two-factor sign-in "
                         "(an authenticator app) at their first sign-in")
