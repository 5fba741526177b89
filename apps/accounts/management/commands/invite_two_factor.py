from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.accounts import services


class Command(BaseCommand):
    help = ("Invite staff accounts to set up (or replace) their two-factor device: after signing in "
            "and typing their password again they enrol an authenticator app. The only way in "
            "besides the district administrator's admin action (e.g. for the first superuser).")

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", help="staff usernames")

    def handle(self, *args, usernames, **options):
        User = get_user_model()
        for username in usernames:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No account named {username!r}.")
            try:
                invitation = services.two_factor_invite(user=user)
            except services.TwoFactorError as exc:
                raise CommandError(f"{username}: {exc}") from None
            self.stdout.write(f"{username}: invited until {invitation.expires:%Y-%m-%d %H:%M} UTC; "
                              "they sign in and open /accounts/two-factor/")
