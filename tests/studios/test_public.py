"""STU-PUBLIC (S§20, S§22): the union chooses what the public sees, the reviewer approves, the pages without login
show that and nothing else."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from jinan_union.errors import DomainError
from jinan_union.models import Attachment
from jinan_union.workflow import move
from studios import selectors, services
from studios.enums import ShowcaseState, StudioStatus
from studios.models import LedgerEntry, Showcase, Studio

from .factories import make_studio, showcased_studio

pytestmark = pytest.mark.rule("STU-PUBLIC")
ID_NUMBER = "370102198001011234"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src", "action") and value:
                self.links.append(value)


def crawl(start: str) -> dict[str, tuple[int, bytes]]:
    """Every page and file reachable without login from `start`, following every link on the site."""
    client, seen, todo = Client(), {}, [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = (response.status_code, body)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = Links()
            parser.feed(body.decode())
            for link in parser.links:
                target = urljoin(url, link)
                parts = urlsplit(target)
                if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
                    todo.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_an_approved_showcase_is_public_and_its_photo_served_without_login(world):
    showcase = showcased_studio(world)
    client = Client()
    index = client.get(reverse("studios:public-index")).content.decode()
    assert "浪潮张明技能大师创新工作室" in index and "技术创新型创新工作室联盟" in index
    page = client.get(reverse("studios:public-studio", args=[showcase.studio_id])).content.decode()
    for shown in ("工作室围绕关键工序开展技术攻关。", "全国五一劳动奖章", "智能巡检工具", "张明", "2025年",
                  "山东浪潮通用软件有限公司"):
        assert shown in page
    assert "未公开的成果" not in page
    photo = showcase.photos.get()
    response = client.get(reverse("studios:public-photo", args=[photo.token]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_nothing_shows_before_the_reviewer_approves(world, client_for):
    showcase = showcased_studio(world, approve=False)
    assert showcase.state == ShowcaseState.SUBMITTED
    client = Client()
    assert "浪潮张明" not in client.get(reverse("studios:public-index")).content.decode()
    assert client.get(reverse("studios:public-studio", args=[showcase.studio_id])).status_code == 404
    assert client.get(reverse("studios:public-photo", args=[showcase.photos.get().token])).status_code == 404
    # The union sees its proposal, the reviewer approves it from its page (a move with history).
    assert client_for("reviewer").post(reverse("studios:showcase-detail", args=[showcase.pk]),
                                       {"move": "approve"}).status_code == 302
    showcase.refresh_from_db()
    assert showcase.state == ShowcaseState.APPROVED
    assert client.get(reverse("studios:public-studio", args=[showcase.studio_id])).status_code == 200
    page = client_for("lixia").get(reverse("studios:showcase-detail", args=[showcase.pk])).content.decode()
    assert "提交公开展示" in page and "审核通过·公开" in page


def test_a_return_needs_a_reason_and_only_the_reviewer_decides(world, client_for):
    showcase = showcased_studio(world, approve=False)
    url = reverse("studios:showcase-detail", args=[showcase.pk])
    assert client_for("lixia").post(url, {"move": "approve"}).status_code == 403
    response = client_for("reviewer").post(url, {"move": "return", "reason": ""})
    assert response.status_code == 200 and "原因" in response.content.decode()
    client_for("reviewer").post(url, {"move": "return", "reason": "简介过于简单"})
    showcase.refresh_from_db()
    assert (showcase.state, showcase.last_reason) == (ShowcaseState.RETURNED, "简介过于简单")
    assert client_for("shizhong").get(url).status_code == 404


def test_a_new_proposal_waits_while_the_approved_one_stays_and_withdrawal_or_delisting_hides_it(world, client_for):
    first = showcased_studio(world)
    studio = first.studio
    services.showcase_propose(studio=studio, by=world.users["langchao"], data=dict(
        intro="新的简介，待审核。", leader_honours="", results=[], photos=[]))
    client = Client()
    page = client.get(reverse("studios:public-studio", args=[studio.pk])).content.decode()
    assert "工作室围绕关键工序开展技术攻关。" in page and "新的简介" not in page
    move(first, "withdraw", by=world.users["reviewer"], comment="内容需更新")
    assert client.get(reverse("studios:public-studio", args=[studio.pk])).status_code == 404
    other = showcased_studio(world, name="浪潮第二工作室")
    Studio.objects.filter(pk=other.studio_id).update(status=StudioStatus.DELISTED)
    assert client.get(reverse("studios:public-studio", args=[other.studio_id])).status_code == 404
    assert client.get(reverse("studios:public-photo", args=[other.photos.get().token])).status_code == 404


def test_only_the_studios_own_results_and_photos_can_be_chosen(world):
    mine = showcased_studio(world)
    elsewhere = make_studio(world, name="浪潮第二工作室")
    Studio.objects.filter(pk=elsewhere.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    foreign_entry = LedgerEntry.objects.get(studio=mine.studio, title="智能巡检工具")
    with pytest.raises(DomainError) as error:
        services.showcase_propose(studio=Studio.objects.get(pk=elsewhere.pk), by=world.users["lixia"],
                                  data=dict(intro="x", results=[foreign_entry], photos=[]))
    assert error.value.field == "results"
    with pytest.raises(DomainError):  # a studio only named by its system union is not shown
        services.showcase_propose(studio=make_studio(world, name="浪潮第三工作室"), by=world.users["lixia"],
                                  data=dict(intro="x", results=[], photos=[]))
    with pytest.raises(DomainError):  # another union's clerk
        services.showcase_propose(studio=mine.studio, by=world.users["shizhong"], data=dict(intro="x"))


def test_the_union_proposes_through_its_page(world, client_for):
    showcase = showcased_studio(world)
    studio = showcase.studio
    entry = LedgerEntry.objects.get(studio=studio, title="未公开的成果")
    photo = selectors.showcase_photo_choices(studio).get(object_id=entry.pk)
    url = reverse("studios:showcase-new", args=[studio.pk])
    response = client_for("lixia").post(url, {"intro": "", "leader_honours": "齐鲁首席技师"})
    assert response.status_code == 200 and "齐鲁首席技师" in response.content.decode()
    response = client_for("langchao").post(url, {"intro": "第二版简介", "results": [entry.pk], "photos": [photo.pk]})
    new = Showcase.objects.latest("pk")
    assert response.status_code == 302 and new.state == ShowcaseState.SUBMITTED
    assert list(new.results.all()) == [entry] and new.photos.get().attachment == photo
    assert client_for("shizhong").post(url, {"intro": "越权"}).status_code == 404


def test_a_walk_of_every_public_page_and_link_reaches_nothing_private(world, client_for):
    """Plant private data everywhere (an ID number in the members text, money in a result's description, a member
    who is not the leader, attachments not chosen), walk every public page and every link on it without login,
    and search every answer."""
    showcase = showcased_studio(world)
    studio = showcase.studio
    Studio.objects.filter(pk=studio.pk).update(members=f"王一 {ID_NUMBER}")
    services.member_add(studio=studio, by=world.users["lixia"], data=dict(
        name="刘洋", position="设备维修", skill_level="technician", honours="", is_leader=False))
    showcased_studio(world, name="浪潮第二工作室")
    pages = crawl(reverse("studios:public-index"))
    public = {url for url, (code, _) in pages.items() if code == 200}
    assert reverse("studios:public-studio", args=[studio.pk]) in public
    assert reverse("studios:public-photo", args=[showcase.photos.get().token]) in public
    # Every link that is not a public page sends an anonymous visitor to the login (the site's own pages).
    for url, (code, _) in pages.items():
        if url not in public:
            assert code in (302, 404), url
    chosen = {p.attachment.uuid for s in Showcase.objects.all() for p in s.photos.all()}
    secrets = [ID_NUMBER, "¥", "120,000", "120000", "50,000", "内部说明", "刘洋", "未公开的成果", "内部.pdf",
               *(str(a.uuid) for a in Attachment.objects.all())]
    assert Attachment.objects.exclude(uuid__in=chosen).exists()
    for url, (code, body) in pages.items():
        if code != 200:
            continue
        text = body.decode(errors="replace")
        assert [s for s in secrets if s in text] == [], url
        assert not re.search(r"\d{17}[\dXx]", text), url
    # The chosen photos themselves are only reachable under their public token, never their stored name.
    assert all("/files/" not in url for url in public)


def test_the_public_index_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(3):
        showcased_studio(world, name=f"浪潮工作室{n}")
    with django_assert_max_num_queries(6):
        Client().get(reverse("studios:public-index"))


def test_the_demo_shows_a_chosen_studio_and_its_members(world):
    from studios.hooks import seed_demo
    from studios.models import StudioMember

    seed_demo(world)
    shown = list(selectors.public_showcases())
    assert [s.studio.name for s in shown] == ["浪潮云平台研发创新工作室"]
    assert shown[0].photos.count() == 1 and shown[0].results.count() == 1
    page = Client().get(reverse("studios:public-studio", args=[shown[0].studio_id])).content.decode()
    assert "智能巡检工具" in page and "全国五一劳动奖章" in page
    assert StudioMember.objects.filter(studio=shown[0].studio).count() == 3
