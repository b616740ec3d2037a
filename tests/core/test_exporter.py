"""The one exporter: every registered export writes typed cells, text never runs as a formula, and any name a
user may type (a studio's, a union's) gives a valid sheet title, file name and Content-Disposition."""

import io
import re
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from funding import services as funding
from hazards import services as hazards
from jinan_union import exporter as ex
from jinan_union.enums import DOCUMENT_TYPES
from jinan_union.files import store_upload
from jinan_union.models import ExportJob, Organisation
from studios.models import Studio
from tests import sheets
from tests.conftest import make_pdf
from tests.funding.factories import fund_fully, make_grant, spend
from tests.hazards.factories import AFTER_DEADLINE, report, submit
from tests.hazards.payee_factories import individual
from tests.studios.factories import batch_with_meeting, named_directly, recommended_application

# Every character Excel, Windows or an HTTP header refuses in a name, and a formula.
HOSTILE = '历下/区:总?工*会[1]"甲";\r\n=HYPERLINK("http://x","点我")'
FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+1", "-1", "@x", "\t=1+1", "=1+1"]
YUAN = '"¥"#,##0.00'


@pytest.fixture
def data(world, settings):
    """A row for every export: studios and applications, a paid hazard round, a funded grant with its books."""
    application = recommended_application(world)
    named = named_directly(world, 2, 2025)
    items = [individual(world, state="ready", location="甲处", deaths=3),
             report(world, union="市中区总工会", unit="济南二七机车配件厂", location="乙处", deaths=10)]
    hazard_application = submit(world, items)[0]
    for item in items:
        hazards.report_verify(report=item, by=world.users["reviewer"])
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    round_ = hazards.round_close(round_=hazard_application.round, by=world.users["finance"])
    hazards.payments_issue(round_=round_, by=world.users["finance"])  # the bank file's rows
    grant = fund_fully(world, make_grant(world))
    spending = spend(world, grant, "18600.50")
    finding = funding.finding_raise(grant=grant, text="请补充发票", by=world.users["auditor"], spending=spending)
    funding.finding_answer(finding=finding, answer="已补充", by=world.users["finance"])
    return {
        "application": application, "batch": named[0].applications.get().naming_batch,
        "report": items[0], "hazard_application": hazard_application, "round": round_,
        "grant": grant, "spending": spending, "union": world.system_unions["历下区总工会"], "world": world,
    }


def with_member(d) -> dict:
    """STU-MEMBERS: one member row for the members list's export."""
    from studios import services as studio_services

    studio = d["application"].studio
    studio_services.member_add(studio=studio, by=d["world"].users["lixia"], data=dict(
        name="李强", position="数控车工", skill_level="technician", honours="齐鲁首席技师", is_leader=False))
    return {}


def with_ledger(d) -> dict:
    """STU-LEDGER: a named studio's ledger with one entry and its correction."""
    from datetime import date

    from studios import services as studio_services
    from studios.models import Studio
    from tests.studios.factories import make_studio

    studio = make_studio(d["world"], name="浪潮台帐创新工作室")
    Studio.objects.filter(pk=studio.pk).update(status="municipal_named", naming_year=2025)
    studio.refresh_from_db()
    clerk = d["world"].users["langchao"]
    first = studio_services.ledger_add(studio=studio, by=clerk, data=dict(
        kind="training", happened_on=date(2025, 5, 6), title="数控培训", participants=12))
    studio_services.ledger_add(studio=studio, by=clerk, data=dict(
        kind="training", happened_on=date(2025, 5, 6), title="数控培训", participants=21, corrects=first))
    return {"pk": studio.pk}


