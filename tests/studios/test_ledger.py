"""STU-LEDGER (S§16), issue 11: the work ledger shows each entry's attachments, keeps an upload when the save fails,
filters by year and kind, exports through the one exporter, and takes corrections as new entries that name the
corrected one (nothing edited in place)."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jinan_union.errors import DomainError
from jinan_union.models import Attachment
from studios import selectors, services
from studios.enums import StudioStatus
from studios.models import LedgerEntry, Studio

from .factories import make_studio

pytestmark = pytest.mark.rule("STU-LEDGER")


def _named(world, name="浪潮张明技能大师创新工作室"):
    studio = make_studio(world, name=name)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    return Studio.objects.get(pk=studio.pk)


def _add(world, studio, **data):
    fields = dict(kind="training", happened_on=date(2025, 5, 6), title="数控培训", participants=12)
    fields.update(data)
    return services.ledger_add(studio=studio, by=world.users["langchao"], data=fields)


def test_each_entry_shows_its_attachments(client_for, world, pdf_file):
    studio = _named(world)
    client = client_for("langchao")
    client.post(reverse("studios:ledger", args=[studio.pk]), {
        "kind": "result", "happened_on": "2025-06-01", "title": "智能巡检工具", "result_applied": "on",
        "attachment": pdf_file("推广证明.pdf")})
    _add(world, studio, title="无附件的培训")
    page = client_for("reviewer").get(reverse("studios:ledger", args=[studio.pk])).content.decode()
    entry = LedgerEntry.objects.get(title="智能巡检工具")
    row = page.split(f'data-testid="ledger-entry-{entry.pk}"', 1)[1].split("</tr>", 1)[0]
    file = Attachment.objects.get(original_name="推广证明.pdf")
    assert "推广证明.pdf" in row and reverse("attachment-download", args=[file.uuid]) in row
    other = LedgerEntry.objects.get(title="无附件的培训")
    assert "推广证明.pdf" not in page.split(f'data-testid="ledger-entry-{other.pk}"', 1)[1].split("</tr>", 1)[0]


@pytest.mark.rule("SYS-ERR")
def test_an_upload_is_kept_when_the_save_fails(client_for, world, pdf_file):
    studio = _named(world)
    client = client_for("langchao")
    url = reverse("studios:ledger", args=[studio.pk])
    page = client.post(url, {"kind": "training", "happened_on": "2025-06-01", "title": "",
                             "attachment": pdf_file("签到表.pdf")}).content.decode()
    assert LedgerEntry.objects.count() == 0
    staged = Attachment.objects.get(original_name="签到表.pdf")
    assert staged.content_type_id is None
    assert f'name="attachment_staged" value="{staged.uuid}"' in page and "已上传：签到表.pdf" in page
    response = client.post(url, {"kind": "training", "happened_on": "2025-06-01", "title": "技能培训",
                                 "attachment_staged": str(staged.uuid)})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(title="技能培训")
    assert [a.original_name for a in Attachment.objects.filter(object_id=entry.pk, content_type__isnull=False)] \
        == ["签到表.pdf"]
    # Another user's staged file cannot be claimed by sending its id.
    assert selectors.staged_of(world.users["lixia"], [str(staged.uuid), "not-a-uuid"]) == []


def test_filters_by_year_and_kind_with_全部(client_for, world):
    studio = _named(world)
    _add(world, studio, title="2024年培训", happened_on=date(2024, 3, 1))
    _add(world, studio, title="2025年培训")
    _add(world, studio, title="2025年课题", kind="project")
    client = client_for("langchao")
    url = reverse("studios:ledger", args=[studio.pk])
    page = client.get(url).content.decode()
    assert all(t in page for t in ("2024年培训", "2025年培训", "2025年课题"))
    years = re.search(r'<select name="year".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", years) == ["全部", "2025年", "2024年"]
    page = client.get(url, {"year": "2025", "kind": "training"}).content.decode()
    assert "2025年培训" in page and "2024年培训" not in page and "2025年课题" not in page
    page = client.get(url, {"year": "2024", "kind": "project"}).content.decode()
    assert 'data-testid="empty-state"' in page


def test_the_export_is_what_the_filters_show(client_for, world):
    studio = _named(world)
    _add(world, studio, title="2024年培训", happened_on=date(2024, 3, 1))
    first = _add(world, studio, title="2025年培训")
    _add(world, studio, title="2025年培训（更正）", participants=21, corrects=first)
    client = client_for("reviewer")
    page = client.get(reverse("studios:ledger", args=[studio.pk]), {"year": "2025"}).content.decode()
    assert f'{reverse("studios:ledger-export", args=[studio.pk])}?year=2025' in page
    response = client.get(reverse("studios:ledger-export", args=[studio.pk]), {"year": "2025"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    titles = [v for row in values for v in row if isinstance(v, str) and v.startswith("2025年培训")]
    assert sorted(titles) == ["2025年培训", "2025年培训（更正）"]
    flat = [v for row in values for v in row]
    assert "2024年培训" not in flat
    assert f"已更正（见#{first.corrected_by.pk}）" in flat and f"更正#{first.pk}" in flat
    # Another union's clerk cannot export this studio's ledger.
    assert client_for("shizhong").get(reverse("studios:ledger-export", args=[studio.pk])).status_code in (403, 404)


def test_a_correction_is_a_new_entry_naming_the_corrected_one(client_for, world):
    studio = _named(world)
    first = _add(world, studio, kind="project", title="课题一", happened_on=date(2025, 2, 1))
    before = LedgerEntry.objects.values().get(pk=first.pk)
    client = client_for("langchao")
    url = reverse("studios:ledger", args=[studio.pk])
    form = client.get(url, {"corrects": first.pk}).content.decode()
    assert 'data-testid="correcting"' in form and 'value="课题一"' in form
    assert f'name="corrects" value="{first.pk}"' in form
    response = client.post(url, {"kind": "project", "happened_on": "2025-02-01", "title": "课题一（名称更正）",
                                 "corrects": first.pk})
    assert response.status_code == 302
    correction = LedgerEntry.objects.get(title="课题一（名称更正）")
    assert correction.corrects == first
    assert LedgerEntry.objects.values().get(pk=first.pk) == before  # nothing edited in place
    page = client.get(url).content.decode()
    row = page.split(f'data-testid="ledger-entry-{first.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "已更正" in row and f'href="#entry-{correction.pk}"' in row
    assert f'data-testid="correct-{first.pk}"' not in page  # a corrected entry is not offered again
    # STU-RESULTS-YEAR counts the corrected entry no more.
    assert [r["projects"] for r in selectors.results_by_year(studio)] == [1]
    # Corrected once: a second correction of the same entry is refused; so is an entry of another studio.
    with pytest.raises(DomainError, match="已更正过"):
        _add(world, studio, title="再改", corrects=first)
    other = _add(world, _named(world, name="另一创新工作室"), title="别家的记录")
    page = client.post(url, {"kind": "training", "happened_on": "2025-02-01", "title": "伪造",
                             "corrects": other.pk}).content.decode()
    assert "只能更正本工作室的台帐记录。" in page and not LedgerEntry.objects.filter(title="伪造").exists()


def test_only_the_units_clerk_may_correct(client_for, world):
    studio = _named(world)
    first = _add(world, studio)
    page = client_for("reviewer").get(reverse("studios:ledger", args=[studio.pk]), {"corrects": first.pk})
    assert 'data-testid="correcting"' not in page.content.decode()
    response = client_for("reviewer").post(reverse("studios:ledger", args=[studio.pk]), {
        "kind": "training", "happened_on": "2025-02-01", "title": "伪造", "corrects": first.pk})
    assert response.status_code == 403 and not LedgerEntry.objects.filter(title="伪造").exists()
