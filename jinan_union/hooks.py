"""The points where each app plugs into the shared pages: navigation, the home page, demo data.

Each business app has a `hooks` module with `nav_items(user)`, `home_cards(user)` and
`seed_demo(world)`; the core calls them in this order.
"""

from dataclasses import dataclass, field
from importlib import import_module

APPS = ("studios", "funding", "hazards", "notifications", "imports", "stats")


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str = "circle"
    children: tuple["NavItem", ...] = field(default=())


@dataclass(frozen=True)
class HomeCard:
    """A box on the home page: what waits for this user."""

    title: str
    count: int
    url: str
    icon: str = "inbox"
    note: str = ""
    tone: str = "primary"


def _hooks():
    return [import_module(f"{app}.hooks") for app in APPS]


def nav_items(user) -> list[NavItem]:
    return [item for module in _hooks() for item in module.nav_items(user)]


def home_cards(user) -> list[HomeCard]:
    return [card for module in _hooks() for card in module.home_cards(user)]


def seed_demo(world) -> None:
    for module in _hooks():
        module.seed_demo(world)
