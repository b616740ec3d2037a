"""Content-Security-Policy in the browser: every demo role opens its home page and every page of its menu
(and the first record each list links to) on the demo data; Chromium reports no CSP violation."""

import io
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from jinan_union.demo import DEMO_USERS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def menu_links(page, base):
    hrefs = page.eval_on_selector_all(
        "nav a.nav-link[href], nav a.dropdown-item[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    seen = []
    for href in hrefs:
        if href and href.startswith("/") and href != "/" and href not in seen and not href.startswith("/admin"):
            seen.append(href)
    return seen


def first_record_link(page, path):
    """The first link in the page's main content to a record below this list (a detail page)."""
    hrefs = page.eval_on_selector_all("main table a[href], main .list-group a[href]",
                                      "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        if href and href.startswith(path) and href != path and not href.endswith((".pdf", ".xlsx")):
            return href
    return None


def test_no_page_breaks_the_content_security_policy(page, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    violations, console = [], []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)

    def visit(url):
        response = page.goto(url)
        assert response.status < 500, url
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or ""), url
        found = page.evaluate("window.__csp")
        violations.extend(f"{url}: {v}" for v in found)

    # The listener works: code injected inline into a page is refused and reported.
    visit(f"{base}/accounts/login/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                           document.body.appendChild(s); }""")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__csp"))
    assert any("Content Security Policy" in m for m in console)
    console.clear()

    opened = 0
    for username, *_ in DEMO_USERS:
        page.context.clear_cookies()
        visit(f"{base}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{base}/")
        assert urlparse(page.url).path == "/", f"{username} did not sign in"
        visit(f"{base}/")
        links = menu_links(page, base)
        for href in links:
            visit(base + href)
            opened += 1
            detail = first_record_link(page, urlparse(href).path)
            if detail:
                visit(base + detail)
                opened += 1
        page.get_by_test_id("user-menu").click()  # Bootstrap's script runs under the policy
    assert opened > 30
    assert violations == []
    assert console == []


@pytest.mark.parametrize(("fmt", "step", "label", "content"), [
    ("xlsx", "", "生成中（6 / 12 行）", b"PK\x03\x04"),
    ("pdf", "正在排版 PDF", "生成中：正在排版 PDF（6 / 12 行）", b"%PDF-1.7\n"),  # a PDF job names its step
])
def test_the_export_progress_script_runs_under_the_policy(login, page, live_server, world, fmt, step, label, content):
    """The poller (static/js/export-progress.js) follows a running export and reveals the download."""
    from django.core.files.base import ContentFile
    from playwright.sync_api import expect

    from jinan_union.models import ExportJob

    job = ExportJob.objects.create(user=world.users["admin"], exporter="users", title="用户名单", fmt=fmt)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_total=12, rows_done=6, step=step)
    page.add_init_script(LISTEN)
    login("admin")
    page.goto(f"{live_server.url}/exports/{job.uuid}/")
    expect(page.get_by_test_id("export-status")).to_have_text(label)
    expect(page.get_by_test_id("export-format")).to_have_text(job.get_fmt_display())
    job.file.save(f"x.{fmt}", ContentFile(content), save=False)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, rows_done=12, step="", file=job.file.name)
    expect(page.get_by_test_id("export-status")).to_contain_text("已完成")
    expect(page.get_by_role("link", name=f"下载 {job.get_fmt_display()} 文件")).to_be_visible()
    assert page.evaluate("window.__csp") == []
