"""Loaded by pytest (-p jinan_union.testenv) before Django starts: the environment tests run in."""

import os

# Tests run with debug off, as production does, but with plain static storage (no collectstatic).
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinan_union.settings")
# Playwright's sync API runs an event loop; Django's live server and ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
