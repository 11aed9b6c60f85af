"""Uploads, letters and packs go through Django's storage API, so a setting moves them to an
S3-compatible store and the web tier stays stateless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_file_storage_backend_is_chosen_by_setting():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "housing.settings", "HOMEWARD_TESTING": "1",
           "FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
           "FILE_STORAGE_OPTIONS": json.dumps({"bucket_name": "homeward-letters",
                                               "endpoint_url": "http://127.0.0.1:9"})}
    code = ("import django; django.setup();"
            "from django.core.files.storage import default_storage as s;"
            "print(type(s).__name__ if not hasattr(s, '_setup') else '', s.bucket_name)")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("homeward-letters")


def test_letters_use_the_default_storage_not_a_local_path(settings):
    from housing.letters.models import Letter

    assert Letter._meta.get_field("pdf").storage.__class__.__name__ in {
        "DefaultStorage", "FileSystemStorage"}
