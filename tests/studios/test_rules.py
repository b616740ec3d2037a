"""The regulation's clauses as pure functions, tested at their boundaries."""

from datetime import date

import pytest

from jinan_union.enums import OrgKind, SystemUnionKind
from studios import rules
from studios.enums import (
    BasicCondition,
    HonourKind,
    LeaderQualification,
    Level,
    MaterialKind,
    SkillLevel,
    StudioCategory,
)
from studios.rules import HonourFact


def test_shift_years_keeps_the_day():
    assert rules.shift_years(date(2024, 9, 30), 2) == date(2026, 9, 30)


def test_shift_years_turns_leap_day_into_28_february():
    assert rules.shift_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert rules.shift_years(date(2028, 2, 29), -2) == date(2026, 2, 28)


def test_shift_years_keeps_leap_day_in_a_leap_year():
    assert rules.shift_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


# --- STU-RECOMMEND -------------------------------------------------------------------------------------


@pytest.mark.rule("STU-RECOMMEND")
def test_stable_two_years_passes_on_the_exact_anniversary():
    check = rules.check_stable_two_years(date(2024, 9, 30), date(2026, 9, 30))
    assert check.passed is True
    assert check.article == "S§6(一)"


@pytest.mark.rule("STU-RECOMMEND")
def test_stable_two_years_fails_one_day_before_the_anniversary():
    check = rules.check_stable_two_years(date(2024, 10, 1), date(2026, 9, 30))
    assert check.passed is False
    assert check.message == (
        "《管理办法》第六条第（一）项：系统工会命名日期为2024年10月1日，须在2026年10月1日（含）之后才满2年，"
        "申报日2026年9月30日尚未稳定运行满2年。"
    )


@pytest.mark.rule("STU-RECOMMEND")
def test_named_on_leap_day_is_two_years_old_on_28_february():
    assert rules.check_stable_two_years(date(2024, 2, 29), date(2026, 2, 28)).passed is True
    assert rules.check_stable_two_years(date(2024, 2, 29), date(2026, 2, 27)).passed is False


@pytest.mark.rule("STU-RECOMMEND")
def test_application_on_leap_day_counts_studio_named_on_28_february_two_years_before():
    assert rules.check_stable_two_years(date(2026, 2, 28), date(2028, 2, 29)).passed is True
    assert rules.check_stable_two_years(date(2026, 3, 1), date(2028, 2, 29)).passed is False


@pytest.mark.rule("STU-RECOMMEND")
def test_missing_naming_date_fails():
    assert rules.check_stable_two_years(None, date(2026, 9, 30)).passed is False


@pytest.mark.rule("STU-RECOMMEND")
@pytest.mark.parametrize("kind,system_kind,ok", [
    (OrgKind.SYSTEM, SystemUnionKind.DISTRICT, True),
    (OrgKind.SYSTEM, SystemUnionKind.FUNCTIONAL_ZONE, True),
    (OrgKind.SYSTEM, SystemUnionKind.BUREAU, True),
    (OrgKind.SYSTEM, SystemUnionKind.ENTERPRISE, True),
    (OrgKind.SYSTEM, SystemUnionKind.INDUSTRY, False),
    (OrgKind.GRASSROOTS, "", False),
])
def test_only_a_system_union_recommends(kind, system_kind, ok):
    assert rules.check_recommending_union(kind, system_kind).passed is ok


# --- STU-LEADER ----------------------------------------------------------------------------------------


