"""HAZ-SCHEME: the city's scheme (《奖励办法》) as a row, with the amounts of 第八条 (hazards.grading.REWARDS),
the 30 September deadline of 第九条, verified by the municipal union (第三条)."""

from decimal import Decimal

from django.db import migrations

CITY = "济南市总工会职工排查安全生产事故隐患奖励办法"


def create_city_scheme(apps, schema_editor):
    Scheme = apps.get_model("hazards", "Scheme")
    if not Scheme.objects.filter(is_city=True).exists():
        Scheme.objects.create(
            name=CITY, is_city=True, union=None, amount_1=Decimal("8000.00"), amount_2=Decimal("5000.00"),
            amount_3=Decimal("3000.00"), deadline_month=9, deadline_day=30, fund_source="union_funds",
            verifier="municipal", pays_if_rewarded_elsewhere=True,
        )


class Migration(migrations.Migration):
    dependencies = [("hazards", "0010_schemes")]

    operations = [migrations.RunPython(create_city_scheme, migrations.RunPython.noop)]
