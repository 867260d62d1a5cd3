"""A faithful local emulator of the Leat API, served over real HTTP.

Plain Python (stdlib `http.server` + SQLite) so it starts in milliseconds in
tests, runs beside the app in `make demo`, and needs no Django. The
management commands `runsandbox` and `seed_sandbox` wrap it.

`db` is the store's core (schema, connections, write lock, shared validators,
scheduled deletions); each area module (`contacts`, `attributes`,
`transactions`, `loyalty` (program and credit receptions), `rewards`,
`identifiers`, `subscriptions`, `prepaid`, `visits`, `bookings`, `shops`)
holds that area's operations,
its JSON and its routes, registered in `routes`; `http` serves them
(`Sandbox`), with `faults` and `errors`; `seed` fills it with demo data.
"""
