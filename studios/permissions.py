"""Who may do what in the studios app: one predicate per action, `can_xxx(user, obj) -> (allowed, reason)`.

The same predicate is asked by the move table (studios/workflows.py, `may=`), by the service (`require()`),
by the view and the template (a button shows only when it holds, else its reason) and by the admin action.
Scope (SYS-SCOPE) is part of each predicate: a user never acts on another union's record.
"""

from __future__ import annotations

from jinan_union.enums import Role

from .enums import MUNICIPAL_STATES, StudioStatus

Decision = tuple[bool, str]
OK: Decision = (True, "")
WRONG_ROLE = "您的角色不能执行此操作。"


def _sees_application(user, application) -> bool:
    from .selectors import applications_visible_to

    return applications_visible_to(user).filter(pk=application.pk).exists()


def _application_role(user, application, role: str) -> Decision:
    if not user.has_role(role):
        return False, WRONG_ROLE
    if not _sees_application(user, application):
        return False, "无权处理其他工会的申报。"
    return OK


# --- application moves (the table in workflows.py) -------------------------------------------------------


def can_submit(user, application) -> Decision:
    return _application_role(user, application, Role.SYSTEM_CLERK)


def can_review(user, application) -> Decision:
    """退回修改, 审核不通过, 完成考察, 推荐命名, 取消资格: the production-protection department (S§11)."""
    return _application_role(user, application, Role.REVIEWER)


can_return = can_reject = can_inspect = can_recommend = can_disqualify = can_review


def can_decide(user, application) -> Decision:
    """会议审定通过, 会议未通过, 发文命名: the secretary of the party-group / chairman's office meeting."""
    return _application_role(user, application, Role.SECRETARY)


can_approve = can_decline = can_name = can_decide


# --- applications: not moves -------------------------------------------------------------------------------


def can_edit_application(user, application) -> Decision:
    """The owning system union's clerk edits a draft or a returned application."""
    if not user.has_role(Role.SYSTEM_CLERK) or application.studio.system_union_id != user.organisation_id:
        return False, "只有本系统工会经办人可以修改申报。"
    return OK


def can_apply(user, studio) -> Decision:
    """Start an application for municipal naming of one of the clerk's own studios."""
    if not user.has_role(Role.SYSTEM_CLERK) or studio.system_union_id != user.organisation_id:
        return False, "只有本系统工会经办人可以申报。"
    if studio.status != StudioStatus.SYSTEM_NAMED:
        return False, f"工作室状态为“{studio.get_status_display()}”，不能申报市级命名。"
    return OK


def can_open_call(user, call=None) -> Decision:
    """STU-CALL (S§5): the production-protection department publishes the yearly call."""
    return OK if user.has_role(Role.REVIEWER) else (False, "只有市总工会审核人（生产保护部）可以发布申报通知。")


# --- expert scoring (STU-SCORE, S§11) -------------------------------------------------------------------------


def can_assign_experts(user, application) -> Decision:
    """The reviewer assigns experts to an application under review (submitted or inspected)."""
    from .enums import ApplicationState as S

    allowed, reason = _application_role(user, application, Role.REVIEWER)
    if not allowed:
        return allowed, reason
    if application.state not in (S.SUBMITTED, S.INSPECTED):
        return False, f"申报当前状态为“{application.get_state_display()}”，不能分配评审专家。"
    return OK


def conflict_of_interest(expert, application) -> str:
    """An expert of the applicant's own system union or of its unit (its grassroots union) is excluded."""
    studio = application.studio
    org = expert.organisation
    if org is None:
        return ""
    if org.pk == studio.system_union_id or (org.system_union and org.system_union.pk == studio.system_union_id):
        union = studio.system_union.name
        return f"评审专家{expert.full_name}属于申报工作室所在的系统工会“{union}”，应当回避，不能分配。"
    if org.pk == studio.work_unit.grassroots_union_id:
        return f"评审专家{expert.full_name}属于申报工作室所在单位“{studio.work_unit.name}”，应当回避，不能分配。"
    return ""


def can_score(user, assignment) -> Decision:
    """Only the assigned expert scores, once: a submitted score is final."""
    if not user.has_role(Role.EXPERT) or assignment.expert_id != user.pk:
        return False, "只有被分配的评审专家可以评分。"
    if hasattr(assignment, "score"):
        return False, "您已提交评分，评分提交后不能修改。"
    return OK


def can_see_ranking(user, call=None) -> Decision:
    return OK if user.has_role(Role.REVIEWER, Role.SECRETARY) else (False, WRONG_ROLE)


def can_register_studio(user, unit=None) -> Decision:
    if not user.has_role(Role.SYSTEM_CLERK):
        return False, "只有系统工会经办人可以登记工作室。"
    if unit is not None and unit.system_union_id != user.organisation_id:
        return False, "只能登记本系统工会所属单位的工作室。"
    return OK


