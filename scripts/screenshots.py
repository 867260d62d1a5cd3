"""README's screenshots: the main pages in English and Dutch, on a desktop
(1440 px) and on a phone (390 px), as PNGs in docs/screenshots/.

Starts its own sandbox Leat (seeded with the demo data) and the app (on
throwaway databases in a temporary folder), fills the app the way `make demo`
does (demo staff, bookings made and corrected through leatadmin, visits made
through leatadmin, the visit index and the contact directory read from Leat),
logs in as the demo supervisor and drives Debian's chromium through
Playwright. The language comes from the browser (Accept-Language), as for
staff.

The agenda is a day at the first shop (today's bookings made through
leatadmin, one checked in, one completed, one canceled); the figures are read
from the sandbox's transactions into the mirror; and "scoped-403" is the demo
shop manager, limited to the second shop, opening a booking of the first.

    python scripts/screenshots.py [--out docs/screenshots] [--only contact,visits]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import free_port, wait_for_port  # scripts/ is on the path when a script runs

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
DEVICES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGUAGES = {"en": "en-GB", "nl": "nl-NL"}
CONTACT = "anna.devries@example.com"

# Made through leatadmin's own services, as staff would (every write audited):
# a few visits at known shops, and a correction with a reason.
FILL = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from django.utils import timezone
from leatadmin.core.leat import leat
from leatadmin.loyalty.services import credits_give
from leatadmin.visits.services import visit_create
manager = get_user_model().objects.get(username="manager")
supervisor = get_user_model().objects.get(username="supervisor")
shops = leat().shops.list()
contacts = [leat().contacts.find_by_email(email) for email in ("{CONTACT}", "few.transactions@example.com")]
start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
for n in range(6):
    contact = contacts[n % 2]
    begins = start - dt.timedelta(days=n, hours=n)
    visit_create(user=manager, shop_uuid=shops[n % len(shops)].uuid, contact_uuid=contact.uuid, contact_label=contact.email,
                 fields={{"starts_at": begins, "ends_at": begins + dt.timedelta(hours=1, minutes=30), "source": ("Kiosk", "Website", "Phone")[n % 3]}})
credits_give(user=supervisor, contact=contacts[0], shop_uuid=shops[0].uuid, credits=25, purchase=None, reason="Birthday bonus, promised on the phone")

# Today at the first shop: the agenda's day (one before now, so it may show a no-show).
from leatadmin.bookings.services import booking_cancel, booking_check_in, booking_complete, booking_create
today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
day = [(0, 15, 2, ""), (10, 0, 4, "Acme BV"), (12, 30, 3, ""), (17, 0, 6, "Bakkerij Jansen"), (19, 30, 2, ""), (20, 45, 5, "")]
for n, (hour, minute, party, company) in enumerate(day):
    begins = today.replace(hour=hour, minute=minute)
    fields = {{"starts_at": begins, "ends_at": begins + dt.timedelta(hours=2), "number_of_people": party, "status": "created", "source": "Phone",
              "external_id": f"SHOT-{{n + 1}}", "company_name": company, **({{"prepaid_amount": 5000}} if company else {{}})}}
    record = booking_create(user=manager, shop_uuid=shops[0].uuid, contact_uuid=contacts[n % 2].uuid, contact_email=contacts[n % 2].email, fields=fields).obj
    if n in (1, 2):
        record = booking_check_in(user=manager, record=record).obj
    if n == 2:
        booking_complete(user=manager, record=record)
    if n == 4:
        booking_cancel(user=manager, record=record)

# The demo shop manager, limited to the second shop (scoped-403).
from leatadmin.staff.models import StaffShop
StaffShop.objects.get_or_create(user=manager, shop_uuid=shops[1].uuid, defaults={{"shop_name": shops[1].name}})
"""


