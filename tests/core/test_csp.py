"""Content-Security-Policy on every HTML page (django-csp): scripts, styles and fonts only from our own
static files, no inline script or style anywhere in the templates the browser gets."""

import importlib
import re
from pathlib import Path

from django.urls import reverse

from jinan_union.hooks import APPS
from tests.url_matrix import CASES

ROOT = Path(__file__).resolve().parents[2]

for module in ("tests.core.url_cases", *(f"tests.{app}.url_cases" for app in APPS)):
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_login_page_and_the_error_pages_carry_the_policy(client, db):
    assert_strict(client.get(reverse("login")))
    assert_strict(client.get("/no-such-page/"))


def test_every_html_page_carries_the_policy(world, client_for):
    """Every URL of the project (the SYS-SCOPE matrix's cases), opened by a user allowed to see it."""
    from django.db import transaction

    html = 0
    for url_name, case in sorted(CASES.items()):
        with transaction.atomic():  # each case's objects are rolled back before the next
            if not case.allowed:
                transaction.set_rollback(True)
                continue  # no demo user of the matrix may open it (e.g. a union administrator's page)
            url = reverse(url_name, kwargs=case.build(world)) + (f"?{case.query}" if case.query else "")
            response = client_for(sorted(case.allowed)[0]).get(url)
            if response.get("Content-Type", "").startswith("text/html"):
                html += 1
                assert "Content-Security-Policy" in response, url_name
                assert_strict(response)
            transaction.set_rollback(True)
    assert html > 30


def test_an_uploaded_file_keeps_its_own_stricter_policy(world, client_for, pdf_file):
    from jinan_union.enums import DOCUMENT_TYPES
    from jinan_union.files import store_upload

    attachment = store_upload(pdf_file(), kind="x", by=world.users["lixia"], allowed=DOCUMENT_TYPES)
    response = client_for("lixia").get(reverse("attachment-download", kwargs={"uuid": attachment.uuid}))
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in response["Content-Security-Policy"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_the_browser_gets_has_inline_script_or_style():
    """PDF templates are exempt: WeasyPrint renders them on the server, no browser ever runs them."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates")
        if "pdf" in relative.parts[:-1] or relative.parts[0] == "documents" or relative.name == "500.html":
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                if what == "inline <script>" and 'type="application/json"' in match.group(0):
                    continue  # data, not code (json_script)
                found.append(f"{relative}: {what}: {match.group(0)[:60]}")
    assert found == []
