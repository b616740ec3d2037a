"""SYS-KEEP: nothing of the business record is hard-deleted through the application or its admin."""

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.test import RequestFactory

from jinan_union.models import Organisation, WorkUnit

pytestmark = pytest.mark.rule("SYS-KEEP")

BUSINESS_APPS = {"studios", "funding", "hazards"}
CORE_RECORDS = {"jinan_union.auditentry", "jinan_union.attachment", "jinan_union.exportjob"}


def registered_business_admins():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in BUSINESS_APPS or model._meta.label_lower in CORE_RECORDS:
            yield model, model_admin


def test_admin_never_offers_to_delete_a_business_record(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    deletable = sorted(model._meta.label for model, model_admin in registered_business_admins()
                       if model_admin.has_delete_permission(request))
    assert deletable == []


def test_every_business_model_is_in_the_admin():
    from django.apps import apps

    missing = sorted(m._meta.label for app in BUSINESS_APPS for m in apps.get_app_config(app).get_models()
                     if m not in admin.site._registry)
    assert missing == []


def test_an_organisation_with_records_cannot_be_deleted(world):
    union = world.system_unions["历下区总工会"]
    with pytest.raises(ProtectedError):
        union.delete()
    with pytest.raises(ProtectedError):
        WorkUnit.objects.get(name="济南历下控股集团有限公司").grassroots_union.delete()
    assert Organisation.objects.filter(pk=union.pk).exists()
