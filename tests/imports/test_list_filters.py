"""Issue 11 on the imports list: 共N条 with the one pager, a state filter whose card on the home page opens the
batches waiting for 确认导入, and a kind filter offering only the kinds the user imports."""

import pytest
from django.urls import reverse

from imports.enums import ImportKind

pytestmark = pytest.mark.rule("SYS-IMPORT")


def test_the_list_counts_and_filters_its_batches(world, client_for):
    client = client_for("lixia")
    page = client.get(reverse("imports:list")).content.decode()
    assert 'data-testid="list-total">共0条' in page
    assert "暂无导入批次：先在上方下载模板填写，再上传试导入。" in page
    filtered = client.get(reverse("imports:list") + "?status=pending").content.decode()
    assert "没有符合筛选条件的导入批次" in filtered
    form = client.get(reverse("imports:list")).context["filter"].form
    offered = {value for value, _ in form.fields["kind"].choices if value}
    from imports.permissions import kinds_for

    assert offered == {kind.value for kind in kinds_for(world.users["lixia"])}
    assert offered < set(ImportKind.values)  # a system union's clerk does not import every kind
    assert form.fields["status"].choices[0][1] == "全部"
