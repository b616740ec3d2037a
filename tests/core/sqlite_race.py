"""Run as a script (python -m tests.core.sqlite_race FOLDER N): a fresh file-based SQLite instance in FOLDER,
with the settings the application runs with, and N simultaneous POSTs of the same transfer through the
real view (threads, one connection each, as a threaded server would). Prints a JSON summary.

The test database of the test run is an in-memory one shared by threads through SQLite's shared cache,
which locks differently from a database file; hence this separate instance."""

import json
import os
import sys
import threading
from pathlib import Path


def main(folder: str, n: int) -> None:
    folder_path = Path(folder)
    os.environ.update({
        "DATABASE_URL": f"sqlite:///{folder_path / 'race.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder_path / "media"),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_SETTINGS_MODULE": "jinan_union.settings",
        "DJANGO_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    })
    os.environ.setdefault("DJANGO_SECRET_KEY", "race-test-secret-key-not-for-production-0123456789")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from funding.enums import TransferStep
    from funding.models import JournalEntry, Transfer
    from jinan_union.demo import build_world
    from tests.funding.factories import make_grant

    world = build_world()
    grant = make_grant(world)
    url = reverse("funding:transfer-record", args=[grant.pk, TransferStep.SYSTEM_RECEIVES])
    clients = []
    for _ in range(n):
        client = Client(raise_request_exception=False)
        client.force_login(world.users["finance"])
        clients.append(client)
    connections.close_all()

    barrier = threading.Barrier(n)
    statuses, errors = [], []

    def post(client):
        try:
            barrier.wait()
            statuses.append(client.post(url, {"on": "2026-05-01", "reference": "HD1", "confirmed": "1"}).status_code)
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({
        "statuses": sorted(statuses),
        "errors": errors,
        "transfers": Transfer.objects.filter(grant=grant).count(),
        "entries": JournalEntry.objects.count(),
        "options": settings.DATABASES["default"].get("OPTIONS", {}),
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
