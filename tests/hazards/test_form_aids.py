"""Issue 11 and issue 15: the clerk's form aids — the grade and reward preview, "已经有人报告过？", a new hazard
unit — and the verification page's thumbnails, side-by-side duplicates and next in the queue."""

import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hazards import services, units
from hazards.models import HazardReport
from hazards.selectors import open_duplicate_proposals
from jinan_union.audit import history_of
from jinan_union.enums import MEDIA_TYPES
from jinan_union.errors import DomainError
from jinan_union.files import store_upload
from jinan_union.models import WorkUnit

from .factories import AFTER_DEADLINE, SH, report, submit
from .test_views import form_data

PREVIEW = "hazards:report-preview"
SIMILAR = "hazards:report-similar"
UNIT = "济南城建集团有限公司"


def _preview(client, **values):
    response = client.get(reverse(PREVIEW), values)
    assert response.status_code == 200
    return json.loads(response.content)


def _similar(client, **values):
    return client.get(reverse(SIMILAR), values)


# --- HAZ-GRADE, HAZ-REWARD: the preview equals what the report earns ---------------------------------

BOUNDARIES = [
    (2, 9, "9999999.99"), (3, 0, "0"), (0, 10, "0"), (0, 0, "10000000"),
    (9, 49, "49999999.99"), (10, 0, "0"), (0, 50, "0"), (0, 0, "50000000"),
    (29, 99, "99999999.99"), (30, 0, "0"), (0, 100, "0"), (0, 0, "100000000"),
]


@pytest.mark.rule("HAZ-GRADE")
@pytest.mark.rule("HAZ-REWARD")
@pytest.mark.parametrize(("deaths", "injuries", "loss"), BOUNDARIES)
def test_preview_equals_what_verification_settles(world, client_for, deaths, injuries, loss):
    verified = report(world, state="verified", deaths=deaths, injuries=injuries, loss=loss)
    shown = _preview(client_for("lixia"), deaths=deaths, serious_injuries=injuries, direct_loss=loss,
                     expert_grade=verified.expert_grade, rectification="rectified")
    assert shown["computed_grade"] == verified.computed_grade
    assert shown["grade"] == verified.effective_grade
    assert Decimal(shown["amount"]) == verified.reward_amount
    assert shown["reason"] == verified.reward_note
    assert shown["rewarded"] == (verified.reward_amount > 0)
    if verified.computed_grade == 4:
        assert "不予奖励" in shown["html"] and verified.reward_note in shown["html"]
    else:
        assert "不予奖励" not in shown["html"]


@pytest.mark.rule("HAZ-GRADE")
def test_preview_without_expert_grade_follows_the_consequences(world, client_for):
    shown = _preview(client_for("lixia"), deaths="10", serious_injuries="0", direct_loss="0",
                     rectification="rectified")
    assert (shown["computed_label"], shown["grade"], shown["basis"], shown["amount"]) == (
        "二级", 2, "按后果计算", "5000.00")
    # An expert grade that differs counts, and the page says so.
    shown = _preview(client_for("lixia"), deaths="10", serious_injuries="0", direct_loss="0", expert_grade="3",
                     rectification="rectified")
    assert (shown["grade"], shown["amount"]) == (3, "3000.00") and "与计算等级不一致" in shown["html"]


@pytest.mark.rule("HAZ-EXCLUDE")
def test_preview_says_why_nothing_is_paid(world, client_for):
    clerk = client_for("lixia")
    manager = _preview(clerk, deaths="3", serious_injuries="0", direct_loss="0", is_safety_manager="on",
                       rectification="rectified")
    assert not manager["rewarded"] and "专职安全管理人员" in manager["reason"]
    unrectified = _preview(clerk, deaths="3", serious_injuries="0", direct_loss="0")
    assert not unrectified["rewarded"] and "整改" in unrectified["reason"]
    missing = _preview(clerk, deaths="3", serious_injuries="", direct_loss="abc")
    assert missing["grade"] is None and missing["missing"] and missing["amount"] is None
    negative = _preview(clerk, deaths="-1", serious_injuries="0", direct_loss="0")
    assert negative["grade"] is None


