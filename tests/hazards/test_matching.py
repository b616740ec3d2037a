"""HAZ-FIRST: duplicate matching as people really write reports (hazards/matching.py), the evaluation on the
labelled set (hazards/match_eval.py, tests/hazards/match_eval_set.txt) and the proposals a reviewer sees."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from hazards import matching
from hazards.match_eval import evaluate, read_set
from hazards.matching import normalise, score
from hazards.models import HazardSynonym
from hazards.selectors import duplicate_proposals

from .factories import report, submit

pytestmark = pytest.mark.rule("HAZ-FIRST")


@pytest.mark.parametrize("written", ["二号车间", "2#车间", "#2车间", "2号车间", "２号车间", "No.2车间"])
def test_numbers_are_one_form(written):
    assert normalise(written) == "2号车间"


@pytest.mark.parametrize("written", ["二楼", "2层", "2F", "2楼", "二层"])
def test_floors_are_one_form(written):
    assert normalise(written) == "2层"


@pytest.mark.parametrize("written", ["负一层", "地下一层", "B1", "b1层", "-1层", "地下1层"])
def test_underground_floors_are_one_form(written):
    assert normalise(written) == "b1层"


def test_building_numbers_are_not_floors():
    assert normalise("二号楼三楼") == "2号楼3层"


@pytest.mark.parametrize("written", ["5吨", "5t", "5T", "五吨"])
def test_tonnes_are_one_form(written):
    assert normalise(written) == "5吨"


@pytest.mark.parametrize("written", ["东侧", "东面", "东边", "东墙"])
def test_sides_are_one_form(written):
    assert normalise(written) == "东侧"


@pytest.mark.parametrize(("a", "b"), [
    ("开关箱", "配电盘"), ("配电箱", "开关箱"), ("龙门吊", "门式起重机"), ("消火栓", "消防栓"),
    ("灭火器箱", "灭火器柜"), ("护栏", "栏杆"), ("外壳带电", "漏电"),
])
def test_synonyms_are_one_word(a, b):
    assert normalise(a) == normalise(b)


def test_a_canonical_word_is_not_replaced_inside_itself():
    assert normalise("配电箱") == "配电箱"


def test_traditional_characters_become_simplified():
    assert normalise("二號鍋爐壓力錶失靈") == normalise("二号锅炉压力表失灵")


def test_full_width_becomes_half_width():
    assert normalise("ＵＰＳ電池　２＃") == "ups电池2号"


@pytest.mark.parametrize(("slip", "meant"), [("露气", "漏气"), ("消火拴", "消火栓"), ("泄露", "泄漏")])
def test_typing_slips_are_corrected(slip, meant):
    assert normalise(slip) == normalise(meant)


def test_the_same_hazard_in_other_words_scores_above_the_line():
    match = score("二号车间东侧", "配电盘外壳带电", "2#车间东面", "开关箱漏电")
    assert match.likely and "配电箱" in match.terms and "2号" in match.terms


def test_different_equipment_numbers_are_evidence_against_a_match():
    same = score("3号龙门吊", "钢丝绳断丝", "#3门式起重机", "钢丝绳断丝")
    other = score("3号龙门吊", "钢丝绳断丝", "7号龙门吊", "钢丝绳断丝")
    assert same.likely and not other.likely and other.conflict == ("3", "7")
    assert not score("维修车间", "5吨行车限位失灵", "维修车间", "10t行车限位失灵").likely


@pytest.mark.parametrize(("a", "b", "conflict"), [
    (("办公楼五楼", "消防栓前堆放纸箱"), ("办公楼六楼", "消火栓前堆满纸箱"), ("5层", "6层")),
    (("地下一层车库", "消火栓水带缺失"), ("B2车库", "消火栓水带丢失"), ("b1层", "b2层")),
    (("锅炉房南侧", "排水沟盖板缺失"), ("锅炉房北面", "排水沟盖板没有"), ("北侧", "南侧")),
    (("罐区T-201储罐", "液位计损坏"), ("罐区T202储罐", "液位计坏了"), ("t201", "t202")),
])
def test_other_floors_sides_and_lettered_tags_are_evidence_against(a, b, conflict):
    """Issue 15, after the unseen set: a floor, a side or a tag such as R-101 tells one place or machine from
    another of the same kind, as equipment numbers do."""
    match = score(*a, *b)
    assert match.conflict == conflict and not match.likely


def test_the_same_floor_written_differently_is_no_conflict():
    match = score("教学楼五楼走廊", "走廊栏杆松动", "教学楼5层", "走廊护栏松了")
    assert match.likely and not match.conflict


def test_the_same_machine_with_another_fault_is_evidence_against():
    """What is wrong (the description without the equipment and its numbers) must share something."""
    other = score("冲压车间", "3号冲床光电保护装置失灵", "冲压车间", "3号冲床皮带防护罩缺失")
    same = score("冲压车间", "3号冲床光电保护装置失灵", "冲压车间", "#3冲床光电保护坏了，不起作用")
    assert other.other_fault and not other.likely
    assert not same.other_fault and same.likely


def test_a_different_fault_at_the_same_place_ranks_below_a_duplicate_in_other_words():
    duplicate = score("成品仓库北门", "消火栓被货物堵住", "成品库房北侧门口", "消防栓前堆满杂物，无法使用")
    other_fault = score("成品仓库北门", "消火栓被货物堵住", "成品仓库北门", "灭火器过期未检")
    assert duplicate.score > other_fault.score


def test_the_vocabulary_key_is_the_same_in_every_process():
    """The stored match texts are used only under the current key: a key that changed with the process's hash
    seed made every worker normalise every candidate again (found by the 200,000-report benchmark)."""
    import os
    import subprocess
    import sys

    code = ("import django; django.setup(); from hazards import matching; "
            "matching._extra_synonyms = lambda: (); print(matching.vocabulary_key())")
    keys = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "jinan_union.settings",
               "DJANGO_DEBUG": "1"}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        keys.add(done.stdout.strip().splitlines()[-1])
    assert len(keys) == 1


def test_the_reviewer_extends_the_vocabulary_in_the_admin(db, world, client_for):
    assert normalise("洗眼器") != normalise("冲眼器")
    admin = client_for("admin")
    response = admin.post(reverse("admin:hazards_hazardsynonym_add"), {"word": "冲眼器", "canonical": "洗眼器"})
    assert response.status_code == 302
    assert normalise("冲眼器") == normalise("洗眼器")
    synonym = HazardSynonym.objects.get()
    from jinan_union.audit import history_of
    assert [e.action for e in history_of(synonym)] == ["同义词新增"]
    synonym.delete()
    matching.reset_caches()


UNSEEN_SET = Path(__file__).parent / "match_eval_unseen.txt"


@pytest.mark.parametrize(("path", "reports", "pairs", "at1", "above"), [
    (None, 165, 75, 72, 70),  # our own set
    (UNSEEN_SET, 199, 92, 72, 86),  # written blind by another helper; seen after its first run (decisions)
])
def test_both_labelled_sets_meet_the_targets(path, reports, pairs, at1, above):
    """Issue 15's targets on both sets: recall@3 ≥ 95%, no true pair absent from the 5 shown, at most one false
    proposal above the line on any report; and the figures recorded in docs/decisions/hazards.md."""
    lines = read_set(path) if path else read_set()
    result = evaluate(lines)
    assert (result.reports, result.pairs) == (reports, pairs)
    assert result.at3 / result.pairs >= 0.95 and result.at3 == pairs
    assert result.shown == result.pairs  # no true pair absent from the proposals shown
    assert result.worst_false <= 1
    assert (result.at1, result.above) == (at1, above)
    before = evaluate(lines, "before")
    assert before.at3 < result.at3


def test_the_evaluation_command_prints_the_figures(capsys):
    call_command("hazards_match_eval")
    out = capsys.readouterr().out
    assert "recall@1" in out and "recall@3" in out and "漏掉的重复对" in out


def test_proposals_show_the_best_candidates_with_what_matched_and_the_line(world, client_for):
    first = report(world, location="二号车间东侧", description="配电盘外壳带电")
    other = report(world, location="二号车间东侧", description="地面油污未清理")
    again = report(world, location="2#车间东面", description="开关箱漏电，有触电危险")
    submit(world, [first, other, again])
    proposals = duplicate_proposals(again)
    assert [p.other.pk for p in proposals] == [first.pk, other.pk]
    assert proposals[0].likely and not proposals[1].likely
    page = client_for("reviewer").get(reverse("hazards:report-detail", args=[again.pk]))
    html = page.content.decode()
    assert "<mark>配电箱</mark>" in html and 'data-testid="proposal-line"' in html


def test_one_unit_under_two_names_is_compared_once_merged(world):
    from hazards.units import merge_units, unit_family
    from jinan_union.audit import history_of
    from jinan_union.errors import DomainError
    from jinan_union.models import WorkUnit

    full = world.units["济南城建集团有限公司"]
    # A vague address for the short name (the same address would relate the records: test_matching_units)
    short = WorkUnit.objects.create(name="济南城建集团", address="济南市历下区", system_union=full.system_union)
    world.units["济南城建集团"] = short
    first = report(world, location="3号塔吊", description="塔吊基础积水")
    again = report(world, unit="济南城建集团", location="三号塔吊", description="塔吊基础泡水")
    submit(world, [first, again])
    assert duplicate_proposals(again) == []
    with pytest.raises(DomainError):
        merge_units(keep=full, alias=short, by=world.users["lixia"], reason="简称")
    merge_units(keep=full, alias=short, by=world.users["reviewer"], reason="同一单位，简称")
    assert unit_family(short.pk) == unit_family(full.pk) == {full.pk, short.pk}
    assert [p.other.pk for p in duplicate_proposals(again)] == [first.pk]
    assert [e.action for e in history_of(short)] == ["合并单位记录"]
    with pytest.raises(DomainError):
        merge_units(keep=full, alias=short, by=world.users["reviewer"], reason="再次")
