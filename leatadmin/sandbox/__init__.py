"""A faithful local emulator of the Leat API, served over real HTTP.

Plain Python (stdlib `http.server` + SQLite) so it starts in milliseconds in
tests, runs beside the app in `make demo`, and needs no Django. The
management commands `runsandbox` and `seed_sandbox` wrap it.

`db` is the store's core (schema, connections, write lock, scheduled
deletions) and `checks` the input checks every area shares; each area module
(`contacts`, `attributes`, `transactions`, `loyalty` (program and credit
receptions), `rewards`, `identifiers`, `subscriptions`, `prepaid`, `visits`,
`bookings`, `shops`) holds that area's operations, its JSON and its routes,
registered in `routes` (a contact's JSON, which several areas answer with,
is in `contact_answers`); `http` serves them (`Sandbox`), with `bodies`,
`throttle`, `faults` and `errors`; `seed` fills it with demo data
(`seed_transactions`, `seed_examples`).
"""