@pytest.mark.rule("HAZ-GRADE")
def test_no_script_preview_button_shows_the_same_and_saves_nothing(world, client_for):
    clerk = client_for("lixia")
    data = {**form_data(world, deaths="2", serious_injuries="9", direct_loss="9999999.99", expert_grade="4"),
            "action": "preview"}
    response = clerk.post(reverse("hazards:report-new"), data)
    assert response.status_code == 200 and HazardReport.objects.count() == 0
    page = response.content.decode()
    assert 'data-testid="preview-reward">不予奖励' in page
    assert response.context["preview"].reason in page and response.context["preview"].grade == 4
    assert response.context["form"]["location"].value() == "三号塔吊基础"  # nothing typed is lost


@pytest.mark.rule("HAZ-GRADE")
def test_saved_draft_shows_its_preview_when_opened(world, client_for):
    draft = report(world, state="draft", deaths=10)
    page = client_for("lixia").get(reverse("hazards:report-edit", args=[draft.pk])).content.decode()
    assert 'data-testid="preview-reward">¥5,000.00' in page or "5,000.00" in page


# --- HAZ-FIRST: "已经有人报告过？" ----------------------------------------------------------------

def _existing(world, **extra):
    values = dict(state="submitted", union="济南市建筑业产业工会", location="2#开关箱旁",
                  description="开关箱外壳漏电，有人碰到麻手，箱门也关不上，已经安排电工临时断电处理并设置警示标志，等待厂家更换整只开关箱",
                  finder="王五")
    values.update(extra)
    return report(world, **values)


@pytest.mark.rule("HAZ-FIRST")
def test_similar_finds_an_earlier_report_written_in_other_words(world, client_for):
    earlier = _existing(world, union="历下区总工会", finder="赵六")
    response = _similar(client_for("lixia"), hazard_unit=world.units[UNIT].pk, location="二号配电盘",
                        description="配电盘外壳带电")
    body = json.loads(response.content)
    assert body["count"] >= 1 and body["likely"] >= 1
    html = body["html"]
    assert "<mark>开关箱</mark>" in html and "<mark>2#</mark>" in html  # what matched, in its own words
    assert f"#{earlier.pk}" in html  # the clerk's own union: number, state and link
    assert "赵六" not in html  # no finder, even of the own union


@pytest.mark.rule("HAZ-FIRST")
@pytest.mark.rule("SYS-SCOPE")
def test_another_unions_report_reveals_only_that_it_exists(world, client_for):
    other = _existing(world)
    html = json.loads(_similar(client_for("lixia"), hazard_unit=world.units[UNIT].pk, location="二号配电盘",
                                description="配电盘外壳带电").content)["html"]
    assert "济南市建筑业产业工会" in html and "2026-03-02" in html
    assert "王五" not in html and f"#{other.pk}" not in html
    assert reverse("hazards:report-detail", args=[other.pk]) not in html
    assert "已报送" not in html  # not its state either
    assert other.description not in html and "…" in html  # only the start of the description
    assert "李工" not in html  # nor its experts


@pytest.mark.rule("SYS-SCOPE")
def test_similar_refuses_forged_ids(world, client_for):
    clerk = client_for("lixia")
    others = report(world, union="济南市建筑业产业工会", state="draft")
    own_submitted = report(world, state="submitted")
    unit = world.units[UNIT].pk
    assert _similar(clerk, hazard_unit=unit, location="x", report=others.pk).status_code == 404
    assert _similar(clerk, hazard_unit=unit, location="x", report=own_submitted.pk).status_code == 404
    assert _similar(clerk, hazard_unit=unit, location="x", report="1 or 1=1").status_code == 404
    for forged in ("999999", "abc", "-1", ""):
        body = json.loads(_similar(clerk, hazard_unit=forged, location="三号塔吊基础").content)
        assert body["count"] == 0
    # Another union's clerk and the reviewer are not clerks of this form's union: the role guard answers.
    assert _similar(client_for("reviewer"), hazard_unit=unit, location="x").status_code == 403


@pytest.mark.rule("HAZ-FIRST")
def test_own_draft_is_not_its_own_duplicate_and_drafts_are_not_candidates(world, client_for):
    mine = report(world, state="draft", location="2#开关箱旁", description="开关箱漏电")
    body = json.loads(_similar(client_for("lixia"), hazard_unit=world.units[UNIT].pk, location="2#开关箱旁",
                               description="开关箱漏电", report=mine.pk).content)
    assert body["count"] == 0