# identifier -> (who exports, the query string of the page it exports)
CASES = {
    "studios-members": ("reviewer", with_member),
    "studios-ledger": ("reviewer", with_ledger),
    "stats-table": ("finance", lambda d: {"table": "studios-category", "year": "2025"}),
    "stats-annual": ("finance", lambda d: {"year": "2025"}),
    "users": ("admin", lambda d: {}),
    "studios-studios": ("reviewer", lambda d: {}),
    "studios-applications": ("reviewer", lambda d: {}),
    "studios-naming-list": ("secretary", lambda d: {"pk": d["batch"].pk}),
    "hazards-reports": ("reviewer", lambda d: {}),
    "hazards-applications": ("reviewer", lambda d: {}),
    "hazards-summary": ("lixia", lambda d: {"pk": d["hazard_application"].pk}),
    "hazards-payment": ("finance", lambda d: {"pk": d["round"].pk}),
    "hazards-bank-file": ("finance", lambda d: {"pk": d["round"].pk}),
    "funding-grants": ("finance", lambda d: {}),
    "funding-findings": ("auditor", lambda d: {}),
    "funding-journal": ("auditor", lambda d: {"union": d["union"].pk, "date_from": ""}),  # the whole life
    "funding-journal-import": ("auditor", lambda d: {"union": d["union"].pk, "date_from": ""}),  # the whole life
    "funding-ledger": ("auditor", lambda d: {"union": d["union"].pk, "date_from": ""}),  # the whole life
    "funding-trial-balance": ("auditor", lambda d: {"union": d["union"].pk}),
    "funding-statement": ("reviewer", lambda d: {"pk": d["grant"].pk}),
}


def test_every_registered_exporter_has_a_case():
    assert sorted(CASES) == sorted(ex.REGISTRY)