def can_checklist(user, application) -> Decision:
    """The reviewer marks the checklist while the application is under review."""
    from .enums import ApplicationState as S

    if not user.has_role(Role.REVIEWER):
        return False, "只有生产保护部审核人可以审核。"
    if application.state not in (S.SUBMITTED, S.INSPECTED):
        return False, f"申报当前状态为“{application.get_state_display()}”，不能审核。"
    return OK


def can_record_inspection(user, application) -> Decision:
    from .enums import ApplicationState as S

    ok, why = can_inspect(user, application)
    if not ok:
        return ok, why
    if application.state != S.SUBMITTED:
        return False, f"申报当前状态为“{application.get_state_display()}”，不能记录考察。"
    return OK


def can_report_fraud(user, application) -> Decision:
    return can_disqualify(user, application)


def can_manage_batches(user, batch=None) -> Decision:
    """Create a naming batch, list applications in it, record its meeting, publish its document."""
    if not user.has_role(Role.SECRETARY):
        return False, "只有党组会/主席办公会秘书可以办理命名批次。"
    if batch is not None and batch.named_on:
        # Issue 11: once named (S§11) the batch is read-only; a repeated or forged POST is refused here.
        from jinan_union.workflow import REPEATED

        named = f"本批次已于{batch.named_on:%Y-%m-%d}发文命名，{batch.document_number}"
        return False, f"{REPEATED}（{named}；只读，不能再修改）"
    return OK


# --- studios after naming ----------------------------------------------------------------------------------


def can_keep_ledger(user, studio) -> Decision:
    """STU-LEDGER: the grassroots union clerk of the studio's own unit."""
    if not user.has_role(Role.GRASSROOTS_CLERK) or user.organisation_id != studio.work_unit.grassroots_union_id:
        return False, "只有工作室所在单位的基层工会经办人可以办理。"
    return OK


def can_assess(user, studio) -> Decision:
    ok, why = can_keep_ledger(user, studio)
    if not ok:
        return ok, why
    if studio.status not in MUNICIPAL_STATES:
        return False, "只对市级命名的工作室进行年度考核。"
    return OK


def can_spot_check(user, studio) -> Decision:
    """STU-SPOTCHECK: the municipal union's production-protection department checks named studios; the
    studio moves that follow a check (整改, 复查通过, 摘牌) ask the same."""
    if not user.has_role(Role.REVIEWER):
        return False, "只有市总工会生产保护部可以抽查。"
    return OK


can_rectify = can_flag_overdue = can_spot_check


def can_decide_delisting(user, studio=None) -> Decision:
    """STU-SPOTCHECK / STU-REVOKE: 摘牌 and 撤销命名 are recorded like a naming, by the meeting's secretary
    with the meeting and the published document."""
    if not user.has_role(Role.SECRETARY):
        return False, "只有党组会/主席办公会秘书可以记录摘牌或撤销命名的决定。"
    return OK


can_delist = can_revoke = can_decide_delisting


def can_name_studio(user, studio) -> Decision:
    """The studio is named by the naming of its application (发文命名), by the secretary."""
    if not user.has_role(Role.SECRETARY):
        return False, WRONG_ROLE
    return OK


# --- SYS-IMPORT: studios named before the system ---------------------------------------------------------------


def can_import_naming(user, studio=None) -> Decision:
    """An earlier municipal naming is recorded from the archive by the production-protection department."""
    if user.is_municipal and user.has_role(Role.REVIEWER):
        return OK
    return False, "市级命名只能由市总工会生产保护部补录。"


# --- STU-MEMBERS, STU-PUBLIC ---------------------------------------------------------------------------------


def can_keep_members(user, studio) -> Decision:
    """STU-MEMBERS: the studio's union clerks, the system union's that registered it and the grassroots union's
    of its unit (docs/decisions/studios-public.md)."""
    if user.has_role(Role.SYSTEM_CLERK) and user.organisation_id == studio.system_union_id:
        return OK
    if user.has_role(Role.GRASSROOTS_CLERK) and user.organisation_id == studio.work_unit.grassroots_union_id:
        return OK
    return False, "只有工作室所属系统工会或所在单位基层工会的经办人可以维护成员。"


def can_propose_showcase(user, showcase) -> Decision:
    """STU-PUBLIC: the studio's union clerks choose what is public, for a studio named at municipal level."""
    ok, why = can_keep_members(user, showcase.studio)
    if not ok:
        return False, "只有工作室所属系统工会或所在单位基层工会的经办人可以提交公开展示内容。"
    if showcase.studio.status not in MUNICIPAL_STATES:
        return False, "只有市级命名的创新工作室可以公开展示。"
    return OK


def can_review_showcase(user, showcase) -> Decision:
    """STU-PUBLIC: the municipal union's reviewer approves or returns what a union proposes to show."""
    if not user.has_role(Role.REVIEWER):
        return False, "只有市总工会生产保护部可以审核公开展示内容。"
    return OK


def can_withdraw_showcase(user, showcase) -> Decision:
    """Taking a public showcase down: the reviewer, or the studio's union clerks."""
    if user.has_role(Role.REVIEWER) or can_keep_members(user, showcase.studio)[0]:
        return OK
    return False, "只有审核人或工作室所属工会的经办人可以撤下公开展示。"
