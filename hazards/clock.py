"""The current time for the round rules (H§9).

Services take `now=` for tests; pages call `now()`. `settings.HAZARDS_NOW` (an ISO datetime) pins the
clock for demonstrations and browser tests that must play a whole year's round in a few minutes.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def now() -> datetime:
    pinned = getattr(settings, "HAZARDS_NOW", None)
    if pinned:
        value = parse_datetime(pinned) if isinstance(pinned, str) else pinned
        if value is None:
            raise ValueError(f"HAZARDS_NOW is not a datetime: {pinned!r}")
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.now()
