"""A faithful local emulator of the Leat API, served over real HTTP.

Plain Python (stdlib `http.server` + SQLite) so it starts in milliseconds in
tests, runs beside the app in `make demo`, and needs no Django. The
management commands `runsandbox` and `seed_sandbox` wrap it.
"""
