"""Create (or reset) the demo staff accounts and print their logins."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from leatadmin.signin.demo import give_demo_factor
from leatadmin.staff.roles import CUSTOMER_SERVICE, SHOP_MANAGER, SUPERVISOR

DEMO_STAFF = [
    # username, first name, last name, group (None: superuser)
    ("agent", "Ada", "Agent", CUSTOMER_SERVICE),
    ("manager", "Milo", "Manager", SHOP_MANAGER),
    ("supervisor", "Sara", "Supervisor", SUPERVISOR),
    ("admin", "Alex", "Admin", None),
]


class Command(BaseCommand):
    help = "Create the demo staff accounts with fresh random passwords, and print them."

    def handle(self, *args, **options):
        User = get_user_model()
        rows = []
        for username, first, last, group in DEMO_STAFF:
            password = secrets.token_urlsafe(9)
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name, user.email = first, last, f"{username}@leatadmin.example"
            user.is_staff = user.is_superuser = group is None
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group)] if group else [])
            give_demo_factor(user)  # an authenticator app already set up (leatadmin/signin/demo.py)
            rows.append((username, password, group or "Superuser (staff admin)"))
        width = max(len(r[0]) for r in rows)
        self.stdout.write("Demo staff accounts (passwords are new on every run):")
        for username, password, role in rows:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {role}")
        self.stdout.write("Each has an authenticator app already: after the password, type the code `python manage.py demo_totp <username>` prints.")
