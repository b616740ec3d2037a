"""HAZ-FIRST (issue 15): store the matching form of every existing unit's address (new saves store it themselves)."""

from django.db import migrations


def fill(apps, schema_editor):
    from hazards.matching import address_key

    WorkUnit = apps.get_model("jinan_union", "WorkUnit")
    units = list(WorkUnit.objects.only("pk", "address"))
    for unit in units:
        unit.address_key = address_key(unit.address)
    WorkUnit.objects.bulk_update(units, ["address_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0013_cite_articles_as_users_write_them"),
        ("jinan_union", "0006_workunit_enterprise_address_key"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
