"""How this app plugs into navigation, the home page and the demo data (see jinan_union.hooks)."""

from django.urls import reverse

from jinan_union.enums import Role
from jinan_union.hooks import HomeCard, NavItem

APP_ROLES = (Role.SYSTEM_CLERK, Role.GRASSROOTS_CLERK, Role.REVIEWER, Role.SECRETARY, Role.ADMIN)


def nav_items(user) -> list[NavItem]:
    if not user.roles:
        return []
    children = [NavItem("市级命名工作室公开名单", reverse("studios:public-list"), "award")]
    if any(r != Role.EXPERT for r in user.roles):  # an expert has no studio pages (STU-SCORE)
        children.insert(0, NavItem("工作室名单", reverse("studios:studio-list"), "list-ul"))
        children.insert(1, NavItem("工作室成员", reverse("studios:member-list"), "people"))
    if user.has_role(*APP_ROLES):
        children.append(NavItem("市级命名申报", reverse("studios:application-list"), "inbox"))
    if any(r != Role.EXPERT for r in user.roles):
        children.append(NavItem("公开展示", reverse("studios:showcase-list"), "globe"))
    if user.has_role(Role.SECRETARY, Role.REVIEWER):
        children.append(NavItem("命名批次", reverse("studios:batch-list"), "award"))
    children.append(NavItem("年度申报通知", reverse("studios:call-list"), "megaphone"))
    if user.has_role(Role.EXPERT):
        children.append(NavItem("我的评审任务", reverse("studios:expert-home"), "clipboard-check"))
    return [NavItem("创新工作室", children[0].url, "lightbulb", tuple(children))]


def home_cards(user) -> list[HomeCard]:
    from django.utils import timezone

    from .enums import ApplicationState as S
    from .enums import StudioStatus
    from .selectors import applications_visible_to, studios_visible_to

    cards = []
    apps_url = reverse("studios:application-list")
    # Issue 11: each card counts exactly the rows of the list it opens (its filter is the card's query).
    if user.has_role(Role.SYSTEM_CLERK):
        visible = applications_visible_to(user)
        n = visible.filter(state=S.RETURNED).count()
        cards.append(HomeCard("创新工作室申报：退回修改", n, f"{apps_url}?state={S.RETURNED}", "arrow-counterclockwise",
                              "修改后可再次提交", "warning" if n else "primary"))
        n = visible.filter(state=S.DRAFT).count()
        cards.append(HomeCard("创新工作室申报：草稿", n, f"{apps_url}?state={S.DRAFT}", "pencil-square",
                              "填写完整、通过提交前检查后提交"))
    if user.has_role(Role.REVIEWER):
        visible = applications_visible_to(user)
        n = visible.filter(state=S.SUBMITTED).count()
        cards.append(HomeCard("创新工作室申报：待审核", n, f"{apps_url}?state={S.SUBMITTED}", "inbox"))
        n = visible.filter(state=S.INSPECTED).count()
        cards.append(HomeCard("创新工作室申报：已考察、待推荐", n, f"{apps_url}?state={S.INSPECTED}", "binoculars"))
        # A rectification overdue is derived on read (the daily command de-lists it, S§17): said in the note.
        rectifying = studios_visible_to(user).filter(status=StudioStatus.RECTIFYING)
        overdue = rectifying.filter(rectification_deadline__lt=timezone.localdate()).count()
        total = rectifying.count()
        cards.append(HomeCard("整改中的工作室（待复查）", total,
                              reverse("studios:studio-list") + f"?status={StudioStatus.RECTIFYING}",
                              "x-octagon" if overdue else "exclamation-triangle",
                              f"其中{overdue}家整改逾期，待摘牌" if overdue else "",
                              "danger" if overdue else "warning" if total else "primary"))
    if user.has_role(Role.SECRETARY):
        n = applications_visible_to(user).filter(state=S.RECOMMENDED).count()
        cards.append(HomeCard("已推荐、待会议审定的创新工作室", n, f"{apps_url}?state={S.RECOMMENDED}", "award",
                              "列入命名批次，会议审定后发文命名"))
    if user.has_role(Role.EXPERT):
        from .models import ExpertAssignment

        n = ExpertAssignment.objects.filter(expert=user, score__isnull=True).count()
        cards.append(HomeCard("待评分的市级命名申报", n, reverse("studios:expert-home"), "clipboard-check",
                              tone="warning" if n else "primary"))
    if user.has_role(Role.GRASSROOTS_CLERK):
        n = studios_visible_to(user).exclude(status=StudioStatus.DELISTED).count()
        cards.append(HomeCard("本单位创新工作室（台帐与年度考核）", n, reverse("studios:studio-list"), "journal-text"))
    return cards


def seed_demo(world) -> None:
    from .demo import seed

    seed(world)