@pytest.mark.rule("STU-LEADER")
@pytest.mark.parametrize("qualification,title_level,skill,frontline,ok", [
    (LeaderQualification.MODEL_WORKER, Level.MUNICIPAL, "", False, True),
    (LeaderQualification.MODEL_WORKER, Level.NATIONAL, "", False, True),
    (LeaderQualification.MODEL_WORKER, Level.DISTRICT, "", False, False),
    (LeaderQualification.MAY_DAY_MEDAL, Level.PROVINCIAL, "", False, True),
    (LeaderQualification.MAY_DAY_MEDAL, Level.ENTERPRISE, "", False, False),
    (LeaderQualification.JINAN_CRAFTSMAN, "", "", False, True),
    (LeaderQualification.SKILLED_WORKER, "", SkillLevel.SENIOR, True, True),
    (LeaderQualification.SKILLED_WORKER, "", SkillLevel.TECHNICIAN, True, True),
    (LeaderQualification.SKILLED_WORKER, "", SkillLevel.SENIOR_TECHNICIAN, True, True),
    (LeaderQualification.SKILLED_WORKER, "", SkillLevel.INTERMEDIATE, True, False),
    (LeaderQualification.SKILLED_WORKER, "", SkillLevel.SENIOR, False, False),
    (LeaderQualification.OTHER, "", "", True, False),
    ("", "", "", True, False),
])
def test_leader_qualification(qualification, title_level, skill, frontline, ok):
    check = rules.check_leader(qualification, title_level, skill, frontline, has_evidence=True)
    assert check.passed is ok
    assert check.article == "S§6(二)"


@pytest.mark.rule("STU-LEADER")
def test_leader_without_evidence_fails():
    check = rules.check_leader(LeaderQualification.JINAN_CRAFTSMAN, "", "", False, has_evidence=False)
    assert check.passed is False
    assert check.message == "《管理办法》第六条第（二）项：请上传领衔人资格的证明材料（荣誉证书或职业技能等级证书）。"


@pytest.mark.rule("STU-LEADER")
def test_intermediate_worker_message():
    check = rules.check_leader(LeaderQualification.SKILLED_WORKER, "", SkillLevel.INTERMEDIATE, True, True)
    assert check.message == ("《管理办法》第六条第（二）项：以职业技能等级申报的领衔人须具有高级工（三级）"
                             "以上职业技能等级。")


@pytest.mark.rule("STU-LEADER")
def test_leader_check_reports_not_frontline_and_low_skill_level_at_once():
    check = rules.check_leader(LeaderQualification.SKILLED_WORKER, "", SkillLevel.INTERMEDIATE, False, True)
    assert check.passed is False
    assert check.message == (
        "《管理办法》第六条第（二）项：以职业技能等级申报的领衔人须为一线职工；"
        "以职业技能等级申报的领衔人须具有高级工（三级）以上职业技能等级。"
    )


@pytest.mark.rule("STU-LEADER")
def test_leader_check_reports_a_low_title_level_and_missing_evidence_at_once():
    check = rules.check_leader(LeaderQualification.MODEL_WORKER, Level.DISTRICT, "", False, has_evidence=False)
    assert check.passed is False
    assert check.message == (
        f"《管理办法》第六条第（二）项：领衔人须为市级以上劳动模范，填写的级别为“{Level.DISTRICT.label}”；"
        "请上传领衔人资格的证明材料（荣誉证书或职业技能等级证书）。"
    )


@pytest.mark.rule("STU-LEADER")
def test_leader_check_reports_every_failure_of_a_skilled_worker():
    check = rules.check_leader(LeaderQualification.SKILLED_WORKER, "", "", False, has_evidence=False)
    assert check.message == (
        "《管理办法》第六条第（二）项：以职业技能等级申报的领衔人须为一线职工；"
        "以职业技能等级申报的领衔人须具有高级工（三级）以上职业技能等级；"
        "请上传领衔人资格的证明材料（荣誉证书或职业技能等级证书）。"
    )


# --- STU-UNIT ------------------------------------------------------------------------------------------


@pytest.mark.rule("STU-UNIT")
def test_unit_union_must_be_sound():
    assert rules.check_unit_union_sound(True).passed is True
    check = rules.check_unit_union_sound(False)
    assert (check.passed, check.article) == (False, "S§6(三)")


@pytest.mark.rule("STU-UNIT")
def test_dedicated_rnd_institution_is_not_named():
    assert rules.check_not_dedicated_rnd(False).passed is True
    check = rules.check_not_dedicated_rnd(True)
    assert (check.passed, check.article) == (False, "S§6(四)")
    assert check.message == "《管理办法》第六条第（四）项：企事业单位原有建制的专门研发机构不在命名之列。"


# --- STU-TECH / SERVICE / MGMT --------------------------------------------------------------------------

APPLIED = date(2026, 9, 30)


def award(kind, level, on):
    return [HonourFact(kind, level, on, "测试奖项")]


