"""HAZ-ROUND: the hazards clock, pinned for demonstrations by the setting or the environment."""

from datetime import datetime

import pytest
from django.utils import timezone

from hazards import clock

from .factories import SH


@pytest.fixture
def no_setting(settings):
    if hasattr(settings, "HAZARDS_NOW"):
        del settings.HAZARDS_NOW
    return settings


def test_setting_pins_the_clock(settings, monkeypatch):
    monkeypatch.setenv("HAZARDS_NOW", "2027-01-01T00:00:00+08:00")
    settings.HAZARDS_NOW = "2026-09-30T23:59:00+08:00"
    assert clock.now() == datetime(2026, 9, 30, 23, 59, tzinfo=SH)


def test_environment_pins_the_clock_when_the_setting_is_absent(no_setting, monkeypatch):
    monkeypatch.setenv("HAZARDS_NOW", "2026-10-01T00:00:00+08:00")
    assert clock.now() == datetime(2026, 10, 1, 0, 0, tzinfo=SH)


def test_environment_value_without_offset_is_shanghai_time(no_setting, monkeypatch):
    monkeypatch.setenv("HAZARDS_NOW", "2026-09-30 23:59")
    assert clock.now() == datetime(2026, 9, 30, 23, 59, tzinfo=SH)


def test_bad_environment_value_fails_loudly(no_setting, monkeypatch):
    monkeypatch.setenv("HAZARDS_NOW", "明天")
    with pytest.raises(ValueError) as error:
        clock.now()
    assert str(error.value) == "HAZARDS_NOW is not a datetime: '明天'"


@pytest.mark.parametrize("value", [None, ""])
def test_without_setting_or_environment_the_clock_is_real(no_setting, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("HAZARDS_NOW", raising=False)
    else:
        monkeypatch.setenv("HAZARDS_NOW", value)
    before = timezone.now()
    moment = clock.now()
    assert (before <= moment, moment <= timezone.now()) == (True, True)
