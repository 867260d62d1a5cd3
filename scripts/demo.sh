#!/usr/bin/env bash
# Start the whole product: the sandbox Leat API, the task worker and the app. Ctrl-C stops them all.
# Two settings choose where (the environment, or .env): APP_ADDR (default 127.0.0.1:8000) and
# SANDBOX_ADDR (default 127.0.0.1:8001). The app's LEAT_API_URL and LEAT_WEBHOOK_URL follow from them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

# A .env written before the URLs followed the addresses pinned the sandbox to port 8001.
"$PY" scripts/write_env.py --upgrade
# The addresses and URLs as the app reads them; every command below gets the same.
addresses=$("$PY" scripts/demo_addresses.py)
eval "$addresses"
export APP_ADDR SANDBOX_ADDR

for addr in "$APP_ADDR" "$SANDBOX_ADDR"; do
  if "$PY" -c "import socket,sys; h,p='$addr'.rsplit(':',1); s=socket.socket(); sys.exit(0 if s.connect_ex((h,int(p)))==0 else 1)"; then
    echo "Something already listens on $addr; stop it (or set APP_ADDR / SANDBOX_ADDR) and run make demo again." >&2
    exit 1
  fi
done

mkdir -p var
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py compile_translations -v0
"$PY" manage.py seed_sandbox --if-empty
"$PY" manage.py create_demo_staff

"$PY" manage.py runsandbox "$SANDBOX_ADDR" &
SANDBOX_PID=$!
# The task worker runs background work (transaction exports), as the Procfile's worker does.
"$PY" manage.py db_worker --no-reload -v0 &
WORKER_PID=$!
trap 'kill $SANDBOX_PID $WORKER_PID 2>/dev/null || true' EXIT INT TERM
echo "  (sandbox pid $SANDBOX_PID, task worker pid $WORKER_PID)"
"$PY" -c "
import socket, time
h, p = '$SANDBOX_ADDR'.rsplit(':', 1)
for _ in range(100):
    if socket.socket().connect_ex((h, int(p))) == 0: break
    time.sleep(0.1)
else: raise SystemExit('The sandbox did not start.')
"
"$PY" manage.py seed_demo_bookings
# The contact directory: Leat's webhooks to this app at LEAT_WEBHOOK_URL (the sandbox sends them, signed), then the backfill (the worker runs it).
"$PY" manage.py leat_webhooks register
"$PY" manage.py directory_backfill
# The visit index: Leat's visits, read once in full (the worker runs it), so the visit list can sort by start and filter by shop and day.
"$PY" manage.py visit_index
# The shop's figures: Leat's loyalty transactions mirrored into daily figures (the worker reads them; housekeeping keeps them up to date).
"$PY" manage.py figures_mirror
echo
echo "  leatadmin is at http://$APP_ADDR/  (sandbox Leat API at $LEAT_API_URL)"
echo "  Log in with one of the accounts above; the second factor's code: python manage.py demo_totp <username>."
echo "  Passkeys need a name, not an address: open http://localhost:${APP_ADDR##*:}/ to try them."
echo "  Try the email anna.devries@example.com."
echo "  Search by part of a name, a phone number or a card: try 'de vries' or CARD-300000."
echo "  A task worker runs the exports, the directory backfill, the visit index read, the figures' mirror and batches. Ctrl-C stops everything."
echo
"$PY" manage.py runserver "$APP_ADDR" --noreload
