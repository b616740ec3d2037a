"""`manage.py bench` (issue 10): every list and detail page against the data of `manage.py seed_scale`, each beside
the Django admin changelist of the same model in the same run, and the biggest exports in separate processes.

Pages go through Django's test client in this process (server time: the view, its queries and the template, no
network), `repeat` times after one warm-up request; the query count is that of a second, warm request without the
session's own bookkeeping (as tests/core/test_list_queries.py counts). The admin changelist of the same model is
timed in the same loop, so both see the same machine load; the load average is recorded with the figures.

Exports run in a child process each (`python -m benchmarks.scale_bench export <name>`), so that `ru_maxrss` is the
export's own peak: the 200,000-row hazard list .xlsx and the city-wide payment sheet PDF of the biggest paid round,
both through the background job's code path (make_export, with its progress writes). The peak is that of the child or
of the largest of its own children, whichever is higher: a long PDF is laid out in worker processes
(jinan_union.exporter.render_export_pdf), whose memory `RUSAGE_SELF` does not see; the CPU counts both.

The bench reads; the only writes are the ExportJob rows and files of the export children (into a temporary media
folder) and the sessions of the logins. Run it on a bench database only.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Targets of issue 10.
PAGE_MS, MAX_QUERIES, ADMIN_RATIO = 300, 12, 0.5


@dataclass
class Case:
    label: str
    user: str
    url: str
    admin: str = ""  # the admin changelist of the same model
    samples: list = field(default_factory=list)
    admin_samples: list = field(default_factory=list)
    queries: int = 0
    status: int = 0
    bytes: int = 0

    def summary(self) -> dict:
        row = {"page": self.label, "user": self.user, "url": self.url, "status": self.status, "bytes": self.bytes,
               "queries": self.queries, "median_ms": _median(self.samples), "p95_ms": _p95(self.samples)}
        if self.admin:
            row |= {"admin_url": self.admin, "admin_median_ms": _median(self.admin_samples),
                    "admin_p95_ms": _p95(self.admin_samples)}
            row["ratio"] = round(row["median_ms"] / row["admin_median_ms"], 2) if row["admin_median_ms"] else None
        row["meets"] = (row["status"] == 200 and row["median_ms"] <= PAGE_MS and row["queries"] <= MAX_QUERIES
                        and (not self.admin or (row["ratio"] or 0) <= ADMIN_RATIO))
        return row


def _median(samples):
    return round(statistics.median(samples), 1) if samples else None


def _p95(samples):
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def cases() -> list[Case]:
    """The pages, with the objects they need taken from the seeded data."""
    from django.urls import reverse

    from funding.models import Grant
    from hazards.enums import ReportState, RoundState
    from hazards.models import HazardReport, Round
    from jinan_union.enums import OrgKind
    from jinan_union.models import Organisation
    from studios.models import Application as StudioApplication
    from studios.models import Studio

    municipal = Organisation.objects.get(kind=OrgKind.MUNICIPAL)
    lixia = Organisation.objects.get(name="历下区总工会")
    studio = Studio.objects.order_by("pk").first()
    grant = Grant.objects.order_by("pk").first()
    open_report = HazardReport.objects.filter(status=ReportState.SUBMITTED).order_by("-pk").first()
    paid = Round.objects.filter(status=RoundState.PAID).order_by("-year").first()
    a = "/admin/"

    def admin_last(path, model):
        # The admin's pages are numbered from 1 (Django 5) with list_per_page rows (100 by default).
        from django.contrib import admin as django_admin

        per_page = django_admin.site._registry[model].list_per_page
        return f"{a}{path}?p={max(1, -(-model.objects.count() // per_page))}"

    out = [Case(f"home ({user})", user, "/") for user in
           ("reviewer", "lixia", "langchao", "finance", "auditor", "secretary", "expert", "admin")]
    hazard_admin, studio_admin = f"{a}hazards/hazardreport/", f"{a}studios/studio/"
    out += [
        Case("hazard list", "reviewer", reverse("hazards:report-list"), hazard_admin),
        Case("hazard list, filtered (submitted)", "reviewer", reverse("hazards:report-list") + "?status=submitted",
             hazard_admin + "?status__exact=submitted"),
        Case("hazard list, sorted by union", "reviewer", reverse("hazards:report-list") + "?sort=union",
             hazard_admin + "?o=2"),
        Case("hazard list, last page", "reviewer", reverse("hazards:report-list") + "?page=100000",
             admin_last("hazards/hazardreport/", HazardReport)),
        Case("hazard list, keyword", "reviewer", reverse("hazards:report-list") + "?q=锅炉房",
             hazard_admin + "?q=锅炉房"),
        Case("hazard list (system union)", "lixia", reverse("hazards:report-list"), hazard_admin),
        Case("hazard applications", "reviewer", reverse("hazards:application-list"), f"{a}hazards/application/"),
        Case("hazard report page (duplicate proposal)", "reviewer",
             reverse("hazards:report-detail", args=[open_report.pk]) if open_report else "", hazard_admin),
        Case("duplicates (reviewer)", "reviewer", reverse("hazards:duplicates"), f"{a}hazards/duplicategroup/"),
        Case("rounds", "finance", reverse("hazards:round-list"), f"{a}hazards/round/"),
        Case("round page (paid)", "finance", reverse("hazards:round-detail", args=[paid.pk]) if paid else "",
             f"{a}hazards/round/"),
        Case("studio list", "reviewer", reverse("studios:studio-list"), studio_admin),
        Case("studio list, filtered (named)", "reviewer", reverse("studios:studio-list") + "?status=municipal_named",
             studio_admin + "?status__exact=municipal_named"),
        Case("studio list, sorted by name", "reviewer", reverse("studios:studio-list") + "?sort=name",
             studio_admin + "?o=1"),
        Case("studio list, last page", "reviewer", reverse("studios:studio-list") + "?page=100000",
             admin_last("studios/studio/", Studio)),
        Case("studio list (system union)", "lixia", reverse("studios:studio-list"), studio_admin),
        Case("studio page", "reviewer", reverse("studios:studio-detail", args=[studio.pk]), studio_admin),
        Case("studio application inbox", "reviewer", reverse("studios:application-list"), f"{a}studios/application/"),
        Case("studio application inbox, last page", "reviewer", reverse("studios:application-list") + "?page=100000",
             admin_last("studios/application/", StudioApplication)),
        Case("named studios (public list)", "lixia", reverse("studios:public-list"), studio_admin),
        Case("naming batches", "secretary", reverse("studios:batch-list"), f"{a}studios/namingbatch/"),
        Case("grant list", "finance", reverse("funding:grant-list"), f"{a}funding/grant/"),
        Case("grant page (fund statement)", "finance",
             reverse("funding:grant-detail", args=[grant.pk]) if grant else "", f"{a}funding/grant/"),
        Case("finding list", "auditor", reverse("funding:finding-list"), f"{a}funding/finding/"),
        Case("union books", "auditor", reverse("funding:book-list"), f"{a}jinan_union/organisation/"),
        Case("municipal journal (this month)", "auditor", reverse("funding:journal", args=[municipal.pk]),
             f"{a}funding/journalentry/"),
        Case("municipal journal (whole life, last page)", "auditor",
             reverse("funding:journal", args=[municipal.pk]) + "?date_from=&date_to=&page=100000",
             f"{a}funding/journalentry/"),
        Case("municipal ledger (this month)", "auditor", reverse("funding:ledger", args=[municipal.pk]),
             f"{a}funding/journalline/"),
        Case("municipal trial balance", "auditor", reverse("funding:trial-balance", args=[municipal.pk]),
             f"{a}funding/account/"),
        Case("system union journal (this month)", "lixia_auditor", reverse("funding:journal", args=[lixia.pk]),
             f"{a}funding/journalentry/"),
        Case("notification inbox", "reviewer", reverse("notifications:inbox"), f"{a}notifications/notification/"),
        Case("units (administrator)", "admin", reverse("manage-units"), f"{a}jinan_union/workunit/"),
        Case("organisations (administrator)", "admin", reverse("manage-orgs"), f"{a}jinan_union/organisation/"),
        Case("users (administrator)", "admin", reverse("manage-users"), f"{a}jinan_union/user/"),
    ]
    return [c for c in out if c.url]


def _client(users: dict, username: str):
    from django.test import Client

    if username not in users:
        from jinan_union.models import User

        client = Client()
        client.force_login(User.objects.get(username=username))
        users[username] = client
    return users[username]


def _bookkeeping(sql: str) -> bool:
    """The session's save after every request (SESSION_SAVE_EVERY_REQUEST) and transaction control: the same on
    every page, not the page's work (tests/core/test_list_queries.py counts the same way)."""
    return sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")) or sql.startswith(
        'UPDATE "django_session"')


