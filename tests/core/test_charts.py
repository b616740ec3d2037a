from decimal import Decimal

from django.template.loader import render_to_string

from jinan_union.charts import bars


def test_bars_are_relative_to_the_largest_value():
    chart = bars([("历下区总工会", Decimal("8000"), "¥8,000.00"), ("市中区总工会", Decimal("2000"), "¥2,000.00")])
    assert [(b.label, b.percent) for b in chart] == [("历下区总工会", 100.0), ("市中区总工会", 25.0)]


def test_chart_renders_labels_values_and_widths_without_inline_styles():
    html = render_to_string("includes/bar_chart.html", {
        "bars": bars([("设备购置", Decimal("30000"), "¥30,000.00"), ("培训学习", Decimal("7500"), "¥7,500.00")]),
        "title": "支出分类"})
    assert "支出分类" in html and "设备购置" in html and "¥7,500.00" in html
    assert 'value="100.0"' in html and 'value="25.0"' in html
    assert "style=" not in html


def test_empty_chart_says_so():
    assert "暂无数据" in render_to_string("includes/bar_chart.html", {"bars": bars([])})
