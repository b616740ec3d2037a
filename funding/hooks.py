"""How this app plugs into navigation, the home page and the demo data (see jinan_union.hooks),
and its receiver of the studios app's `studio_named` signal (connected in apps.ready())."""

from django.urls import reverse

from jinan_union.enums import Role
from jinan_union.hooks import HomeCard, NavItem

from .enums import BOOK_READERS, FUNDING_READERS


def on_studio_named(*, studio, by, **signal):
    """FUN-GRANT: receives studios.signals.studio_named, sent inside the naming transaction (a failure here
    undoes the naming). Paid once: a repeated call (a re-run naming, two requests at the same moment)
    leaves the one grant there is and returns it."""
    from jinan_union.errors import DomainError

    from .models import Grant
    from .services import grant_create

    try:
        return grant_create(studio=studio, by=by)
    except DomainError:
        existing = Grant.objects.filter(studio=studio).first()
        if existing is None:
            raise
        return existing


def nav_items(user) -> list[NavItem]:
    if not user.has_role(*FUNDING_READERS):
        return []
    children = [NavItem("资助资金", reverse("funding:grant-list"), "cash-coin")]
    if user.has_role(*BOOK_READERS):
        children.append(NavItem("工会账簿", reverse("funding:book-list"), "journal-text"))
    if user.has_role(Role.AUDITOR, Role.FINANCE):
        children.append(NavItem("审查意见", reverse("funding:finding-list"), "clipboard-check"))
    return [NavItem("资助资金", reverse("funding:grant-list"), "cash-coin", tuple(children))]


def home_cards(user) -> list[HomeCard]:
    from .enums import SETTLED_STAGES, FindingStatus, GrantStage
    from .selectors import findings_visible_to, grants_visible_to

    cards = []
    if user.has_role(Role.FINANCE):
        waiting = grants_visible_to(user).exclude(stage__in=SETTLED_STAGES).count()
        cards.append(
            HomeCard(
                "待拨付的资助资金",
                waiting,
                reverse("funding:grant-list") + "?stage=open",
                "cash-coin",
                "市级命名工作室一次性资助5万元（第十二条）",
            )
        )
        open_findings = findings_visible_to(user).filter(status=FindingStatus.OPEN).count()
        cards.append(
            HomeCard(
                "待答复的审查意见",
                open_findings,
                reverse("funding:finding-list") + "?status=open",
                "clipboard-check",
                tone="warning",
            )
        )
    if user.has_role(Role.GRASSROOTS_CLERK):
        received = grants_visible_to(user).filter(stage=GrantStage.RECEIVED).count()
        cards.append(
            HomeCard(
                "可支出的资助资金",
                received,
                reverse("funding:grant-list") + f"?stage={GrantStage.RECEIVED}",
                "wallet2",
                "登记支出须附发票，限第十二条所列用途",
            )
        )
    if user.has_role(Role.AUDITOR):
        answered = findings_visible_to(user).filter(status=FindingStatus.ANSWERED).count()
        cards.append(
            HomeCard(
                "待确认的财务答复",
                answered,
                reverse("funding:finding-list") + "?status=answered",
                "clipboard-check",
                tone="info",
            )
        )
    return cards


def seed_demo(world) -> None:
    from .demo import seed

    seed(world)