def _time(client, url) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - start) * 1000, response


def measure_pages(repeat: int, only: str = "", out=print) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users, rows = {}, []
    for case in cases():
        if only and only not in case.label:
            continue
        client, admin = _client(users, case.user), _client(users, "admin")
        _time(client, case.url)  # warm-up: the process's first look at a content type or a setting is not the page's
        with CaptureQueriesContext(connection) as ctx:
            _, response = _time(client, case.url)
        case.queries = sum(1 for q in ctx.captured_queries if not _bookkeeping(q["sql"]))
        case.status, case.bytes = response.status_code, len(response.content)
        if case.admin:
            _time(admin, case.admin)
        for _ in range(repeat):
            case.samples.append(_time(client, case.url)[0])
            if case.admin:
                case.admin_samples.append(_time(admin, case.admin)[0])
        row = case.summary()
        rows.append(row)
        out(_line(row))
    return rows


def measure_proposal(repeat: int) -> dict:
    """duplicate_proposals(report) for open reports: what a clerk's or reviewer's report page calls."""
    from hazards.enums import ReportState
    from hazards.models import HazardReport
    from hazards.selectors import duplicate_proposals

    reports = list(HazardReport.objects.filter(status=ReportState.SUBMITTED).order_by("-pk")[:20])
    samples = []
    for report in reports:
        duplicate_proposals(report)
    for _ in range(max(1, repeat // 2)):
        for report in reports:
            start = time.perf_counter()
            duplicate_proposals(report)
            samples.append((time.perf_counter() - start) * 1000)
    return {"page": "duplicate proposal (selector)", "calls": len(samples), "median_ms": _median(samples),
            "p95_ms": _p95(samples), "meets": bool(samples) and _p95(samples) < 50}


# --- exports: one child process each -------------------------------------------------------------------------


def export_child(name: str) -> dict:
    """Run in the child: make one export as its background job does, report seconds, rows and peak memory."""
    from django.db.models import Count

    from hazards.enums import RoundState
    from hazards.exports import REPORTS_EXPORT, PaymentExport
    from hazards.models import Round
    from jinan_union.exports import make_export
    from jinan_union.models import ExportJob, User

    start = time.perf_counter()
    if name == "hazard-xlsx":
        user = User.objects.get(username="reviewer")
        job = ExportJob.objects.create(user=user, exporter=REPORTS_EXPORT, params={}, title="bench")
    elif name == "payment-pdf":
        # The paid round with the most paid reports: the biggest city-wide payment sheet, as its background job.
        round_ = (Round.objects.filter(status=RoundState.PAID).annotate(n=Count("paid_reports"))
                  .order_by("-n", "-year").first())
        job = ExportJob.objects.create(user=User.objects.get(username="finance"), exporter=PaymentExport.identifier,
                                       params={"pk": [str(round_.pk)]}, fmt=ExportJob.Format.PDF, title="bench")
    else:
        raise SystemExit(f"unknown export {name}")
    make_export(job.pk)
    job.refresh_from_db()
    rows, size, status = job.rows_total, job.file.size if job.file else 0, job.status
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    # The largest of the child's finished children (the PDF's worker processes); ru_maxrss is in KiB on Linux.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    # CPU seconds beside the wall clock: on a loaded machine the wall clock is mostly waiting.
    return {"export": name, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "peak_mb": round(max(own.ru_maxrss, children.ru_maxrss) / 1024, 1),
            "peak_mb_self": round(own.ru_maxrss / 1024, 1), "peak_mb_children": round(children.ru_maxrss / 1024, 1),
            "rows": rows, "bytes": size, "status": status}


EXPORT_TARGETS = {"hazard-xlsx": (30, 200), "payment-pdf": (20, 300)}  # seconds, MB


def measure_exports(names, out=print) -> list[dict]:
    import tempfile

    results = []
    for name in names:
        with tempfile.TemporaryDirectory() as media:
            env = {**os.environ, "DJANGO_MEDIA_ROOT": media}
            load = _load()
            done = subprocess.run([sys.executable, "-m", "benchmarks.scale_bench", "export", name], cwd=ROOT, env=env,
                                  capture_output=True, text=True, check=False)
        if done.returncode:
            result = {"export": name, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
        else:
            result = json.loads(done.stdout.strip().splitlines()[-1])
            seconds, mb = EXPORT_TARGETS[name]
            result["meets"] = result["seconds"] < seconds and result["peak_mb"] < mb
        result["load_before"] = load
        results.append(result)
        out(json.dumps(result, ensure_ascii=False))
    return results


# --- the report ---------------------------------------------------------------------------------------------


def _line(row: dict) -> str:
    admin = (f" | {row['admin_median_ms']} | {row['ratio']}×" if row.get("admin_url") else " | – | –")
    return (f"| {row['page']} ({row['user']}) | {row['median_ms']} | {row['p95_ms']} | {row['queries']}{admin} | "
            f"{'✓' if row['meets'] else '✗'} |")


def table(result: dict) -> str:
    lines = [f"load average before {result['load_before']}, after {result['load_after']}; "
             f"{result['repeat']} requests per page; {result['counts']}", "",
             "| page (user) | median ms | p95 ms | queries | admin median ms | ours/admin | target |",
             "|---|---|---|---|---|---|---|"]
    lines += [_line(row) for row in result["pages"]]
    if result.get("proposal"):
        p = result["proposal"]
        lines += ["", f"duplicate proposal: {p['calls']} calls, median {p['median_ms']} ms, p95 {p['p95_ms']} ms"]
    for e in result.get("exports", []):
        lines.append(f"export {e['export']}: {e.get('seconds')} s, peak {e.get('peak_mb')} MB (process "
                     f"{e.get('peak_mb_self')}, largest child {e.get('peak_mb_children')}), {e.get('rows')} rows"
                     f"{' ' + str(e['error']) if 'error' in e else ''}")
    return "\n".join(lines)


def counts() -> dict:
    from funding.models import JournalEntry
    from hazards.models import HazardReport
    from jinan_union.models import Organisation, WorkUnit
    from studios.models import Application, Studio

    return {"organisations": Organisation.objects.count(), "units": WorkUnit.objects.count(),
            "studios": Studio.objects.count(), "studio_applications": Application.objects.count(),
            "hazard_reports": HazardReport.objects.count(), "journal_entries": JournalEntry.objects.count()}


def run(*, repeat: int = 10, only: str = "", exports=("hazard-xlsx", "payment-pdf"), out=print) -> dict:
    from django.conf import settings
    from django.db import connection

    # Production-like: no DEBUG (the debug cursor and template debugging would be timed too); the test client's host.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    result = {"database": connection.vendor, "repeat": repeat, "load_before": _load(), "counts": counts(),
              "cpus": os.cpu_count()}
    out("| page (user) | median ms | p95 ms | queries | admin median ms | ours/admin | target |")
    out("|---|---|---|---|---|---|---|")
    result["pages"] = measure_pages(repeat, only, out)
    result["proposal"] = measure_proposal(repeat)
    out(json.dumps(result["proposal"], ensure_ascii=False))
    result["exports"] = measure_exports(exports, out) if exports else []
    result["load_after"] = _load()
    return result


if __name__ == "__main__":  # the export child: python -m benchmarks.scale_bench export <name>
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinan_union.settings")
    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no debug cursor keeping the queries
    print(json.dumps(export_child(sys.argv[2]), ensure_ascii=False))
