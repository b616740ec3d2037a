"""SYS-NOTIFY: a move that hands work to someone notifies exactly them, in the application and by one e-mail,
never the one who moved, and never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jinan_union.enums import Role
from jinan_union.models import User
from jinan_union.workflow import move
from notifications import receivers, routes, services
from notifications.models import Notification
from studios import services as studio_services
from studios.enums import StudioStatus
from studios.models import Application, Studio
from tests.studios.factories import batch_with_meeting, ready_application, recommended_application

pytestmark = pytest.mark.rule("SYS-NOTIFY")


def inbox(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("reason", "title"))


def recipients() -> list[str]:
    return sorted(Notification.objects.values_list("recipient__username", flat=True))


def colleague(world, username, like, **extra) -> User:
    model = world.users[like]
    return User.objects.create(username=username, full_name=username, organisation=model.organisation,
                               roles=list(model.roles), email=f"{username}@example.cn", **extra)


def submitted(world, committed):
    app = ready_application(world)
    with committed():
        return move(app, "submit", by=world.users["lixia"])


def test_a_submission_reaches_every_reviewer_in_the_application_and_by_one_email(mailboxes, committed):
    world = mailboxes
    colleague(world, "reviewer2", "reviewer")
    colleague(world, "reviewer_gone", "reviewer", is_active=False)
    app = submitted(world, committed)

    assert recipients() == ["reviewer", "reviewer2"]
    note = Notification.objects.get(recipient=world.users["reviewer"])
    assert note.title == f"提交申报：{app}"
    assert note.link == reverse("studios:application-detail", kwargs={"pk": app.pk})
    assert note.about == Application.objects.get(pk=app.pk)
    assert note.read_at is None
    assert "请审核该申报。" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer2@example.cn", "reviewer@example.cn"]
    message = next(m for m in mail.outbox if m.to == ["reviewer@example.cn"])
    assert message.subject == f"【工会创新工作室与隐患奖励管理系统】提交申报：{app}"
    assert f"http://127.0.0.1:8000/studios/applications/{app.pk}/" in message.body
    assert message.body.startswith("王审核（生产保护部），您好：")


def test_a_return_reaches_the_clerks_of_the_applying_union_and_not_the_reviewer_who_returned_it(mailboxes, committed):
    world = mailboxes
    colleague(world, "lixia2", "lixia")
    app = submitted(world, committed)
    Notification.objects.all().delete()
    mail.outbox.clear()

    with committed():
        move(Application.objects.get(pk=app.pk), "return", by=world.users["reviewer"], comment="有场所一栏请补充面积")

    assert recipients() == ["lixia", "lixia2"]  # not shizhong (another union), not the reviewer
    note = Notification.objects.get(recipient=world.users["lixia"])
    assert note.title == f"退回修改：{app}"
    assert "说明：有场所一栏请补充面积" in note.body
    assert "请按退回意见修改后再次提交。" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["lixia2@example.cn", "lixia@example.cn"]


def test_a_user_who_turned_email_off_gets_the_message_in_the_application_only(mailboxes, committed):
    world = mailboxes
    colleague(world, "reviewer2", "reviewer")
    services.set_email(by=world.users["reviewer"], on=False)
    submitted(world, committed)
    assert recipients() == ["reviewer", "reviewer2"]
    assert [m.to for m in mail.outbox] == [["reviewer2@example.cn"]]
    assert Notification.objects.get(recipient=world.users["reviewer"]).emailed_at is None
    assert Notification.objects.get(recipient__username="reviewer2").emailed_at is not None


def test_a_user_without_an_email_address_gets_the_message_in_the_application(world, committed):
    submitted(world, committed)
    assert recipients() == ["reviewer"]
    assert mail.outbox == []


def test_the_same_event_heard_twice_notifies_once(mailboxes, committed, django_capture_on_commit_callbacks):
    world = mailboxes
    app = ready_application(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        move(app, "submit", by=world.users["lixia"])
    for callback in callbacks + callbacks:  # the signal delivered twice
        callback()
    assert recipients() == ["reviewer"]
    assert len(mail.outbox) == 1


def test_a_second_return_of_the_same_application_is_a_new_event(mailboxes, committed):
    world = mailboxes
    lixia, reviewer = world.users["lixia"], world.users["reviewer"]
    app = submitted(world, committed)
    moves = [("return", reviewer, "第一次退回"), ("submit", lixia, ""), ("return", reviewer, "再次退回")]
    for name, by, comment in moves:
        with committed():  # each move is its own request, committed before the next
            move(Application.objects.get(pk=app.pk), name, by=by, comment=comment)
    assert [reason for reason, _ in inbox(lixia)] == ["return", "return"]
    assert [reason for reason, _ in inbox(reviewer)] == ["submit", "submit"]


def test_a_recommendation_reaches_the_secretaries(mailboxes, committed):
    world = mailboxes
    with committed():
        app = recommended_application(world)
    assert inbox(world.users["secretary"]) == [("recommend", f"推荐命名：{app}")]
    assert inbox(world.users["reviewer"]) == [("submit", f"提交申报：{app}")]
    assert inbox(world.users["lixia"]) == []
    assert inbox(world.users["finance"]) == []


def test_a_failed_spot_check_reaches_the_grassroots_clerks_of_the_studios_unit(mailboxes, committed):
    world = mailboxes
    unit = world.units["山东浪潮通用软件有限公司"]
    studio = Studio.objects.create(
        name="浪潮测试创新工作室", system_union=unit.system_union, work_unit=unit, category="tech", leader_name="张明",
        system_named_on=timezone.localdate() - timedelta(days=900), status=StudioStatus.MUNICIPAL_NAMED,
        municipal_named_on=timezone.localdate() - timedelta(days=300), naming_year=2025)
    today = timezone.localdate()
    with committed():
        studio_services.spotcheck_record(studio=studio, by=world.users["reviewer"], data={
            "checked_on": today, "passed": False, "findings": "台帐不全", "deadline": today + timedelta(days=60)})
    assert recipients() == ["langchao"]
    note = Notification.objects.get()
    assert note.title == f"抽查未达标·限期整改：{studio}"
    assert note.link == reverse("studios:studio-detail", kwargs={"pk": studio.pk})
    assert [m.to for m in mail.outbox] == [["langchao@example.cn"]]


def test_a_raised_finding_reaches_the_finance_of_the_union_that_answers(mailboxes, committed):
    from funding import services as funding_services
    from tests.funding.factories import make_grant

    world = mailboxes
    grant = make_grant(world)
    with committed():
        finding = funding_services.finding_raise(grant=grant, text="设备发票抬头不符", by=world.users["auditor"])
    assert recipients() == ["langchao"]  # the grassroots union's finance holds the custody funds
    note = Notification.objects.get()
    assert note.title == f"提出审查意见：{finding}"
    assert "说明：设备发票抬头不符" in note.body
    assert note.link == reverse("funding:finding-detail", kwargs={"pk": finding.pk})


def test_a_grant_step_reaches_the_finance_of_the_union_whose_books_take_the_next_step(world):
    from funding.enums import GrantStage
    from tests.funding.factories import make_grant

    grant = make_grant(world)
    finance = world.users["finance"]
    expected = {
        GrantStage.AWAITING: ["finance"],             # 市总工会拨付系统工会: the municipal union's books
        GrantStage.PAID_OUT: ["lixia_finance"],       # 系统工会收到资助资金: the system union's books
        GrantStage.AT_SYSTEM: ["lixia_finance"],      # 系统工会拨付基层工会: the system union's books
        GrantStage.PASSED_ON: ["langchao"],           # 基层工会收到资助资金: the grassroots union's books
        GrantStage.RECEIVED: [],
    }
    for stage, usernames in expected.items():
        grant.stage = stage
        assert [u.username for u in routes.next_book_finance(grant)] == usernames
    grant.stage = GrantStage.AT_SYSTEM  # after the first step, the route of every stage move
    made = receivers.announce(type(grant), grant, "system_receives", label="系统工会收到资助资金", by=finance)
    assert [n.recipient.username for n in made] == ["lixia_finance"]
    assert made[0].body.endswith("请在本工会账簿中记录下一环节：“系统工会拨付基层工会”。")


def test_a_named_studio_reaches_the_municipal_finance(mailboxes, committed):
    world = mailboxes
    secretary = world.users["secretary"]
    app = recommended_application(world)
    batch = batch_with_meeting(world)
    studio_services.batch_add(batch=batch, applications=[app], by=secretary)
    move(Application.objects.get(pk=app.pk), "approve", by=secretary)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with committed():
        studio_services.batch_name(batch=batch, by=secretary, document_number="济工发〔2026〕30号",
                                   named_on=timezone.localdate())
    studio = Studio.objects.get(pk=app.studio_id)
    assert list(Notification.objects.values_list("recipient__username", "reason", "title")) == [
        ("finance", "name", f"市级命名：{studio}")]
    assert Notification.objects.get().link == reverse("studios:studio-detail", kwargs={"pk": studio.pk})
    assert [m.to for m in mail.outbox] == [["finance@example.cn"]]


def test_a_move_the_table_does_not_name_notifies_nobody(world):
    app = ready_application(world)
    assert receivers.announce(Application, app, "inspect", label="完成考察", by=world.users["reviewer"]) == []
    assert receivers.announce(Application, app, "no_such_move", label="?", by=None) == []
    assert Notification.objects.count() == 0


def test_every_route_names_a_role_holder_function_and_every_link_reverses(world):
    assert all(callable(route.who) for route in routes.ROUTES.values())
    assert {label for label, _ in routes.ROUTES} <= set(routes.LINKS)
    assert routes.municipal(Role.REVIEWER) == [world.users["reviewer"]]


def test_a_failing_route_does_not_break_the_committed_move(world, committed, monkeypatch):
    def broken(obj):
        raise RuntimeError("boom")

    monkeypatch.setitem(routes.ROUTES, ("studios.application", "submit"), routes.Route(broken))
    app = submitted(world, committed)
    assert Application.objects.get(pk=app.pk).state == "submitted"
    assert Notification.objects.count() == 0