def workbook(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def background(client, identifier, params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.post(reverse("export-start", args=[identifier]) + (f"?{query}" if query else ""))
    job = ExportJob.objects.latest("pk")
    assert response["Location"] == reverse("export-progress", args=[job.uuid])
    assert (job.status, job.error) == ("done", "")
    return job


@pytest.mark.rule("SYS-MONEY")
@pytest.mark.parametrize("identifier", sorted(CASES))
def test_every_export_writes_typed_cells(data, client_for, identifier):
    """Amounts and counts are numbers (amounts with the ¥ format), dates date cells, text text: in every export,
    through the background job and its scoped download."""
    username, params = CASES[identifier]
    client = client_for(username)
    query = params(data)
    job = background(client, identifier, query)
    sheet = workbook(client.get(reverse("export-download", args=[job.uuid]))).active
    # The columns as the export is built for the user (a statistics table's depend on the table asked for).
    columns = ex.REGISTRY[identifier](data["world"].users[username], ex.query_dict(query)).columns
    header = sheets.header_row(sheet)
    assert [c.value for c in sheet[header]] == [c.label for c in columns]
    rows = list(sheet.iter_rows(min_row=header + 1, max_row=header + job.rows_total))
    assert rows, f"{identifier} exported no rows"
    filled = set()
    for row in rows:
        for cell, column in zip(row, columns, strict=True):
            if cell.value is None:
                continue
            filled.add(column.label)
            if column.kind == ex.TEXT:
                assert (cell.data_type, type(cell.value)) == ("s", str), (identifier, column.label, cell.value)
            elif column.kind in (ex.NUMBER, ex.MONEY):
                assert cell.data_type == "n" and isinstance(cell.value, int | float), (identifier, column.label)
                assert cell.number_format == (YUAN if column.kind == ex.MONEY else "0")
            else:
                assert cell.is_date and isinstance(cell.value, datetime), (identifier, column.label, cell.value)
                assert cell.number_format == ex.FORMATS[column.kind]
    typed = {c.label for c in columns if c.kind != ex.TEXT}
    assert typed <= filled, f"{identifier}: no value to check in {typed - filled}"
    # Nobody else downloads the job's file, not even with the same roles.
    other = "lixia_auditor" if username == "auditor" else "auditor"
    assert client_for(other).get(reverse("export-download", args=[job.uuid])).status_code == 404


def test_datetimes_are_written_in_shanghai_time():
    sheet = write(ex.moment("时间"), datetime.fromisoformat("2026-09-30T16:30:00+00:00"))
    assert sheet.cell(sheets.header_row(sheet) + 1, 1).value == datetime(2026, 10, 1, 0, 30)


def test_a_date_column_refuses_text():
    with pytest.raises(TypeError):
        write(ex.day("日期"), "2026年9月30日")


@pytest.mark.parametrize("name", FORMULAS)
def test_formula_text_stays_text(name):
    sheet = write(ex.text("名称"), name)
    cell = sheet.cell(sheets.header_row(sheet) + 1, 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)


def write(column, value):
    exporter = type("One", (ex.TableExporter,), {
        "title": "t", "columns": [column], "__init__": lambda self: None, "table": lambda self: ([[value]], []),
    })()
    buffer = io.BytesIO()
    ex.write_xlsx(buffer, exporter)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


def test_studio_names_that_look_like_formulas_come_back_as_the_same_text(world, client_for):
    from tests.funding.factories import make_studio

    for n, name in enumerate(FORMULAS):
        make_studio(world, name=f"{name}", unit="山东浪潮通用软件有限公司" if n % 2 else "济南历下控股集团有限公司")
    job = background(client_for("reviewer"), "studios-studios", {})
    sheet = workbook(client_for("reviewer").get(reverse("export-download", args=[job.uuid]))).active
    cells = {c.value: c for c in next(sheet.iter_cols(min_col=2, max_col=2, min_row=sheets.header_row(sheet) + 1))}
    for name in FORMULAS:
        assert (cells[name].data_type, cells[name].quotePrefix) == ("s", True)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_text_as_text_and_dates_as_dates(tmp_path):
    """LibreOffice, converting the workbook to its flat XML, reads formula text as strings (nothing evaluated),
    amounts and counts as numbers and dates and times (in Shanghai time) as dates."""
    values = [Decimal("18600.50"), date(2026, 9, 30), datetime.fromisoformat("2026-09-30T08:00:00+00:00"), 3]
    exporter = type("Many", (ex.TableExporter,), {
        "title": "t", "__init__": lambda self: None,
        "columns": [ex.text("名称"), ex.money("金额"), ex.day("日期"), ex.moment("时间"), ex.number("数量")],
        "table": lambda self: ([[name, *values] for name in FORMULAS], []),
    })()
    with open(tmp_path / "t.xlsx", "wb") as handle:
        ex.write_xlsx(handle, exporter)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "fods", "--outdir", str(tmp_path), str(tmp_path / "t.xlsx")], check=True, capture_output=True,
                   timeout=300)
    xml = (tmp_path / "t.fods").read_text(encoding="utf-8")
    assert "table:formula" not in xml
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    office = f"{{{ns['office']}}}"
    rows = ElementTree.fromstring(xml).iterfind(".//table:table-row", ns)
    cells = [[(c.get(f"{office}value-type"), c.get(f"{office}value") or c.get(f"{office}date-value"),
               "".join(c.find("text:p", ns).itertext()))  # a tab is an element <text:tab/>: left out here
              for c in row.iterfind("table:table-cell", ns) if c.get(f"{office}value-type")] for row in rows]
    for row, name in zip(cells[3:], FORMULAS, strict=False):  # under the title, the 制表日期 line and the header
        assert (row[0][0], row[0][2]) == ("string", name.replace("\t", ""))
        assert [(kind, value) for kind, value, _ in row[1:]] == [
            ("float", "18600.5"), ("date", "2026-09-30"), ("date", "2026-09-30T16:00:00"), ("float", "3")]
        assert row[1][2] == "¥18,600.50"
    assert len([row for row in cells if row]) == 3 + len(FORMULAS) + 1  # and the 合计 row


# --- safe names ------------------------------------------------------------------------------------------