@pytest.mark.rule("STU-TECH")
def test_tech_award_on_the_first_day_of_the_two_year_window_counts():
    assert rules.check_tech_award(award(HonourKind.SCI_TECH_AWARD, Level.MUNICIPAL, date(2024, 9, 30)), APPLIED).passed


@pytest.mark.rule("STU-TECH")
def test_tech_award_one_day_older_than_two_years_does_not_count():
    check = rules.check_tech_award(award(HonourKind.SCI_TECH_AWARD, Level.MUNICIPAL, date(2024, 9, 29)), APPLIED)
    assert check.passed is False
    assert check.article == "S§7(一)"
    assert check.message == (
        "《管理办法》第七条第（一）项：申报前2年内（2024年9月30日至2026年9月30日）没有市级以上科学技术奖、技术创新成果奖或国家发明专利。"
    )


@pytest.mark.rule("STU-TECH")
def test_tech_award_after_the_application_date_does_not_count():
    assert not rules.check_tech_award(
        award(HonourKind.SCI_TECH_AWARD, Level.NATIONAL, date(2026, 10, 1)), APPLIED
    ).passed


@pytest.mark.rule("STU-TECH")
def test_tech_award_on_the_application_date_counts():
    assert rules.check_tech_award(award(HonourKind.TECH_INNOVATION_AWARD, Level.PROVINCIAL, APPLIED), APPLIED).passed


@pytest.mark.rule("STU-TECH")
def test_district_level_tech_award_does_not_count():
    assert not rules.check_tech_award(
        award(HonourKind.SCI_TECH_AWARD, Level.DISTRICT, date(2025, 5, 1)), APPLIED
    ).passed


@pytest.mark.rule("STU-TECH")
def test_invention_patent_counts_whatever_level_is_entered():
    assert rules.check_tech_award(
        award(HonourKind.INVENTION_PATENT, Level.ENTERPRISE, date(2025, 5, 1)), APPLIED
    ).passed


@pytest.mark.rule("STU-TECH")
def test_service_brand_does_not_satisfy_the_tech_condition():
    assert not rules.check_tech_award(
        award(HonourKind.SERVICE_BRAND, Level.NATIONAL, date(2025, 5, 1)), APPLIED
    ).passed


@pytest.mark.rule("STU-TECH")
def test_tech_window_from_a_leap_day_application_starts_on_28_february():
    applied = date(2028, 2, 29)
    assert rules.check_tech_award(award(HonourKind.SCI_TECH_AWARD, Level.MUNICIPAL, date(2026, 2, 28)), applied).passed
    assert not rules.check_tech_award(
        award(HonourKind.SCI_TECH_AWARD, Level.MUNICIPAL, date(2026, 2, 27)), applied
    ).passed


@pytest.mark.rule("STU-SERVICE")
def test_service_brand_within_three_years_boundary():
    assert rules.check_service_brand(
        award(HonourKind.SERVICE_BRAND, Level.MUNICIPAL, date(2023, 9, 30)), APPLIED
    ).passed
    check = rules.check_service_brand(award(HonourKind.SERVICE_BRAND, Level.MUNICIPAL, date(2023, 9, 29)), APPLIED)
    assert (check.passed, check.article) == (False, "S§8(六)")


@pytest.mark.rule("STU-SERVICE")
def test_district_service_brand_does_not_count():
    assert not rules.check_service_brand(
        award(HonourKind.SERVICE_BRAND, Level.DISTRICT, date(2025, 1, 1)), APPLIED
    ).passed


@pytest.mark.rule("STU-MGMT")
def test_management_result_within_three_years_boundary():
    assert rules.check_mgmt_result(award(HonourKind.MGMT_RESULT, Level.PROVINCIAL, date(2023, 9, 30)), APPLIED).passed
    check = rules.check_mgmt_result(award(HonourKind.MGMT_RESULT, Level.PROVINCIAL, date(2023, 9, 29)), APPLIED)
    assert (check.passed, check.article) == (False, "S§9(四)")


