"""How this app plugs into navigation, the home page and the demo data (see jinan_union.hooks)."""

from django.urls import reverse

from jinan_union.enums import OrgKind, Role
from jinan_union.hooks import HomeCard, NavItem

from .enums import READERS


def _own_scheme(user):
    """HAZ-SCHEME: the scheme of the user's own system union, if it set one up."""
    from .models import Scheme

    org = user.organisation if user.organisation_id else None
    return Scheme.objects.filter(union=org).first() if org is not None and org.kind == OrgKind.SYSTEM else None


def nav_items(user) -> list[NavItem]:
    if not user.has_role(*READERS):
        if user.has_role(Role.ADMIN):  # the administrators set up and change the reward schemes (HAZ-SCHEME)
            return [NavItem("隐患奖励办法", reverse("hazards:scheme-list"), "journal-text")]
        return []
    children = [NavItem("隐患报告", reverse("hazards:report-list"), "list-ul")]
    if user.has_role(Role.SYSTEM_CLERK):
        children.insert(0, NavItem("填报隐患", reverse("hazards:report-new"), "plus-circle"))
        children.append(NavItem("本年度申报", reverse("hazards:application-current"), "folder2-open"))
    children.append(NavItem("申报", reverse("hazards:application-list"), "folder"))
    if user.has_role(Role.REVIEWER):
        children.append(NavItem("重复隐患", reverse("hazards:duplicates"), "intersect"))
    if user.has_role(Role.REVIEWER, Role.FINANCE, Role.AUDITOR) and user.is_municipal:
        children.append(NavItem("年度结算发放", reverse("hazards:round-list"), "cash-coin"))
    elif user.has_role(Role.FINANCE) and user.organisation and user.organisation.kind == OrgKind.SYSTEM:
        children.append(NavItem("奖励发放表", reverse("hazards:round-list"), "cash-coin"))
    scheme = _own_scheme(user) if not user.is_municipal else None
    if scheme is not None:
        children.append(NavItem("本级奖励办法", reverse("hazards:scheme-detail", args=[scheme.pk]), "journal-text"))
        if user.has_role(Role.REVIEWER, Role.AUDITOR) and not user.has_role(Role.FINANCE):
            children.append(NavItem("本级评选年度", reverse("hazards:round-list"), "cash-coin"))
    return [NavItem("隐患奖励", reverse("hazards:report-list"), "exclamation-triangle", tuple(children))]


def home_cards(user) -> list[HomeCard]:
    from .enums import ReportState
    from .selectors import reports_visible_to

    cards = []
    if user.has_role(Role.SYSTEM_CLERK):
        visible = reports_visible_to(user)
        cards.append(HomeCard(
            "隐患报告草稿", visible.filter(status=ReportState.DRAFT).count(),
            reverse("hazards:report-list") + "?status=draft", "pencil-square", "待补充后提交",
        ))
        # Issue 11: the count is the rows of the list the card opens (ready, whether or not already in the draft
        # application); the list's 本年度申报 button adds them and sends the application.
        cards.append(HomeCard(
            "填报完成、待报送的隐患", visible.filter(status=ReportState.READY).count(),
            reverse("hazards:report-list") + f"?status={ReportState.READY}", "folder2-open",
            "加入本年度申报后报送（9月30日截止）",
        ))
    if user.has_role(Role.REVIEWER):
        cards.append(HomeCard(
            "待核实的隐患", reports_visible_to(user).filter(status=ReportState.SUBMITTED).count(),
            reverse("hazards:report-list") + "?status=submitted", "clipboard-check", "生产保护部核实", "warning",
        ))
    return cards


def seed_demo(world) -> None:
    from .demo import seed

    seed(world)