DISPOSITION = re.compile(r"^(attachment|inline); filename=\"([\x20-\x7e]+)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$")
FORBIDDEN = set('/\\:?*[]";<>|\r\n')


def assert_disposition(header: str, extension: str) -> str:
    match = DISPOSITION.match(header)
    assert match, header
    ascii_name, encoded = match.group(2), match.group(3)
    name = unquote(encoded)
    assert ascii_name.endswith(f".{extension}") and name.endswith(f".{extension}")
    assert not FORBIDDEN & set(ascii_name) and not FORBIDDEN & set(name) and "%" not in ascii_name
    assert not any(ord(c) < 32 for c in name)
    return name


@given(st.text())
def test_any_name_gives_a_valid_header_and_sheet_title(name):
    assert_disposition(ex.content_disposition(name, "xlsx"), "xlsx")
    title = ex.sheet_title(name)
    assert 0 < len(title) <= 31 and not set(title) & set(":\\/?*[]") and title[0] != "'" and title[-1] != "'"
    assert not any(ord(c) < 32 for c in title)


def test_names_keep_their_chinese_and_lose_only_what_is_forbidden():
    name = assert_disposition(ex.content_disposition("序时账-历下/区:总工会", "xlsx"), "xlsx")
    assert name == "序时账-历下_区_总工会.xlsx"
    assert ex.content_disposition("CON", "pdf").startswith('attachment; filename="_CON.pdf"')
    title = ex.sheet_title("[历下]区:总工会 序时账 2026年1月1日至2026年12月31日")
    assert title == "历下 区 总工会 序时账 2026年1月1日至2026年12月"


@pytest.fixture
def hostile(data, world):
    """The 历下 union, its grassroots unions' studios and a work unit named with every forbidden character."""
    Organisation.objects.filter(pk=data["union"].pk).update(name=HOSTILE)
    for studio in Studio.objects.all():
        Studio.objects.filter(pk=studio.pk).update(name=f"工作室{studio.pk}{HOSTILE}")
    clerk = world.users["lixia"]
    upload = SimpleUploadedFile('证书/:?*[]";.pdf', make_pdf(), content_type="application/pdf")
    data["attachment"] = store_upload(upload, kind="other", by=clerk, allowed=DOCUMENT_TYPES,
                                      owner=world.units["山东浪潮通用软件有限公司"])
    return data


def documents(d) -> list[tuple[str, str, str]]:
    """(user, url, extension) of every document and export download."""
    union, grant, transfer = d["union"].pk, d["grant"].pk, d["grant"].transfers.first()
    entry = d["spending"].entry_id
    batch = batch_with_meeting(d["world"])
    return [
        ("lixia", reverse("studios:application-pdf", args=[d["application"].pk]), "pdf"),
        ("secretary", reverse("studios:batch-annex", args=[batch.pk]), "pdf"),
        ("reviewer", reverse("studios:batch-annex-xlsx", args=[d["batch"].pk]), "xlsx"),
        ("lixia", reverse("hazards:report-pdf", args=[d["report"].pk]), "pdf"),
        ("lixia", reverse("hazards:application-summary-xlsx", args=[d["hazard_application"].pk]), "xlsx"),
        ("lixia", reverse("hazards:application-summary-pdf", args=[d["hazard_application"].pk]), "pdf"),
        ("finance", reverse("hazards:payment-xlsx", args=[d["round"].pk]) + f"?union={union}", "xlsx"),
        ("finance", reverse("hazards:payment-pdf", args=[d["round"].pk]) + f"?union={union}", "pdf"),
        ("lixia_finance", reverse("hazards:payment-xlsx", args=[d["round"].pk]), "xlsx"),
        ("finance", reverse("funding:grant-export"), "xlsx"),
        ("finance", reverse("funding:grant-statement", args=[grant, "xlsx"]), "xlsx"),
        ("finance", reverse("funding:grant-statement", args=[grant, "pdf"]), "pdf"),
        ("finance", reverse("funding:transfer-document", args=[transfer.pk]), "pdf"),
        ("langchao", reverse("funding:spending-document", args=[d["spending"].pk]), "pdf"),
        ("auditor", reverse("funding:finding-export"), "xlsx"),
        ("auditor", reverse("funding:journal", args=[union]) + "?format=pdf", "pdf"),
        ("auditor", reverse("funding:ledger", args=[union]) + "?format=xlsx", "xlsx"),
        ("auditor", reverse("funding:ledger", args=[union]) + "?format=pdf", "pdf"),
        ("auditor", reverse("funding:trial-balance", args=[union]) + "?format=xlsx", "xlsx"),
        ("auditor", reverse("funding:trial-balance", args=[union]) + "?format=pdf", "pdf"),
        ("auditor", reverse("funding:entry-detail", args=[entry]) + "?format=pdf", "pdf"),
        ("lixia", reverse("attachment-download", args=[d["attachment"].uuid]), "pdf"),
    ]


