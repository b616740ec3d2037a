"""The chart's corrected default codes (issue 12; docs/decisions/funding.md, "Chart of accounts").

1. `Account.key` had been the code an account was shipped with ("50303"), which now collides with the corrected
   codes (50304 is 专项业务费, no longer 其他业务支出): each key becomes the account's meaning ("biz_special").
2. Each union's accounts still carrying an old default code get the corrected one — 50304 → 50399 first, then
   50303 → 50304, then 303 → 321, so that each target code is free when its turn comes — each as an
   `AccountVersion` without a user (the system) and an audit entry, like a change by finance. An account that
   finance already re-coded, or whose target code another account of the union holds, is left to finance.
3. 业务支出—外事费 (50303) joins every union that has a chart; where 50303 is taken, it gets a placeholder code
   (chart.placeholder_code) that the chart page marks for finance to set.

The data are frozen here (not read from funding.chart), so that the migration does tomorrow what it does today.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The shipped code (the key until now) → the key by meaning.
KEYS = {
    "101": "cash",
    "102": "bank",
    "231": "custody",
    "303": "fund_balance",
    "403": "subsidy_income",
    "40301": "subsidy_general",
    "40302": "subsidy_special",
    "503": "business",
    "50301": "biz_training",
    "50302": "biz_meeting",
    "50303": "biz_special",
    "50304": "biz_other",
    "506": "grants_lower",
    "50602": "grants_lower_special",
}
# (key, old default code, corrected default code), in the order that frees each target before its turn.
RECODES = (
    ("biz_other", "50304", "50399"),
    ("biz_special", "50303", "50304"),
    ("fund_balance", "303", "321"),
)
REASON = "按《工会会计制度》（财会〔2021〕7号）科目表更正默认编号"
UNDO_REASON = "撤销数据迁移 funding/0007 的默认编号更正"
FOREIGN = ("biz_foreign", "50303", "外事费", "expenditure", "business")


def free_code(code, taken):
    # Same rule as funding.chart.placeholder_code, frozen with the migration.
    n = 1
    while f"{code}{n}" in taken:
        n += 1
    return f"{code}{n}"


def audit(apps, account, comment):
    AuditEntry = apps.get_model("jinan_union", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="funding", model="account")
    AuditEntry.objects.create(content_type=content_type, object_id=account.pk, actor=None,
                              action="修改会计科目", comment=comment)


def forward(apps, schema_editor):
    Account = apps.get_model("funding", "Account")
    AccountVersion = apps.get_model("funding", "AccountVersion")
    for old, new in KEYS.items():
        Account.objects.filter(key=old).update(key=new)

    for union_id in Account.objects.order_by().values_list("union_id", flat=True).distinct():
        accounts = {a.key: a for a in Account.objects.filter(union_id=union_id)}
        taken = {a.code for a in accounts.values()}
        for key, old, new in RECODES:
            account = accounts.get(key)
            if account is None or account.code != old or new in taken:
                continue  # re-coded by finance, or the target is another account's: finance decides
            AccountVersion.objects.create(account=account, old_code=old, old_name=account.name, code=new,
                                          name=account.name, reason=REASON, changed_by=None)
            Account.objects.filter(pk=account.pk).update(code=new)
            audit(apps, account, f"{old} {account.name} → {new} {account.name}：{REASON}")
            taken = (taken - {old}) | {new}

        key, code, name, kind, parent = FOREIGN
        if key not in accounts:
            code = code if code not in taken else free_code(code, taken)
            Account.objects.create(union_id=union_id, key=key, code=code, name=name, type=kind,
                                   parent=accounts.get(parent))


def backward(apps, schema_editor):
    """Back to 0006's chart: the system's re-codes undone where the account still carries them, 外事费 removed
    unless it was posted to, and the keys the shipped codes again."""
    Account = apps.get_model("funding", "Account")
    AccountVersion = apps.get_model("funding", "AccountVersion")
    JournalLine = apps.get_model("funding", "JournalLine")
    foreign = Account.objects.filter(key=FOREIGN[0])
    if JournalLine.objects.filter(account__in=foreign).exists():
        raise RuntimeError("业务支出—外事费已有分录，不能撤销迁移 funding/0007。")
    AccountVersion.objects.filter(account__in=foreign).delete()
    foreign.delete()
    for version in AccountVersion.objects.filter(changed_by=None).select_related("account").order_by("-pk"):
        account = version.account
        if account.code == version.code and not Account.objects.filter(
                union_id=account.union_id, code=version.old_code).exists():
            Account.objects.filter(pk=account.pk).update(code=version.old_code)
            audit(apps, account, f"{version.code} {account.name} → {version.old_code} {account.name}：{UNDO_REASON}")
        # 0006 knows no change without a user: the system's versions go with the migration that made them.
        version.delete()
    for old, new in KEYS.items():
        Account.objects.filter(key=new).update(key=old)
    if schema_editor.connection.vendor == "postgresql":
        # The deleted accounts left deferred foreign-key checks pending, and PostgreSQL alters no table with
        # pending trigger events: the field changes undone next would fail.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0006_chart_kept_by_finance"),
        ("jinan_union", "0002_audit_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="account",
            name="key",
            field=models.CharField(editable=False, max_length=30, verbose_name="系统标识"),
        ),
        migrations.AlterField(
            model_name="accountversion",
            name="changed_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="修改人"),
        ),
        migrations.RunPython(forward, backward),
    ]
