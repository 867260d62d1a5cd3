"""The staff-action mechanism: every write a staff member makes to Leat goes
through `StaffAction` (view.py; its hooks in hooks.py), so every write is
submitted once, checked against a stale form and a duplicate, audited, and
settled or "outcome unknown" when Leat's answer is lost. It sits above the
audit log and `core`, below the domain apps that use it."""
