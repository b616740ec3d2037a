"""How the statistics plug into navigation (see jinan_union.hooks)."""

from django.urls import reverse

from jinan_union.hooks import NavItem

from .permissions import can_view_stats


def nav_items(user) -> list[NavItem]:
    if not can_view_stats(user)[0]:
        return []
    return [NavItem("统计", reverse("stats:index"), "bar-chart-line")]


def home_cards(user) -> list:
    return []


def seed_demo(world) -> None:
    """The statistics read the other apps' demo records; nothing of their own."""
