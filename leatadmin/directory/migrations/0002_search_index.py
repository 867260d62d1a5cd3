"""The directory's text index, in each database's own kind.

PostgreSQL: a trigram GIN index (pg_trgm) on `search`, which answers
`search LIKE '%vries%'` without a scan. SQLite: an FTS5 table with the
trigram tokenizer over `search` (external content, kept in step by
triggers), matched with `"vries"`. Accents and case are folded in Python
before `search` is written, so both find the same rows.
"""

from django.db import migrations

TABLE = "directory_directorycontact"

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS directory_search_trgm ON {TABLE} USING gin (search gin_trgm_ops)",
]
POSTGRESQL_BACK = ["DROP INDEX IF EXISTS directory_search_trgm"]

SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS directory_fts USING fts5(search, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER IF NOT EXISTS directory_fts_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO directory_fts(rowid, search) VALUES (new.id, new.search); END""",
    f"""CREATE TRIGGER IF NOT EXISTS directory_fts_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO directory_fts(directory_fts, rowid, search) VALUES ('delete', old.id, old.search); END""",
    f"""CREATE TRIGGER IF NOT EXISTS directory_fts_update AFTER UPDATE OF search ON {TABLE} BEGIN
        INSERT INTO directory_fts(directory_fts, rowid, search) VALUES ('delete', old.id, old.search);
        INSERT INTO directory_fts(rowid, search) VALUES (new.id, new.search); END""",
    "INSERT INTO directory_fts(directory_fts) VALUES ('rebuild')",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS directory_fts_insert",
    "DROP TRIGGER IF EXISTS directory_fts_delete",
    "DROP TRIGGER IF EXISTS directory_fts_update",
    "DROP TABLE IF EXISTS directory_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_BACK, "sqlite": SQLITE_BACK}),
        ),
    ]
