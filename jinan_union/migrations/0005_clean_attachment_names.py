"""SYS-FILES: names stored before uploads were cleaned lose their control and direction characters."""

from django.db import migrations


def clean_names(apps, schema_editor):
    from jinan_union.files import clean_name

    Attachment = apps.get_model("jinan_union", "Attachment")
    for pk, name in Attachment.objects.values_list("pk", "original_name").iterator():
        cleaned = clean_name(name)
        if cleaned != name:
            Attachment.objects.filter(pk=pk).update(original_name=cleaned)


class Migration(migrations.Migration):
    dependencies = [("jinan_union", "0004_sqlite_append_only")]
    operations = [migrations.RunPython(clean_names, migrations.RunPython.noop)]
