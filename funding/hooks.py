"""How this app plugs into navigation, the home page and the demo data (see jinan_union.hooks)."""

from jinan_union.hooks import HomeCard, NavItem


def nav_items(user) -> list[NavItem]:
    return []


def home_cards(user) -> list[HomeCard]:
    return []


def seed_demo(world) -> None:
    return None
