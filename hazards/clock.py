"""The current time for the round rules (H§9).

Services take `now=` for tests; pages call `now()`. `settings.HAZARDS_NOW` (an ISO datetime) pins the
clock for demonstrations and browser tests that must play a whole year's round in a few minutes. When the
setting is absent, the environment variable `HAZARDS_NOW` does the same, so a demo server can be started
at a chosen moment without editing settings. A value without an offset is read in `TIME_ZONE`
(Asia/Shanghai); a value that is not a datetime fails loudly.
"""

import os
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def pinned() -> datetime | str | None:
    """The pinned moment as configured: the setting if it exists (even empty), else the environment."""
    if hasattr(settings, "HAZARDS_NOW"):
        return settings.HAZARDS_NOW
    return os.environ.get("HAZARDS_NOW")


def now() -> datetime:
    value = pinned()
    if not value:
        return timezone.now()
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        raise ValueError(f"HAZARDS_NOW is not a datetime: {value!r}")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
