"""SYS-CITE: every automatic decision names its article the way users write it (《管理办法》第六条第（一）项,
《奖励办法》第九条); the article keys (S§6(一), H§9) and rule IDs (STU-QUOTA) stay in code and tests."""

import importlib
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from jinan_union.articles import LEAK, chinese_number, cite, cite_text
from jinan_union.errors import DomainError
from jinan_union.hooks import APPS
from tests.url_matrix import ALL_USERS, CASES

for module in ("tests.core.url_cases", *(f"tests.{app}.url_cases" for app in APPS)):
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise

pytestmark = pytest.mark.rule("SYS-CITE")


@pytest.mark.parametrize(("key", "cited"), [
    ("S§6(一)", "《管理办法》第六条第（一）项"),
    ("S§6", "《管理办法》第六条"),
    ("H§9", "《奖励办法》第九条"),
    ("S§24", "《管理办法》第二十四条"),
    ("H§3、H§5", "《奖励办法》第三条、第五条"),
    ("S§7(一)、S§8(六)、S§9(四)", "《管理办法》第七条第（一）项、第八条第（六）项、第九条第（四）项"),
    ("H§3–H§10", "《奖励办法》第三条至第十条"),
    ("《管理办法》第五条", "《管理办法》第五条"),  # citing a citation changes nothing
])
def test_a_key_is_cited_as_users_write_it(key, cited):
    assert cite(key) == cited


def test_keys_inside_a_sentence_and_the_full_title():
    assert cite_text("已截止（H§9），转入下一年度") == "已截止（《奖励办法》第九条），转入下一年度"
    assert cite("S§12", full=True) == "《济南市劳模和工匠人才创新工作室管理办法》第十二条"
    assert [chinese_number(n) for n in (1, 10, 11, 20, 24)] == ["一", "十", "十一", "二十", "二十四"]


def test_a_domain_error_cites_its_article_key():
    error = DomainError("复核定级请填写专家意见或说明。", article="H§6")
    assert error.text == "复核定级请填写专家意见或说明。（《奖励办法》第六条）"


# --- typical automatic decisions ---------------------------------------------------------------------

def test_a_late_report_moved_to_next_year_names_article_nine():
    from hazards import rules

    text = rules.late_message(2026)
    assert "《奖励办法》第九条" in text and "2027年度" in text and not LEAK.search(text)
    assert "《奖励办法》第九条" in rules.next_round_message(2026)


def test_grade_four_earns_nothing_and_names_article_seven():
    from hazards import rules

    decision = rules.reward_decision(grade=4, is_safety_manager=False, first_finder=True, first_finder_name="张三")
    assert decision.amount == Decimal("0") and "不予奖励（《奖励办法》第七条）" in decision.reason
    refusal = rules.payout_refusal(grade=4, is_safety_manager=False, rectification="done")
    assert "《奖励办法》第七条" in refusal and not LEAK.search(refusal)


def test_a_safety_manager_report_names_article_three():
    from hazards import rules

    problems = rules.submit_problems({"is_safety_manager": True}, today=date(2026, 5, 1))
    assert any("《奖励办法》第三条" in p.text for p in problems)
    for problem in problems:
        assert not LEAK.search(problem.text)
    error = DomainError.from_problems("不能提交。", [rules.Problem("x", "y", "H§3、H§5")])
    assert error.fields["x"] == "y（《奖励办法》第三条、第五条）"


def test_a_window_refusal_names_article_five(db):
    from studios.models import Call
    from studios.workflows import call_open

    call = Call(title="2026年度创新工作室申报", opens_on=date(2000, 1, 1), closes_on=date(2000, 1, 31))

    class App:
        call_id = 1
        category = "tech"

    App.call = call
    error = call_open(App, None)
    assert "《管理办法》第五条" in error.text and not LEAK.search(error.text)


def test_studio_checks_cite_the_article():
    from studios import rules

    checks = [rules.check_stable_two_years(date(2025, 1, 1), date(2026, 1, 1)),
              rules.check_quota(year=2026, taken=10, limit=10),
              rules.check_tech_award([], date(2026, 1, 1)),
              rules.check_recommending_union("grassroots", "")]
    for check in checks:
        assert not LEAK.search(check.message), check.message
    assert checks[0].message.startswith("《管理办法》第六条第（一）项：")


# --- every page, as every demo user ------------------------------------------------------------------

def _text_of(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(body))
        except zipfile.BadZipFile:  # the URL matrix's finished export job holds a stand-in, not a workbook
            return body.decode("utf-8", "replace")
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                         if c.value is not None)
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if kind.startswith(("text/", "application/json")):
        return body.decode("utf-8", "replace")
    return ""


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_no_page_shows_an_article_key_or_a_rule_id(url_name, world, client_for):
    case = CASES[url_name]
    url = reverse(url_name, kwargs=case.build(world)) + (f"?{case.query}" if case.query else "")
    leaks = {}
    for username in ALL_USERS:
        response = client_for(username).get(url)
        if response.status_code != 200:
            continue
        found = sorted(set(LEAK.findall(_text_of(response))))
        if found:
            leaks[username] = found
    assert leaks == {}
