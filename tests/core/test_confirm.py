"""SYS-CONFIRM: an action the same user cannot undo asks for confirmation stating its consequence.

The consequence is the move's `confirm` sentence in its app's workflow table; the button carries it as
data-confirm ({% confirm obj "move" %}) and static/js/confirm.js asks with it (tests/e2e/test_confirm.py walks
that in the browser). A repeated POST is refused harmlessly with "该操作已完成，无需重复提交。"."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from jinan_union import workflow
from jinan_union.errors import DomainError

pytestmark = pytest.mark.rule("SYS-CONFIRM")

ROOT = Path(__file__).resolve().parents[2]
SH = ZoneInfo("Asia/Shanghai")

# Moves their maker can take back with another move of the same table (and so ask nothing).
REVERSIBLE = {
    ("hazards.HazardReport", "complete"): "edit_again",  # 填报完成 ↔ 退回草稿修改, both by the clerk
    ("hazards.HazardReport", "edit_again"): "complete",
    ("hazards.HazardReport", "verify"): "reopen",  # 核实通过 ↔ 撤销核实, both by the reviewer while the round is open
    ("hazards.HazardReport", "reopen"): "verify",
}
# Moves of the daily command (the admin may run the same catch-up early): they state a date that has passed,
# no one clicks them on a page, and what follows (摘牌) is a decision of its own that asks.
BY_THE_CALENDAR = {("studios.Studio", "overdue")}
# Moves made inside an import batch's 确认导入 (SYS-IMPORT), which asks once for the whole batch.
BY_THE_IMPORT = {("studios.Studio", "import_named"), ("hazards.HazardReport", "import_paid"),
                 ("hazards.Round", "import_closed"), ("studios.Studio", "import_delisted"),
                 ("studios.Studio", "import_revoked")}

MERGE = '{% confirm "hazards.duplicategroup" "merge" %}'
# Where each irreversible move's button asks: the template and the {% confirm %} call it makes there. A move
# made by a page that records something first (a spot check, an assessment) asks through the page's `confirm`.
BUTTONS = {
    ("hazards.Application", "submit"): [("hazards/application_detail.html", '{% confirm application "submit" %}')],
    ("studios.Application", "submit"): [("studios/application_check.html", '{% confirm app "submit" %}')],
    ("hazards.HazardReport", "submit"): [("hazards/application_detail.html", '{% confirm application "submit" %}')],
    ("hazards.HazardReport", "reject"): [("hazards/report_verify.html", '{% confirm report "reject" %}')],
    ("hazards.HazardReport", "carry_over"): [("hazards/report_verify.html", '{% confirm report "carry_over" %}')],
    ("hazards.HazardReport", "pay"): [("hazards/round_detail.html", '{% confirm round "close" %}')],
    ("hazards.Round", "close"): [("hazards/round_detail.html", '{% confirm round "close" %}')],
    ("hazards.DuplicateGroup", "merge"): [("hazards/_proposals.html", MERGE)],
    ("hazards.DuplicateGroup", "absorb"): [("hazards/_proposals.html", MERGE)],
    ("hazards.DuplicateGroup", "name_exception"): [("hazards/group_detail.html",
                                                    '{% confirm group "name_exception" %}')],
    ("hazards.DuplicateGroup", "undo"): [("hazards/group_detail.html", '{% confirm group "undo" %}')],
    ("hazards.Payment", "confirm"): [("hazards/round_payments.html", '{% confirm p "confirm" %}')],
    ("hazards.Payment", "fail"): [("hazards/round_payments.html", '{% confirm p "fail" %}')],
    ("hazards.Payment", "reissue"): [("hazards/round_payments.html", '{% confirm p "reissue" %}')],
    **{("studios.Application", name): [("studios/application_detail.html", "{% confirm app name %}")]
       for name in ("return", "reject", "recommend", "disqualify")},
    # The inspection is recorded on its own page, whose 保存 asks with the move's sentence.
    ("studios.Application", "inspect"): [("studios/application_detail.html", "{% confirm app name %}"),
                                         ("studios/form.html", "{% confirm confirm %}")],
    # The secretary decides on the batch page too (jinan_union/confirm.py asks again when a button does not).
    **{("studios.Application", name): [("studios/application_detail.html", "{% confirm app name %}"),
                                       ("studios/batch_detail.html", f'{{% confirm a "{name}" %}}')]
       for name in ("approve", "decline")},
    ("studios.Application", "name"): [("studios/batch_detail.html", '{% confirm "studios.application" "name" %}')],
    ("studios.Studio", "name"): [("studios/batch_detail.html", '{% confirm "studios.application" "name" %}')],
    **{("studios.Studio", name): [("studios/form.html", "{% confirm confirm %}")]
       for name in ("rectify", "assessment_failed", "rectified", "recheck_failed", "delist", "revoke", "keep")},
    **{("funding.Grant", name): [("funding/transfer_form.html", "{% confirm grant step %}")]
       for name in ("municipal_pays", "system_receives", "system_passes_on", "grassroots_receives")},
    **{("funding.Grant", f"undo_{name}"): [("funding/simple_form.html", "{% confirm confirm %}")]
       for name in ("municipal_pays", "system_receives", "system_passes_on", "grassroots_receives")},
    # FUN-FREEZE: the last recovery voucher moves the grant; the recovery page asks with the step's sentence.
    ("funding.Grant", "recover"): [("funding/transfer_form.html", "{% confirm confirm %}")],
    **{("funding.Grant", f"undo_recover_{stage}"): [("funding/simple_form.html", "{% confirm confirm %}")]
       for stage in ("paid_out", "at_system", "passed_on", "received")},
    **{("imports.ImportBatch", name): [("imports/detail.html", f'{{% confirm batch "{name}" %}}')]
       for name in ("import", "undo", "cancel")},
    **{("studios.Showcase", name): [("studios/showcase_detail.html", "{% confirm showcase name %}")]
       for name in ("approve", "return", "withdraw")},
    ("studios.Showcase", "submit"): [("studios/showcase_new.html", '{% confirm "studios.showcase" "submit" %}')],
    ("funding.Finding", "answer"): [("funding/finding_detail.html", '{% confirm finding "answer" %}')],
    ("funding.Finding", "close"): [("funding/finding_detail.html", "{% confirm \"确认后")],
    ("funding.Finding", "send_back"): [("funding/finding_detail.html", "{% confirm \"确认后")],
}


def irreversible():
    return sorted(
        ((wf.model._meta.label, name, m) for wf in workflow.workflows() for name, m in wf.moves.items()
         if (wf.model._meta.label, name) not in {*REVERSIBLE, *BY_THE_CALENDAR, *BY_THE_IMPORT}),
        key=lambda row: row[:2],
    )


def test_the_reversible_moves_really_have_their_undo():
    for (model, name), undo in REVERSIBLE.items():
        wf = next(w for w in workflow.workflows() if w.model._meta.label == model)
        there, back = wf.moves[name], wf.moves[undo]
        assert there.target in back.sources and back.target in there.sources


@pytest.mark.parametrize(("model", "name", "move"), irreversible(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_irreversible_move_states_its_consequence_and_its_button_asks(model, name, move):
    sentence = move.confirm
    assert sentence, f"{model}.{name} ({move.label}) needs a confirm sentence"
    assert sentence.endswith("。") and sentence.count("。") == 1 and len(sentence) <= 60
    assert "§" not in sentence
    assert (model, name) in BUTTONS, f"{model}.{name}: which button asks?"
    for template, call in BUTTONS[(model, name)]:
        assert call in (ROOT / "templates" / template).read_text(), (template, call)


def test_the_static_script_is_on_every_page_and_has_no_inline_twin(client_for):
    page = client_for("lixia").get(reverse("home")).content.decode()
    assert re.search(r'<script src="[^"]*js/confirm\.js"', page)
    assert (ROOT / "static/js/confirm.js").exists()


@pytest.fixture
def ready_report(world, settings):
    from tests.hazards.factories import report

    settings.HAZARDS_NOW = datetime(2026, 9, 20, 10, tzinfo=SH).isoformat()
    return report(world)


def test_the_send_button_of_the_years_application_carries_its_consequence(world, client_for, ready_report):
    client = client_for("lixia")
    url = client.get(reverse("hazards:application-current"))["Location"]
    url = client.post(url, {"action": "add", "report": [ready_report.pk]}, follow=True).redirect_chain[-1][0]
    page = client.get(url).content.decode()
    button = re.search(r'<button[^>]*data-testid="send-application"[^>]*>', page).group(0)
    assert 'data-confirm="报送后本年度本单位的隐患申报轮次即告结束' in button


def test_a_repeated_send_is_harmless_and_says_so(world, client_for, ready_report):
    from hazards.models import Application

    client = client_for("lixia")
    url = client.get(reverse("hazards:application-current"))["Location"]
    url = client.post(url, {"action": "add", "report": [ready_report.pk]}, follow=True).redirect_chain[-1][0]
    first = client.post(url, {"action": "submit"}, follow=True)
    again = client.post(url, {"action": "submit"}, follow=True)
    texts = [str(m) for m in again.context["messages"]]
    assert any(t.startswith("该操作已完成，无需重复提交。") for t in texts), texts
    assert first.status_code == again.status_code == 200
    assert Application.objects.filter(union=ready_report.union).count() == 1
    ready_report.refresh_from_db()
    assert ready_report.status == "submitted"


def test_a_repeated_move_says_it_is_done(world, ready_report):
    from tests.hazards.factories import submit

    application = submit(world, [ready_report])[0]
    with pytest.raises(DomainError) as refused:
        workflow.move(application, "submit", by=world.users["lixia"])
    assert refused.value.text.startswith("该操作已完成，无需重复提交。")


def test_the_reviewers_buttons_carry_each_moves_sentence(world, client_for):
    from tests.studios.factories import ready_application

    app = ready_application(world)
    workflow.move(app, "submit", by=world.users["lixia"])
    page = client_for("reviewer").get(reverse("studios:application-detail", args=[app.pk])).content.decode()
    for name in ("return", "reject"):
        sentence = workflow.confirmation(app, name)
        assert re.search(rf'value="{name}" data-confirm="{re.escape(sentence)}"', page), name


# --- the server asks too: without JavaScript the confirmation is a page (jinan_union/confirm.py) ---------------------


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    """The fields the confirmation page's 确认 form posts again (what a browser without JavaScript sends)."""
    import html

    form = re.search(r'<form method="post"[^>]*data-confirm-form[^>]*>(.*?)</form>', page, re.S).group(1)
    return [(html.unescape(n), html.unescape(v)) for n, v in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
            if n != "csrfmiddlewaretoken"]