@pytest.mark.rule("HAZ-FIRST")
def test_similar_looks_at_the_units_aliases(world, client_for):
    short = WorkUnit.objects.create(name="济南城建集团", system_union=world.system_unions["济南市建筑业产业工会"])
    units.merge_units(keep=world.units[UNIT], alias=short, by=world.users["reviewer"], reason="同一单位的简称")
    _existing(world, unit=UNIT)
    body = json.loads(_similar(client_for("lixia"), hazard_unit=short.pk, location="二号配电盘",
                               description="配电盘外壳带电").content)
    assert body["likely"] == 1


@pytest.mark.rule("HAZ-FIRST")
def test_the_form_page_shows_possible_duplicates_of_a_draft(world, client_for):
    _existing(world)
    draft = report(world, state="draft", location="二号配电盘", description="配电盘外壳带电")
    page = client_for("lixia").get(reverse("hazards:report-edit", args=[draft.pk])).content.decode()
    assert 'data-testid="similar-item"' in page and "<mark>开关箱</mark>" in page


@pytest.mark.rule("HAZ-FIRST")
@pytest.mark.rule("HAZ-ROUND")
def test_a_carried_over_report_is_proposed_against_the_paid_one(world, settings):
    """A report carried to next year's round stays open there: the reviewer's page still proposes it against
    an earlier report of the same hazard paid in the old round."""
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    paid = report(world, state="verified", location="2#开关箱旁", description="开关箱外壳漏电")
    late = report(world, state="submitted", union="济南市建筑业产业工会", location="二号配电盘",
                  description="配电盘外壳带电", reported_at=datetime(2026, 3, 5, 9, tzinfo=SH))
    services.report_carry_over(report=late, by=world.users["reviewer"], reason="等待专家复核")
    services.round_close(round_=paid.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    pairs = {frozenset((p.report.pk, p.other.pk)) for p in open_duplicate_proposals()}
    assert frozenset((paid.pk, late.pk)) in pairs


# --- a hazard unit missing from the list ------------------------------------------------------------

@pytest.mark.rule("SYS-SCOPE")
def test_clerk_adds_a_unit_under_its_own_union_with_history(world, client_for):
    clerk = client_for("lixia")
    response = clerk.post(reverse("hazards:unit-new"), {
        "name": " 济南泉城  物流有限公司 ", "address": "历下区花园路8号",
        "system_union": world.system_unions["市中区总工会"].pk,  # forged: ignored
        "next": reverse("hazards:report-new"),
    })
    assert response.status_code == 302 and response["Location"] == reverse("hazards:report-new")
    unit = WorkUnit.objects.get(name="济南泉城 物流有限公司")
    assert unit.system_union == world.system_unions["历下区总工会"]
    assert [e.action for e in history_of(unit)] == ["新增隐患单位"]
    page = clerk.get(reverse("hazards:report-new")).content.decode()
    assert "济南泉城 物流有限公司" in page  # choosable at once


@pytest.mark.rule("SYS-SCOPE")
def test_unit_add_refuses_duplicates_others_and_outside_links(world, client_for):
    clerk = client_for("lixia")
    page = clerk.post(reverse("hazards:unit-new"), {"name": "济南历下控股集团有限公司"})
    assert page.status_code == 200 and "本工会已有单位" in page.content.decode()
    assert WorkUnit.objects.filter(name="济南历下控股集团有限公司").count() == 1
    response = clerk.post(reverse("hazards:unit-new"), {"name": "新单位甲", "next": "https://evil.example/"})
    assert response["Location"] == reverse("hazards:report-new")
    for user in ("reviewer", "lixia_finance", "langchao"):
        assert client_for(user).post(reverse("hazards:unit-new"), {"name": "新单位乙"}).status_code == 403
    assert not WorkUnit.objects.filter(name="新单位乙").exists()
    with pytest.raises(DomainError) as refused:
        units.add_unit(name="新单位丙", by=world.users["reviewer"])
    assert refused.value.forbidden


# --- the verification page ------------------------------------------------------------------------

@pytest.mark.rule("HAZ-FIRST")
def test_verify_page_shows_thumbnails_side_by_side_and_next(world, client_for, png_file):
    older = report(world, location="锅炉房", description="锅炉安全阀失效")
    first = _existing(world, state="ready", union="历下区总工会")
    clerk = world.users["lixia"]
    store_upload(SimpleUploadedFile("视频.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64), kind=services.PHOTO,
                 by=clerk, allowed=MEDIA_TYPES, owner=first)
    second = _existing(world, state="ready", location="二号配电盘", description="配电盘外壳带电")
    submit(world, [older, first, second])
    page = client_for("reviewer").get(reverse("hazards:report-verify", args=[second.pk])).content.decode()
    assert 'data-testid="thumbnails"' in page and page.count("hazard-thumb") == 1  # images only
    assert 'data-testid="side-by-side-pair"' in page and "<mark>开关箱</mark>" in page and "<mark>配电盘</mark>" in page
    # Next in the queue: the inbox's order (newest filled in first), then round again from the top.
    assert f'href="{reverse("hazards:report-verify", args=[first.pk])}"' in page
    first_page = client_for("reviewer").get(reverse("hazards:report-verify", args=[first.pk])).content.decode()
    assert f'href="{reverse("hazards:report-verify", args=[older.pk])}"' in first_page
    last_page = client_for("reviewer").get(reverse("hazards:report-verify", args=[older.pk])).content.decode()
    assert f'data-testid="next-in-queue" href="{reverse("hazards:report-verify", args=[second.pk])}"' in last_page


@pytest.mark.rule("HAZ-FIRST")
def test_next_in_queue_skips_what_is_verified(world, client_for):
    waiting = report(world, location="锅炉房")
    done = report(world, location="食堂")
    current = report(world, location="仓库")
    submit(world, [waiting, done, current])
    services.report_verify(report=done, by=world.users["reviewer"])
    page = client_for("reviewer").get(reverse("hazards:report-verify", args=[current.pk])).content.decode()
    assert f'data-testid="next-in-queue" href="{reverse("hazards:report-verify", args=[waiting.pk])}"' in page
    services.report_verify(report=waiting, by=world.users["reviewer"])
    page = client_for("reviewer").get(reverse("hazards:report-verify", args=[current.pk])).content.decode()
    assert 'data-testid="next-in-queue-none"' in page


# --- issue 15 speed: the normalised text stored with the report ------------------------------------------

@pytest.mark.rule("HAZ-FIRST")
def test_normalised_text_is_stored_on_save_and_used_only_while_current(world, client_for, monkeypatch):
    from django.core.management import call_command

    from hazards import matching

    draft = report(world, state="draft", location="二号配电盘", description="配电盘外壳带电")
    key = matching.vocabulary_key()
    assert draft.match_text == f"{key}\t2号配电箱\t配电箱漏电\t漏电,配电箱\t2\t|漏电"
    # The clerk's edit (save with update_fields) stores it again.
    client_for("lixia").post(reverse("hazards:report-edit", args=[draft.pk]),
                             {**form_data(world, location="2#开关箱", description="开关箱漏电"), "action": "save"})
    draft.refresh_from_db()
    assert draft.match_text == f"{key}\t2号配电箱\t配电箱漏电\t漏电,配电箱\t2\t|漏电"
    fresh = matching.fingerprint(draft.location, draft.description)
    assert matching.fingerprint_of(draft.location, draft.description, draft.match_text) == fresh
    # A text stored under another vocabulary is ignored, and the command stores it again.
    HazardReport.objects.filter(pk=draft.pk).update(match_text="00000000\t错误\t错误\t\t")
    assert matching.fingerprint_of(draft.location, draft.description, "00000000\t错误\t错误\t\t") == fresh
    call_command("hazards_match_texts", stdout=open("/dev/null", "w"))
    draft.refresh_from_db()
    assert draft.match_text == f"{key}\t2号配电箱\t配电箱漏电\t漏电,配电箱\t2\t|漏电"


@pytest.mark.rule("HAZ-FIRST")
def test_stored_fingerprint_equals_the_computed_one_on_the_labelled_set(db):
    from hazards import matching
    from hazards.match_eval import read_set

    for line in read_set():
        stored = matching.stored_text(line.location, line.description)
        assert matching.fingerprint_of(line.location, line.description, stored) == matching.fingerprint(
            line.location, line.description), line
