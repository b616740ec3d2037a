"""Issue 11: the home page's cards count exactly what the list they open shows (共N条), for every demo role, and
every card leads to a list where the user can act."""

import html
import re

import pytest
from django.urls import reverse

from jinan_union.demo import DEMO_USERS
from jinan_union.hooks import seed_demo

CARD = re.compile(r'<a class="card[^"]*" href="([^"]+)" data-testid="home-card">.*?<div class="text-body">([^<]+)</div>'
                  r'.*?data-testid="home-card-count">(\d+)</div>', re.S)
TOTAL = re.compile(r'data-testid="list-total">共(\d+)条')


@pytest.fixture
def demo(world):
    seed_demo(world)
    return world


def cards_of(client):
    page = client.get(reverse("home")).content.decode()
    return [(html.unescape(url), title.strip(), int(count)) for url, title, count in CARD.findall(page)]


@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_every_cards_count_is_what_its_list_shows(demo, client_for, username):
    client = client_for(username)
    problems = []
    for url, title, count in cards_of(client):
        response = client.get(url, follow=True)
        page = response.content.decode()
        total = TOTAL.search(page)
        if response.status_code != 200 or total is None:
            problems.append(f"{title}: {url} → {response.status_code}, no 共N条")
        elif int(total.group(1)) != count:
            problems.append(f"{title}: card {count}, list {url} shows {total.group(1)}")
        elif count and not re.search(r"<tbody>.*?<a href=\"/", page, re.S):
            problems.append(f"{title}: the list {url} offers no record to open and act on")
    assert not problems, problems
