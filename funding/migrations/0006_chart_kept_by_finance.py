"""The chart of accounts as data finance keeps per union (issue 12): each account gets a stable key (the code it
was shipped with, which the postings use), so that finance may change its code and name; each change is an
AccountVersion."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def key_by_shipped_code(apps, schema_editor):
    Account = apps.get_model("funding", "Account")
    for account in Account.objects.all().only("pk", "code"):
        Account.objects.filter(pk=account.pk).update(key=account.code)


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0005_municipal_payout"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="account",
            name="key",
            field=models.CharField(default="", editable=False, max_length=10, verbose_name="系统标识"),
            preserve_default=False,
        ),
        migrations.RunPython(key_by_shipped_code, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.UniqueConstraint(fields=("union", "key"), name="funding_account_key_per_union"),
        ),
        migrations.CreateModel(
            name="AccountVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_code", models.CharField(max_length=10, verbose_name="原科目编号")),
                ("old_name", models.CharField(max_length=60, verbose_name="原科目名称")),
                ("code", models.CharField(max_length=10, verbose_name="新科目编号")),
                ("name", models.CharField(max_length=60, verbose_name="新科目名称")),
                ("reason", models.CharField(max_length=300, verbose_name="修改原因")),
                ("changed_at", models.DateTimeField(auto_now_add=True, verbose_name="修改时间")),
                ("account", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="versions",
                                              to="funding.account", verbose_name="科目")),
                ("changed_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="修改人")),
            ],
            options={
                "verbose_name": "会计科目修改记录",
                "verbose_name_plural": "会计科目修改记录",
                "ordering": ["-changed_at", "-pk"],
            },
        ),
    ]
