"""SYS-NOBYPASS: no path around the workflow.

- no code outside jinan_union/workflow.py assigns a state field of a model that has a workflow;
- the Django admin cannot add, change or delete a business record (moves there are actions through move());
- no GET changes the database: every URL of the matrix, opened with GET by every demo user, leaves every table's
  row count as it was.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from jinan_union import workflow
from jinan_union.hooks import APPS
from tests.url_matrix import ALL_USERS, CASES

ROOT = Path(__file__).resolve().parents[2]
BUSINESS_APPS = set(APPS)
# Records of the core that are business records too: the history and the stored files.
CORE_BUSINESS_MODELS = {"auditentry", "attachment"}
# The export job's status belongs to a background job, not to a business record.
NOT_BUSINESS_STATUS = {"jinan_union/exports.py", "jinan_union/exporter.py", "jinan_union/views.py"}
# Reference data the admin maintains (not business records); each change is recorded in the history.
REFERENCE_MODELS = {"hazards.HazardSynonym"}
WRITE_CALLS = {"update", "create", "get_or_create", "update_or_create"}


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        top = rel.split("/")[0]
        if top in {".venv", "node_modules", "tests", "benchmarks"} or "/migrations/" in rel:
            continue
        if rel == "jinan_union/workflow.py":
            continue
        yield rel, path


def _state_fields():
    flows = workflow.workflows()
    return {wf.field for wf in flows}, {wf.model.__name__ for wf in flows}


def test_every_stateful_business_model_has_a_workflow():
    """The states of studio application, studio standing, hazard report, hazard application, round, duplicate
    group, grant stage and audit finding all move through the one core."""
    registered = {f"{wf.model._meta.app_label}.{wf.model.__name__}" for wf in workflow.workflows()}
    assert registered >= {
        "studios.Application", "studios.Studio", "hazards.HazardReport", "hazards.Application", "hazards.Round",
        "hazards.DuplicateGroup", "funding.Grant", "funding.Finding",
    }


@pytest.mark.rule("SYS-NOBYPASS")
def test_no_code_outside_the_core_assigns_a_state_field():
    fields, model_names = _state_fields()
    offences = []
    for rel, path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                for t in ast.walk(target):
                    if isinstance(t, ast.Attribute) and t.attr in fields and rel not in NOT_BUSINESS_STATUS:
                        offences.append(f"{rel}:{node.lineno} assigns .{t.attr}")
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                keywords = {k.arg for k in node.keywords if k.arg}
                for k in node.keywords:
                    if k.arg == "defaults" and isinstance(k.value, ast.Dict):
                        keywords |= {key.value for key in k.value.keys if isinstance(key, ast.Constant)}
                if name == "setattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                    keywords.add(node.args[1].value)
                    name = "update"
                if (name in WRITE_CALLS or name in model_names) and keywords & fields:
                    if rel not in NOT_BUSINESS_STATUS:
                        offences.append(f"{rel}:{node.lineno} {name}({', '.join(sorted(keywords & fields))}=…)")
    assert offences == []


def _business_admins():
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in REFERENCE_MODELS:
            continue
        if model._meta.app_label in BUSINESS_APPS or model._meta.model_name in CORE_BUSINESS_MODELS:
            yield model, model_admin


def test_the_admin_registers_the_business_models():
    names = {m._meta.label for m, _ in _business_admins()}
    assert {"studios.Studio", "hazards.HazardReport", "funding.Grant", "funding.JournalEntry"} <= names


@pytest.mark.rule("SYS-NOBYPASS")
def test_no_business_model_can_be_added_changed_or_deleted_in_the_admin(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]  # a superuser: if even they cannot, nobody can
    assert request.user.is_superuser
    allowed = []
    for model, model_admin in _business_admins():
        obj = model._default_manager.first()
        for what, granted in (
            ("add", model_admin.has_add_permission(request)),
            ("change", model_admin.has_change_permission(request, obj)),
            ("delete", model_admin.has_delete_permission(request, obj)),
        ):
            if granted:
                allowed.append(f"{model._meta.label} {what}")
        for inline in model_admin.get_inline_instances(request, obj):
            for what in ("add", "change", "delete"):
                if getattr(inline, f"has_{what}_permission")(request, obj):
                    allowed.append(f"{model._meta.label} inline {inline.model._meta.label} {what}")
    assert allowed == []


@pytest.mark.rule("SYS-NOBYPASS")
def test_admin_posts_that_would_add_or_delete_a_business_record_are_refused(world, client_for):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    admin_client = client_for("admin")
    refused = {}
    for model, _ in _business_admins():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        refused[f"{model._meta.label} add"] = admin_client.post(reverse(f"{info}_add"), {}).status_code
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"{info}_change", args=[obj.pk])
            delete = reverse(f"{info}_delete", args=[obj.pk])
            refused[f"{model._meta.label} change"] = admin_client.post(change, {}).status_code
            refused[f"{model._meta.label} delete"] = admin_client.post(delete, {"post": "yes"}).status_code
            assert model._default_manager.filter(pk=obj.pk).exists()
    assert {k: v for k, v in refused.items() if v != 403} == {}


# --- reads never write ------------------------------------------------------------------------------------

for module in ("tests.core.url_cases", *(f"tests.{app}.url_cases" for app in APPS)):
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise

# Tables a GET may legitimately touch: the signed-in session and the login records.
SESSION_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in SESSION_TABLES or model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.rule("SYS-NOBYPASS")
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_a_get_changes_no_table(url_name, world, client_for):
    case = CASES[url_name]
    kwargs = case.build(world)
    url = reverse(url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    clients = {u: client_for(u) for u in ALL_USERS}  # logging in writes a session: before the snapshot
    before = _counts()
    for client in clients.values():
        client.get(url)
    after = _counts()
    assert {t: (before[t], after[t]) for t in before if before[t] != after[t]} == {}
