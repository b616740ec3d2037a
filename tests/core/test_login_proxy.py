"""Login behind a reverse proxy: only trusted proxies speak for the client's address; failed sign-ins lock
one username from one address, and the lock-out page says in Chinese until when."""

import ipaddress
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from jinan_union.login import client_ip
from tests.conftest import PASSWORD

PROXY = "10.0.0.5"


def networks(*items):
    return tuple(ipaddress.ip_network(i) for i in items)


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = ()
    assert client_ip(request_from("198.51.100.1", "203.0.113.7")) == "198.51.100.1"


def test_behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/24", "127.0.0.1/32")
    assert client_ip(request_from(PROXY, "203.0.113.7")) == "203.0.113.7"
    # a client writing its own X-Forwarded-For cannot choose its address: the proxy appends the real one
    assert client_ip(request_from(PROXY, "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    # two of our proxies in a row
    assert client_ip(request_from("127.0.0.1", "203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    assert client_ip(request_from(PROXY, "203.0.113.7:51234")) == "203.0.113.7"
    assert client_ip(request_from(PROXY, "[2001:db8::1]:443")) == "2001:db8::1"
    # nothing forwarded, or garbage: the proxy's own address
    assert client_ip(request_from(PROXY)) == PROXY
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY
    # an untrusted sender's header is not believed
    assert client_ip(request_from("198.51.100.1", "203.0.113.7")) == "198.51.100.1"


def test_trusted_proxies_come_from_the_environment():
    from tests.core.test_settings import run_manage

    key = "k" * 20 + "-a-long-random-production-secret-9f8e7d6c5b4a"
    bad = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key, DJANGO_TRUSTED_PROXIES="10.0.0.0/8,proxy")
    assert bad.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in bad.stderr and "'proxy'" in bad.stderr
    good = run_manage("shell", "-c", "from django.conf import settings; print(settings.TRUSTED_PROXIES)",
                      DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key, DJANGO_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.1")
    assert good.returncode == 0, good.stderr
    assert "IPv4Network('10.0.0.0/8'), IPv4Network('192.0.2.1/32')" in good.stdout


def fail(client, username, **meta):
    return client.post(reverse("login"), {"username": username, "password": "wrong"}, **meta)


def sign_in(client, username, **meta):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, **meta)


@pytest.mark.rule("SYS-LANG")
def test_without_a_proxy_a_lock_holds_for_one_username_from_one_address(client, world, settings):
    settings.TRUSTED_PROXIES = ()
    office = {"REMOTE_ADDR": "198.51.100.1"}
    for n in range(5):
        # a forged X-Forwarded-For changes nothing when nobody trusts it
        fail(client, "lixia", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **office)
    locked = sign_in(client, "lixia", **office)
    assert locked.status_code == 429
    html = locked.content.decode()
    message = re.search(r"登录失败次数过多，请于 (\d+) 分钟后（(\d\d:\d\d) 后）再试。", html)
    assert message, html
    assert 29 <= int(message.group(1)) <= 30
    # the same user from another address, and another user from this address, are not locked
    assert sign_in(client.__class__(), "lixia", REMOTE_ADDR="198.51.100.2").status_code == 302
    assert sign_in(client.__class__(), "shizhong", **office).status_code == 302


def test_the_lock_out_page_names_the_time_the_lock_ends(client, world, settings):
    import datetime

    from django.utils import timezone

    settings.TRUSTED_PROXIES = ()
    for _ in range(5):
        fail(client, "lixia", REMOTE_ADDR="198.51.100.1")
    html = sign_in(client, "lixia", REMOTE_ADDR="198.51.100.1").content.decode()
    until = timezone.localtime() + datetime.timedelta(minutes=30)
    near = {(until + datetime.timedelta(minutes=d)).strftime("%H:%M") for d in (-1, 0)}
    assert any(f"（{t} 后）" in html for t in near), html


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_the_others(client, world, settings):
    """Every request comes from the proxy; before, five wrong passwords locked the account for everybody."""
    settings.TRUSTED_PROXIES = networks("10.0.0.0/24")
    for _ in range(5):
        fail(client, "lixia", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert sign_in(client, "lixia", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # the same proxy, another client: signs in
    other = client.__class__()
    assert sign_in(other, "lixia", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    # the locked client cannot slip out by writing its own X-Forwarded-For in front
    spoof = client.__class__()
    assert sign_in(
        spoof, "lixia", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.99, 203.0.113.7"
    ).status_code == 429


def test_a_proxy_that_is_not_trusted_cannot_unlock_by_forwarding(client, world, settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/24")
    untrusted = "198.51.100.50"
    for n in range(5):
        fail(client, "lixia", REMOTE_ADDR=untrusted, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(
        client, "lixia", REMOTE_ADDR=untrusted, HTTP_X_FORWARDED_FOR="203.0.113.200"
    ).status_code == 429