@pytest.mark.rule("SYS-LANG")
def test_hostile_names_download_every_document_and_export(hostile, client_for):
    for username, url, extension in documents(hostile):
        response = client_for(username).get(url)
        assert response.status_code == 200, url
        assert_disposition(response["Content-Disposition"], extension)
        if extension == "xlsx":
            sheet = workbook(response).active
            assert sheet.title == ex.sheet_title(sheet["A1"].value)
            assert sheets.header_row(sheet) == 3
    for identifier, (username, params) in CASES.items():
        client = client_for(username)
        job = background(client, identifier, params(hostile))
        response = client.get(reverse("export-download", args=[job.uuid]))
        assert_disposition(response["Content-Disposition"], "xlsx")
        exporter = ex.REGISTRY[identifier](job.user, job.params)
        sheet = workbook(response).active
        assert sheet.title == ex.sheet_title(exporter.heading())
        if exporter.office_layout:
            assert sheet["A1"].value == ex.clean_text(exporter.heading())
            assert "制表日期：" in sheet["A2"].value


def test_a_big_export_link_offers_the_background_job_and_writes_nothing_on_get(data, client_for, settings):
    settings.EXPORT_INLINE_ROWS = 1
    client = client_for("finance")
    url = reverse("hazards:payment-xlsx", args=[data["round"].pk])
    page = client.get(url)
    assert (page.status_code, ExportJob.objects.count()) == (200, 0)
    start = reverse("export-start", args=["hazards-payment"]) + f"?pk={data['round'].pk}"
    assert f'action="{start}"' in page.content.decode()
    job = client.post(start)
    job = ExportJob.objects.get()
    assert (job.status, job.rows_total, job.title) == ("done", 2, "奖励发放表-2026-全市")
    rows = sheets.read(client.get(reverse("export-download", args=[job.uuid]))).rows
    total = sum(Decimal(str(r[7])) for r in rows[:2])
    assert rows[-1][1:3] == ("合计", None) and Decimal(str(rows[-1][7])) == total > 0


def test_a_small_export_is_made_in_the_request_a_big_one_is_queued(data, client_for, settings, monkeypatch):
    from jinan_union import exports

    queued = []
    monkeypatch.setattr(exports, "run_export", SimpleNamespace(enqueue=queued.append))
    client = client_for("reviewer")
    client.post(reverse("export-start", args=["hazards-reports"]))
    assert (ExportJob.objects.get().status, queued) == ("done", [])
    settings.EXPORT_INLINE_ROWS = 1
    client.post(reverse("export-start", args=["hazards-reports"]))
    job = ExportJob.objects.latest("pk")
    assert (job.status, job.rows_total, queued) == ("queued", 2, [job.pk])


def test_dates_in_pdfs_are_chinese(data):
    assert ex.display(date(2026, 9, 30), ex.DATE) == "2026年9月30日"
    assert ex.display(Decimal("18600.5"), ex.MONEY) == "¥18,600.50"
