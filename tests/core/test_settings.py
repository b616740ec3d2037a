"""Settings: read from the environment, loud on bad values, deploy checks clean but for HTTPS ones."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTPS_ONLY = {"security.W004", "security.W008", "security.W012", "security.W016"}


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_deploy_check_warns_only_about_https():
    result = run_manage("check", "--deploy", DJANGO_DEBUG="0",
                        DJANGO_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-9f8e7d6c5b4a")
    warned = set(re.findall(r"\((security\.W\d+)\)", result.stdout + result.stderr))
    assert warned == HTTPS_ONLY
    assert result.returncode == 0


def test_https_setting_clears_the_https_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0", DJANGO_HTTPS="1",
                        DJANGO_SECRET_KEY="k" * 20 + "-a-long-random-production-secret-9f8e7d6c5b4a")
    assert result.returncode == 0, result.stderr


def test_missing_secret_key_fails_loudly():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_bad_debug_value_fails_loudly():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert "DJANGO_DEBUG must be 1 or 0" in result.stderr


@pytest.mark.rule("SYS-LANG")
def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
