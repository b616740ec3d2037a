"""The load scenario (benchmarks/locustfile.py, run by scripts/load.sh, never in CI) cannot rot silently:
every path it requests resolves, and every page it opens directly answers 200 to its demo user.

Importing locust monkey-patches the standard library (gevent), so the locustfile is read in a child process."""

import importlib.util
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import resolve

pytestmark = [
    pytest.mark.rule("SYS-SCOPE"),  # as the other issue-10 tests: the spec has no performance rule
    pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="locust is not installed"),
]


@pytest.fixture(scope="module")
def scenario():
    child = subprocess.run(
        [sys.executable, "-c", "import json, benchmarks.locustfile as f; print(json.dumps(f.scenario()))"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_every_path_of_the_scenario_resolves(scenario):
    assert "/hazards/new/" in scenario["paths"]
    for path in scenario["paths"]:
        resolve(path)  # raises Resolver404 for a path the URL configuration no longer has


def test_every_page_opened_directly_answers_its_user(world, client_for, scenario):
    assert {"lixia", "reviewer", "finance"} <= set(scenario["pages"])
    for username, pages in scenario["pages"].items():
        client = client_for(username)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, (username, page, response.status_code)
