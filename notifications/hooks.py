"""How this app plugs into the shared pages (see jinan_union.hooks): a home card when messages wait unread.
The bell in the navbar is templates/includes/bell.html."""

from django.urls import reverse

from jinan_union.hooks import HomeCard, NavItem


def nav_items(user) -> list[NavItem]:
    return []


def home_cards(user) -> list[HomeCard]:
    from .selectors import unread_count

    unread = unread_count(user)
    if not unread:
        return []
    return [HomeCard("未读消息", unread, reverse("notifications:inbox") + "?show=unread", "bell",
                     "需要您办理或知悉的事项", "danger")]


def seed_demo(world) -> None:
    """No demo messages: they arise from the demo's own moves."""
