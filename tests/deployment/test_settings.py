"""Deployment settings that need no running services."""

from __future__ import annotations

import json

from tests.security.test_security import PRODUCTION, run_django


def test_export_files_go_to_an_s3_compatible_bucket_by_settings_alone():
    """#10.2: any S3-compatible storage, chosen by FILE_STORAGE and FILE_STORAGE_OPTIONS."""
    env = {
        **PRODUCTION,
        "FILE_STORAGE": "storages.backends.s3.S3Storage",
        "FILE_STORAGE_OPTIONS": json.dumps({"bucket_name": "leatadmin-exports", "endpoint_url": "https://s3.example.com"}),
    }
    code = "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__, s.bucket_name, s.endpoint_url)"
    result = run_django(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["S3Storage", "leatadmin-exports", "https://s3.example.com"]
