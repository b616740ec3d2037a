"""How this app plugs into navigation and the home page (see jinan_union.hooks)."""

from django.urls import reverse

from jinan_union.hooks import HomeCard, NavItem

from .enums import BatchState
from .permissions import kinds_for


def nav_items(user) -> list[NavItem]:
    if not kinds_for(user):
        return []
    return [NavItem("数据导入", reverse("imports:list"), "file-earmark-arrow-up")]


def home_cards(user) -> list[HomeCard]:
    if not kinds_for(user):
        return []
    from .selectors import batches_visible_to

    pending = batches_visible_to(user).filter(status=BatchState.PENDING).count()
    waiting = reverse("imports:list") + f"?status={BatchState.PENDING}"
    return [HomeCard("往年数据导入", pending, waiting, "file-earmark-arrow-up",
                     "往年命名（含已摘牌、撤销命名）的工作室及其成员、荣誉和专利，已发放的隐患奖励，账簿期初余额：下载模板、试导入、确认导入（待确认的批次数）")]


def seed_demo(world) -> None:
    """No demo imports: the demo data is entered through the pages."""
