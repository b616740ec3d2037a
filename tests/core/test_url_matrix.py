"""SYS-SCOPE: every URL of the project, opened by every role (rule SYS-SCOPE)."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from jinan_union.hooks import APPS
from tests.url_matrix import ACCOUNT, ALL_USERS, CASES, PUBLIC

for module in ("tests.core.url_cases", *(f"tests.{app}.url_cases" for app in APPS)):
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, entry


def project_urls():
    return list(walk(get_resolver().url_patterns))


def test_every_url_is_named_and_has_a_matrix_case():
    """SYS-SCOPE: a new URL without a case (who may open it, on whose object) fails here."""
    missing = [name or str(p.pattern) for name, p in project_urls()
               if name is None or (name not in CASES and name not in PUBLIC | ACCOUNT)]
    assert missing == []


def test_every_view_declares_its_roles():
    """SYS-SCOPE: every page but the public and account ones is guarded by a role check."""
    unguarded = []
    for name, pattern in project_urls():
        if name in PUBLIC | ACCOUNT:
            continue
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if not hasattr(pattern.callback, "required_roles") and not hasattr(view, "required_roles"):
            unguarded.append(name)
    assert unguarded == []


@pytest.mark.rule("SYS-SCOPE")
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_url_matrix(url_name, world, client_for, client):
    case = CASES[url_name]
    kwargs = case.build(world)
    url = reverse(url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")

    anonymous = client.get(url)
    if case.public:  # STU-PUBLIC: a page without login, and a view marked public
        assert anonymous.status_code in case.ok_status
        assert getattr(resolve(url.split("?")[0]).func, "public", False)
    else:
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("login"))

    results = {}
    for username in ALL_USERS:
        response = client_for(username).get(url)
        results[username] = response.status_code
    expected = {
        u: ("ok" if u in case.allowed else "refused") for u in ALL_USERS
    }
    actual = {
        u: ("ok" if code in case.ok_status else "refused" if code in (403, 404) else code)
        for u, code in results.items()
    }
    assert actual == expected


def test_the_pages_without_login_are_exactly_the_public_cases():
    """STU-PUBLIC: a view marked public (jinan_union.permissions.public_page) has a public case, and back."""
    marked = {name for name, p in project_urls() if getattr(p.callback, "public", False)}
    assert marked == {name for name, c in CASES.items() if c.public}