class App:
    """The sandbox and the app, on throwaway databases, for as long as the screenshots take."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="leatadmin-screenshots-"))
        self.sandbox_port, self.app_port = free_port(), free_port()
        key = "screens-" + secrets.token_urlsafe(16)
        self.password = secrets.token_urlsafe(12)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEAT_", "SANDBOX_", "DATABASE_", "CACHE_"))},
            "DJANGO_SETTINGS_MODULE": "leatadmin.settings",
            # DEBUG: runserver serves the static files and a per-process cache is allowed. Nothing on the pages differs.
            "DEBUG": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{self.tmp / 'app.sqlite3'}",
            "LEAT_API_URL": f"http://127.0.0.1:{self.sandbox_port}",
            "LEAT_API_KEY": key,
            "SANDBOX_DB": str(self.tmp / "sandbox.sqlite3"),
            "MEDIA_ROOT": str(self.tmp / "files"),
            "LOG_LEVEL": "WARNING",
        }
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def spawn(self, *args: str) -> None:
        self.processes.append(subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))

    def start(self) -> None:
        print(f"Preparing in {self.tmp} ...", flush=True)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_sandbox")
        self.manage("create_demo_staff")
        self.manage("shell", "-c", f"from django.contrib.auth.models import User\nfor u in User.objects.filter(username__in=['supervisor', 'manager']): u.set_password('{self.password}'); u.save()")
        self.spawn("runsandbox", f"127.0.0.1:{self.sandbox_port}")
        wait_for_port(self.sandbox_port)
        self.manage("seed_demo_bookings")
        self.manage("shell", "-c", FILL)
        self.manage("visit_index", "--now")
        self.manage("directory_backfill", "--now")
        self.manage("figures_mirror", "--now")
        self.spawn("runserver", f"127.0.0.1:{self.app_port}", "--noreload")
        wait_for_port(self.app_port)

    def stop(self) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.app_port}{path}"

    def value(self, expression: str) -> str:
        """One value from the app's database (e.g. a booking's identifier)."""
        return self.manage("shell", "-v", "0", "-c", f"print({expression})").strip().splitlines()[-1]


def settled(page) -> None:
    page.wait_for_load_state("networkidle")
    try:
        page.wait_for_function("() => window.htmx && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')", timeout=15_000)
    except Exception:
        raise SystemExit(f"{page.url} did not settle (htmx missing or a request never ended).") from None


def shots(app: App) -> list[tuple[str, str, object, str]]:
    """(name, devices, how to get there, who): every page on both devices; the open menu on the phone."""
    contact = app.value(f"__import__('leatadmin.core.leat', fromlist=['leat']).leat().contacts.find_by_email('{CONTACT}').uuid")
    records = "__import__('leatadmin.bookings.models', fromlist=['BookingRecord']).BookingRecord.objects"
    booking = app.value(f"{records}.get(external_id='DEMO-001').uuid")
    shot_booking = app.value(f"{records}.get(external_id='SHOT-2').uuid")
    shop = app.value(f"{records}.get(external_id='SHOT-2').shop_uuid")
    today = app.value("__import__('django.utils.timezone', fromlist=['localdate']).localdate().isoformat()")

    def menu(page) -> None:
        page.goto(app.url("/visits/"))
        settled(page)
        page.locator("details.menu > summary").click()

    def search(page) -> None:
        page.goto(app.url("/contacts/"))
        page.fill("#id_q", "de vries")
        page.press("#id_q", "Enter")

    return [
        ("lookup", "desktop phone", search, "supervisor"),
        ("contact", "desktop phone", f"/contacts/{contact}/", "supervisor"),
        ("visits", "desktop phone", "/visits/", "supervisor"),
        ("bookings", "desktop phone", "/bookings/", "supervisor"),
        ("booking", "desktop phone", f"/bookings/{booking}/", "supervisor"),
        ("audit", "desktop phone", "/audit/", "supervisor"),
        ("menu", "phone", menu, "supervisor"),
        ("agenda", "desktop phone", f"/agenda/{shop}/{today}/", "supervisor"),
        ("figures", "desktop phone", f"/figures/?shop={shop}&period=90", "supervisor"),
        ("scoped-403", "desktop", f"/bookings/{shot_booking}/", "manager"),
    ]


def sign_in(browser, app: App, user: str) -> dict:
    """The demo account's password and then its authenticator app's code (`manage.py demo_totp`): the session's cookies."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.goto(app.url("/login/"))
    page.fill("#id_username", user)
    page.fill("#id_password", app.password)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    if page.locator("#id_code").count():
        page.fill("#id_code", app.manage("demo_totp", user).strip())
        page.press("#id_code", "Enter")
        page.wait_for_load_state("networkidle")
        if page.locator("#id_code").count():
            raise SystemExit(f"{user}: the authenticator code was refused.")
    state = context.storage_state()
    context.close()
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", default="", help="Comma-separated page names (default: all).")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = {name for name in args.only.split(",") if name}
    if not Path(CHROMIUM).exists():
        raise SystemExit("Debian's chromium is missing: `make browser-deps` installs it.")
    from playwright.sync_api import sync_playwright

    app = App()
    try:
        app.start()
        wanted = [shot for shot in shots(app) if not only or shot[0] in only]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            signed_in: dict[str, dict] = {}
            for language, locale in LANGUAGES.items():
                for device, viewport in DEVICES.items():
                    for user in dict.fromkeys(who for *_, who in wanted):
                        if user not in signed_in:  # once per account: a code of the authenticator app is good once
                            signed_in[user] = sign_in(browser, app, user)
                        context = browser.new_context(viewport=viewport, locale=locale, timezone_id="Europe/Amsterdam", storage_state=signed_in[user])
                        page = context.new_page()
                        for name, devices, step, who in wanted:
                            if device not in devices.split() or who != user:
                                continue
                            if callable(step):
                                step(page)
                            else:
                                page.goto(app.url(step))
                            settled(page)
                            path = out / f"{name}-{device}-{language}.png"
                            page.screenshot(path=str(path))
                            print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)
                        context.close()
            browser.close()
    finally:
        app.stop()


if __name__ == "__main__":
    main()