@pytest.mark.rule("STU-CATEGORY")
def test_category_dispatches_to_its_own_condition():
    honours = award(HonourKind.MGMT_RESULT, Level.MUNICIPAL, date(2025, 1, 1))
    assert rules.check_category(StudioCategory.MANAGEMENT, honours, APPLIED).passed is True
    assert rules.check_category(StudioCategory.TECH, honours, APPLIED).passed is False
    assert rules.check_category("", honours, APPLIED).article == "S§6(五)"


# --- STU-BASIC / STU-MATERIALS -------------------------------------------------------------------------


@pytest.mark.rule("STU-BASIC")
def test_basic_condition_needs_a_statement():
    assert rules.check_basic(BasicCondition.VENUE, "实训楼二层120平方米").passed is True
    check = rules.check_basic(BasicCondition.FUNDS, "   ")
    assert (check.passed, check.article) == (False, "S§4(五)")
    assert check.message == "《管理办法》第四条第（五）项：未填写“有经费”的情况说明。"


@pytest.mark.rule("STU-MATERIALS")
@pytest.mark.parametrize("kind", [k for k in MaterialKind if k != MaterialKind.OTHER])
def test_each_of_materials_one_to_six_is_required(kind):
    assert rules.check_material(kind, 0).passed is False
    assert rules.check_material(kind, 1).passed is True


@pytest.mark.rule("STU-MATERIALS")
def test_other_material_is_optional():
    assert rules.check_material(MaterialKind.OTHER, 0).passed is True


@pytest.mark.rule("STU-MATERIALS")
def test_missing_material_message_cites_its_article():
    assert rules.check_material(MaterialKind.BENEFITS, 0).message == (
        "《管理办法》第十条第（六）项：缺少必备材料“（六）成果转化证明、现场实物图片、效益证明”。"
    )


# --- STU-RESULTS-YEAR / STU-QUOTA ----------------------------------------------------------------------


@pytest.mark.rule("STU-RESULTS-YEAR")
@pytest.mark.parametrize("projects,applied,ok", [(2, 1, True), (1, 1, False), (2, 0, False), (5, 3, True)])
def test_results_year_needs_two_projects_and_one_applied_result(projects, applied, ok):
    assert rules.check_results_year(2025, projects, applied).passed is ok


@pytest.mark.rule("STU-RESULTS-YEAR")
def test_results_year_message_names_what_is_missing():
    assert rules.check_results_year(2025, 1, 0).message == (
        "《管理办法》第四条第（六）项：2025年创新课题/攻关项目仅1项（至少2项），没有已推广应用的创新成果（至少1项）。"
    )


@pytest.mark.rule("STU-QUOTA")
def test_quota_allows_the_tenth_and_refuses_the_eleventh():
    assert rules.check_quota(2026, 9).passed is True
    check = rules.check_quota(2026, 10)
    assert check.passed is False
    assert check.message == "《管理办法》第六条：2026年度已审定/命名10家，已达每年10家的上限，不能再审定或命名第11家。"


# --- run_all -------------------------------------------------------------------------------------------


def good_facts(**changes):
    values = dict(
        application_date=APPLIED, category=StudioCategory.TECH, union_kind=OrgKind.SYSTEM,
        union_system_kind=SystemUnionKind.DISTRICT, system_named_on=date(2023, 5, 1), union_sound=True,
        is_dedicated_rnd=False, leader_qualification=LeaderQualification.JINAN_CRAFTSMAN, leader_title_level="",
        leader_skill_level="", leader_is_frontline=True, leader_has_evidence=True,
        basics={c.value: "说明" for c in BasicCondition},
        honours=award(HonourKind.INVENTION_PATENT, Level.NATIONAL, date(2025, 3, 1)),
        materials={k.value: 1 for k in MaterialKind if k != MaterialKind.OTHER},
    )
    values.update(changes)
    return rules.ApplicationFacts(**values)


def test_run_all_passes_a_complete_application():
    checks = rules.run_all(good_facts())
    assert rules.blocking(checks) == []
    assert len(checks) == 6 + 6 + 7


def test_run_all_blocks_on_an_old_award_with_its_article():
    checks = rules.run_all(good_facts(honours=award(HonourKind.INVENTION_PATENT, Level.NATIONAL, date(2020, 1, 1))))
    assert [c.article for c in rules.blocking(checks)] == ["S§7(一)"]