def _as_post(fields):
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def submitted(world):
    from tests.studios.factories import ready_application

    app = ready_application(world)
    workflow.move(app, "submit", by=world.users["lixia"])
    return app


def test_a_move_posted_without_the_marker_answers_with_its_sentence_and_changes_nothing(world, client_for, submitted):
    from jinan_union.models import AuditEntry

    app, before = submitted, AuditEntry.objects.count()
    client = client_for("reviewer", confirmed=False)  # a browser without JavaScript: nothing adds the marker
    url = reverse("studios:application-action", args=[app.pk])
    response = client.post(url, {"action": "return", "reason": "请补充近三年成果证明，以及领衔人职称证书"},
                           HTTP_REFERER="http://testserver" + reverse("studios:application-detail", args=[app.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="confirm-page"' in page
    assert workflow.confirmation(app, "return") in page  # the move's one sentence
    assert str(app) in page  # the object
    assert "确认退回修改" in page and ">返回</a>" in page
    assert f'href="http://testserver{reverse("studios:application-detail", args=[app.pk])}"' in page
    fields = _hidden_fields(page)
    assert ("action", "return") in fields and ("confirmed", "1") in fields
    assert ("reason", "请补充近三年成果证明，以及领衔人职称证书") in fields  # nothing typed is lost
    app.refresh_from_db()
    assert app.state == "submitted" and AuditEntry.objects.count() == before

    client.post(url, _as_post(fields))  # 确认 on the page
    app.refresh_from_db()
    assert app.state == "returned"
    assert AuditEntry.objects.filter(action="退回修改", comment__contains="近三年成果").exists()


def test_the_marker_the_dialog_adds_lets_the_move_happen_at_once(world, client_for, submitted):
    client = client_for("reviewer", confirmed=False)
    response = client.post(reverse("studios:application-action", args=[submitted.pk]),
                           {"action": "reject", "reason": "材料不实", "confirmed": "1"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "rejected"


def test_a_refusal_is_shown_before_any_question(world, client_for, submitted):
    """The predicate, the state and the comment are checked first: a move that cannot happen does not ask."""
    client = client_for("reviewer", confirmed=False)
    response = client.post(reverse("studios:application-action", args=[submitted.pk]),
                           {"action": "return", "reason": ""}, follow=True)
    page = response.content.decode()
    assert "退回修改须填写原因。" in page and 'data-testid="confirm-page"' not in page


def test_what_the_page_wrote_before_the_move_is_undone_and_the_upload_is_kept(world, client_for, pdf_file):
    """A spot check records the check, stores its file, then moves the studio to 整改中: without the marker none
    of it stays; the confirmation page keeps the uploaded file (signed, for this user) and hands it back."""
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from jinan_union.files import attachments_of
    from studios.enums import StudioStatus
    from studios.models import SpotCheck, Studio
    from tests.studios.factories import make_studio

    TODAY = timezone.localdate  # noqa: N806

    studio = make_studio(world)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    client = client_for("reviewer", confirmed=False)
    url = reverse("studios:spotcheck-new", args=[studio.pk])
    response = client.post(url, {
        "checked_on": (TODAY() - timedelta(days=5)).isoformat(), "passed": "0", "findings": "台帐不全",
        "deadline": (TODAY() + timedelta(days=60)).isoformat(), "attachment": pdf_file("抽查记录.pdf"),
    })
    page = response.content.decode()
    assert workflow.confirmation(studio, "rectify") in page
    assert "已上传：抽查记录.pdf" in page
    assert not SpotCheck.objects.exists()
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.MUNICIPAL_NAMED
    fields = _hidden_fields(page)
    assert ("findings", "台帐不全") in fields

    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from jinan_union import confirm

    reviewer = world.users["reviewer"]
    colleague = get_user_model().objects.create(username="reviewer2", full_name="另一审核",
                                                organisation=reviewer.organisation, roles=reviewer.roles)
    foreign = RequestFactory().post(url, _as_post(fields))
    foreign.user = colleague  # a stashed file is handed back only to the one who uploaded it
    assert confirm._unstash(foreign) == [] and not foreign.FILES

    response = client.post(url, _as_post(fields))
    assert response.status_code == 302
    check = SpotCheck.objects.get()
    assert [a.original_name for a in attachments_of(check)] == ["抽查记录.pdf"]
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.RECTIFYING
    stash = default_storage.listdir("confirm-stash")[0] if default_storage.exists("confirm-stash") else []
    assert all(not default_storage.listdir(f"confirm-stash/{d}")[1] for d in stash)


def test_outside_a_request_nothing_asks(world, submitted):
    """The daily command, a service called from the shell or a test: the move happens without a question."""
    workflow.move(submitted, "return", by=world.users["reviewer"], comment="补充材料")
    assert submitted.state == "returned"


def test_an_admin_action_asks_on_the_same_page(world, client_for, submitted):
    """An admin action making an irreversible move gets the confirmation page before anything changes; 确认
    posts the action, the selection and the reason again."""
    from studios.models import Application

    reviewer = world.users["reviewer"]
    reviewer.is_staff = reviewer.is_superuser = True
    reviewer.save(update_fields=["is_staff", "is_superuser"])
    client = client_for("reviewer", confirmed=False)
    url = reverse("admin:studios_application_changelist")
    page = client.post(url, {"action": "fire_return", "_selected_action": [submitted.pk], "apply": "1",
                             "reason": "成果证书扫描不清"}).content.decode()
    assert workflow.confirmation(submitted, "return") in page
    assert Application.objects.get(pk=submitted.pk).state == "submitted"
    client.post(url, _as_post(_hidden_fields(page)))
    assert Application.objects.get(pk=submitted.pk).state == "returned"


def test_the_daily_command_removes_stashed_uploads_nobody_confirmed_within_a_day(world):
    """A confirmation page left unanswered (返回, a closed tab) leaves its stashed upload; once no confirmation can
    use it (24 hours, the token's age limit) the daily command removes it, and keeps a fresh one."""
    import io
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from jinan_union import confirm

    old = default_storage.save(f"{confirm.STASH}/a1/旧发票.pdf", ContentFile(b"%PDF-1.4 old"))
    fresh = default_storage.save(f"{confirm.STASH}/b2/新发票.pdf", ContentFile(b"%PDF-1.4 new"))
    day_and_more = time.time() - confirm.STASH_MAX_AGE - 60
    os.utime(default_storage.path(old), (day_and_more, day_and_more))
    call_command("daily", stdout=io.StringIO())
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)
    default_storage.delete(fresh)
