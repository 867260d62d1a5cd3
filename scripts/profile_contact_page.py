"""Where a contact page request spends its CPU time.

Runs the app in this process against an in-process sandbox with no added
latency, views one contact page a number of times under cProfile (the
request's thread and the threads that make its Leat calls), and prints the
functions that cost most, then the time by area (templates, tables, Leat
client and HTTP, database, the sandbox answering). A script, not a test.

    python scripts/profile_contact_page.py [--views 200] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AREAS = {
    "templates": ("django/template/",),
    "tables (django-tables2)": ("django_tables2/",),
    "Leat client + HTTP (requests, urllib3, http.client)": ("leatadmin/leat/", "requests/", "urllib3/", "http/client.py", "socket.py", "ssl.py"),
    "database": ("django/db/",),
    "sandbox (Leat's side)": ("leatadmin/sandbox/", "http/server.py", "socketserver.py", "sqlite3"),
    "json": ("json/",),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-cprofile", action="store_true", help="Only the timed run (for an outside sampler such as py-spy).")
    parser.add_argument("--panels", action="store_true", help="Time each panel's own work (context and template) with its Leat answers already in.")
    parser.add_argument("--queries", action="store_true", help="List the database queries of one view, then stop.")
    parser.add_argument("--only", help="With --panels: profile only this panel (e.g. transactions), or the page's shell (shell).")
    parser.add_argument("--cumulative", help="Also list by cumulative time the functions whose path matches this regex (e.g. leatadmin).")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="leatadmin-profile-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "leatadmin.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{tmp / 'app.sqlite3'}",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(tmp / "static"),
            "SECURE_SSL_REDIRECT": "false",
            # Pointed at the in-process sandbox below, once it has a port.
            "LEAT_API_URL": "http://127.0.0.1:9",
            "LEAT_API_KEY": "profile-" + secrets.token_urlsafe(12),
            # Production settings want a shared cache (make services starts Redis).
            "CACHE_URL": os.environ.get("PROFILE_CACHE_URL", "redis://127.0.0.1:6379/4"),
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from leatadmin.leat import LeatClient
    from leatadmin.sandbox.db import Store
    from leatadmin.sandbox.http import Sandbox
    from leatadmin.sandbox.seed import seed

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    store = Store(tmp / "sandbox.sqlite3")
    seed(store)
    sandbox = Sandbox(store, secrets.token_urlsafe(24), port=0).start()
    settings.LEAT_API_URL, settings.LEAT_API_KEY = sandbox.url, sandbox.api_key
    settings.ALLOWED_HOSTS = ["testserver"]
    anna = LeatClient(sandbox.url, sandbox.api_key).contacts.find_by_email("anna.devries@example.com")
    user = User.objects.create_user("profile")
    user.groups.add(Group.objects.get(name="Supervisor"))
    client = Client()
    client.force_login(user)
    url = f"/contacts/{anna.uuid}/"

    def view() -> None:
        response = client.get(url)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200 and b"</html>" in body

    view()  # warm caches (account definitions, shops), as a running server has them
    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            view()
        print(f"{len(queries)} queries in one view:")
        for query in queries:
            print(f"  {query['time']}s  {query['sql'][:160]}")
        sandbox.stop()
        return
    if args.panels:
        panel_times(user, anna.uuid, args)
        sandbox.stop()
        return
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.views):
        view()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"Without the profiler: {wall / args.views * 1000:.1f} ms per view, {cpu / args.views * 1000:.1f} ms of CPU (app and sandbox, all threads)")
    if args.no_cprofile:
        sandbox.stop()
        return
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.views):
        view()
    profile.disable()
    elapsed = time.perf_counter() - started
    sandbox.stop()

    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    print(f"{args.views} contact page views in {elapsed:.2f} s: {elapsed / args.views * 1000:.1f} ms each (one process, sandbox at 0 ms latency)")
    print("\nTime by area (own time of the request's thread, summed over functions):")
    total = sum(row[2] for row in stats.stats.values())
    for area, needles in AREAS.items():
        own = sum(row[2] for (file, _, _), row in stats.stats.items() if any(n in file for n in needles))
        print(f"  {area:<55} {own / args.views * 1000:6.2f} ms per view ({own / total:5.1%})")
    stats.sort_stats("tottime").print_stats(args.top)
    print("\n".join(out.getvalue().splitlines()[: args.top + 12]))
    if args.cumulative:
        out.seek(0)
        out.truncate()
        stats.sort_stats("cumtime").print_stats(args.cumulative, args.top)
        print("\n".join(out.getvalue().splitlines()[: args.top + 12]))


def panel_times(user, uuid: str, args) -> None:
    """Each panel's work in the request's thread, its Leat answers read once beforehand."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from leatadmin.contacts import panels
    from leatadmin.core.reads import Reads

    request = RequestFactory().get(f"/contacts/{uuid}/")
    request.user = user
    request.htmx = False
    profile = cProfile.Profile()
    from leatadmin.core.leat import leat

    client = leat()
    calls = {
        "get contact": lambda: client.contacts.get(uuid),
        "transactions page": lambda: client.transactions.list(contact_uuid=uuid, page=1, limit=10),
        "visits page": lambda: client.visits.list(contact_uuid=uuid, page=1, limit=10),
        "cards": lambda: client.identifiers.for_contact(uuid),
        "subscriptions": lambda: client.subscriptions.list(uuid),
        "prepaid page": lambda: client.prepaid.list(contact_uuid=uuid, page=1, limit=10),
    }
    print(f"Each Leat read, the client's side only ({args.views} times, ms of CPU in the calling thread):")
    for name, call in calls.items():
        started = time.thread_time()
        for _ in range(args.views):
            call()
        print(f"  {name:<18} {(time.thread_time() - started) / args.views * 1000:6.2f}")
    rounds = 1 if args.top else 5

    def best_of(name: str, render) -> None:
        """`render` `args.views` times, the best of `rounds` (profiled with --top)."""
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            if args.top:
                profile.enable()
            for _ in range(args.views):
                render()
            profile.disable()
            best = min(best, time.process_time() - started)
        print(f"  {name:<14} {best / args.views * 1000:6.2f}")

    print(f"Each panel's own work (context and template), {args.views} times, the best of {rounds} (ms of CPU per render):")
    for panel in panels.all_panels():
        if args.only and panel.name != args.only:
            continue
        reads = Reads()
        for key in panel.start(request, uuid, reads):
            reads.result(key)
        best_of(panel.name, lambda panel=panel, reads=reads: render_to_string(panel.template, {"uuid": uuid, **panel.context(request, uuid, reads)}, request=request))
    if not args.only or args.only == "shell":
        # The page before its panels (contacts/page.py renders it while Leat answers).
        shown = [panel for panel in panels.all_panels() if user.has_perm(panel.permission)]
        best_of("shell", lambda: render_to_string("contacts/detail.html", {"uuid": uuid, "panels": shown, "pending_deletion": None}, request=request))
    if args.top:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
        if args.cumulative:
            pstats.Stats(profile, stream=out).sort_stats("cumtime").print_stats(args.cumulative, args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
