"""The one mover (jinan_union.workflow.move): lock, predicate, from-state, guards under the lock, update_fields,
history, the `moved` signal after commit (SYS-AUDIT, SYS-NOBYPASS).

The mechanism is proven on a throw-away table of moves over the export job's states, so that it does not depend on
any one app's rules; the apps' own tables are proven in their tests."""

import pytest

from jinan_union import workflow
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.models import ExportJob

S = ExportJob.Status


def only_the_owner(user, job):
    return (job.user_id == user.pk, "只有导出人可以操作。")


def guard_has_rows(job, ctx):
    fresh = ExportJob.objects.get(pk=job.pk)  # read under the lock, as the apps' guards do
    return None if fresh.rows_total > 0 else DomainError("没有数据行。", field="rows_total")


def effect_finish(job, ctx):
    job.rows_done = job.rows_total
    ctx.note = f"共{job.rows_total}行" + (f"：{ctx.comment}" if ctx.comment else "")
    return ["rows_done"]


@pytest.fixture
def job_flow():
    flow = workflow.Workflow(ExportJob, "status", {
        "start": workflow.Move("开始", (S.QUEUED,), S.RUNNING, may=only_the_owner, system=True),
        "finish": workflow.Move("完成", (S.RUNNING,), S.DONE, may=only_the_owner, guards=(guard_has_rows,),
                                effect=effect_finish),
        "fail": workflow.Move("失败", (S.QUEUED, S.RUNNING), S.FAILED, may=only_the_owner, needs_comment=True),
    })
    saved = dict(workflow._WORKFLOWS)
    workflow.register(flow)
    yield flow
    workflow._WORKFLOWS.clear()
    workflow._WORKFLOWS.update(saved)


@pytest.fixture
def job(world):
    return ExportJob.objects.create(user=world.users["lixia"], exporter="x", title="测试")


@pytest.mark.rule("SYS-AUDIT")
def test_a_move_saves_the_state_and_records_who_from_and_to(job_flow, job, world):
    lixia = world.users["lixia"]
    workflow.move(job, "start", by=lixia)
    job.refresh_from_db()
    assert job.status == S.RUNNING
    entry = history_of(job).get()
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (lixia, "开始", "排队中", "生成中")


def test_fields_given_to_the_move_are_saved_with_it_and_the_effect_rewrites_the_note(job_flow, job, world):
    lixia = world.users["lixia"]
    workflow.move(job, "start", by=lixia, rows_total=7)
    returned = workflow.move(job, "finish", by=lixia, comment="核对无误")
    assert job.status == S.DONE  # the caller's object follows the saved one
    assert (returned.rows_total, returned.rows_done) == (7, 7)
    assert history_of(job).last().comment == "共7行：核对无误"


@pytest.mark.rule("SYS-NOBYPASS")
def test_a_user_the_predicate_refuses_gets_a_forbidden_error_and_nothing_changes(job_flow, job, world):
    with pytest.raises(DomainError) as refused:
        workflow.move(job, "start", by=world.users["shizhong"])
    assert refused.value.forbidden is True
    assert refused.value.text == "只有导出人可以操作。"
    job.refresh_from_db()
    assert job.status == S.QUEUED
    assert history_of(job).count() == 0


def test_a_move_from_the_wrong_state_names_the_current_state(job_flow, job, world):
    with pytest.raises(DomainError) as refused:
        workflow.move(job, "finish", by=world.users["lixia"])
    assert refused.value.text == "导出任务当前状态为“排队中”，不能完成。"
    assert refused.value.forbidden is False


def test_a_move_that_needs_a_reason_refuses_without_one_beside_the_comment_field(job_flow, job, world):
    with pytest.raises(DomainError) as refused:
        workflow.move(job, "fail", by=world.users["lixia"], comment="  ")
    assert refused.value.fields == {"comment": "失败须填写原因。"}


@pytest.mark.rule("SYS-NOBYPASS")
def test_guards_run_on_the_row_as_it_is_now_not_as_the_caller_saw_it(job_flow, job, world):
    lixia = world.users["lixia"]
    workflow.move(job, "start", by=lixia, rows_total=3)
    stale = ExportJob.objects.get(pk=job.pk)
    ExportJob.objects.filter(pk=job.pk).update(rows_total=0)  # changed by someone else meanwhile
    with pytest.raises(DomainError) as refused:
        workflow.move(stale, "finish", by=lixia)
    assert refused.value.fields == {"rows_total": "没有数据行。"}
    assert ExportJob.objects.get(pk=job.pk).status == S.RUNNING


def test_the_system_may_make_only_the_moves_marked_for_it(job_flow, job, world):
    workflow.move(job, "start", by=None)
    assert history_of(job).get().actor is None
    with pytest.raises(DomainError) as refused:
        workflow.move(job, "fail", by=None, comment="超时")
    assert refused.value.forbidden is True


def test_moved_is_sent_once_after_the_transaction_commits(job_flow, job, world, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append((sender, kwargs["name"], kwargs["from_state"], kwargs["to_state"], kwargs["by"]))

    workflow.moved.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            workflow.move(job, "start", by=world.users["lixia"])
        assert heard == []  # nothing is announced before the commit
        for callback in callbacks:
            callback()
    finally:
        workflow.moved.disconnect(listener)
    assert heard == [(ExportJob, "start", S.QUEUED, S.RUNNING, world.users["lixia"])]


def test_allowed_explains_why_not_for_the_template(job_flow, job, world):
    assert workflow.allowed(job, "start", world.users["lixia"]).ok is True
    assert workflow.allowed(job, "start", world.users["shizhong"]).reason == "只有导出人可以操作。"
    assert workflow.allowed(job, "finish", world.users["lixia"]).reason == "导出任务当前状态为“排队中”，不能完成。"


def test_a_table_naming_an_unknown_state_fails_at_registration():
    with pytest.raises(ValueError):
        workflow.register(workflow.Workflow(ExportJob, "status", {"x": workflow.Move("x", ("nope",), S.DONE)}))
