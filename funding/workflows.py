"""The moves of a grant's stage (S§13) and of an audit finding's status (S§14, S§18), for jinan_union.workflow.

A grant's stage follows its transfers: each step's move is made by services.transfer_record right after it
posted the step's voucher, and its undo by services.reverse_entry right after the reversing voucher; the
guards refuse a move whose voucher is not there, so the stage can never say more (or less) than the books.
"""

from django.utils import timezone

from jinan_union.errors import DomainError
from jinan_union.workflow import Move, Workflow, register
from studios.models import Studio

from . import permissions as can
from . import rules
from .enums import TRANSFER_ORDER, FindingStatus, GrantStage, RecoveryStep, TransferStep
from .models import Finding, Grant

# The stage a grant reaches with each step, and the stage it is in before it (S§13's order).
REACHES = {
    TransferStep.MUNICIPAL_PAYS: GrantStage.PAID_OUT,
    TransferStep.SYSTEM_RECEIVES: GrantStage.AT_SYSTEM,
    TransferStep.SYSTEM_PASSES_ON: GrantStage.PASSED_ON,
    TransferStep.GRASSROOTS_RECEIVES: GrantStage.RECEIVED,
}
BEFORE = {
    TransferStep.MUNICIPAL_PAYS: GrantStage.AWAITING,
    TransferStep.SYSTEM_RECEIVES: GrantStage.PAID_OUT,
    TransferStep.SYSTEM_PASSES_ON: GrantStage.AT_SYSTEM,
    TransferStep.GRASSROOTS_RECEIVES: GrantStage.PASSED_ON,
}


def lock_studio(grant: Grant) -> Studio:
    """The studio's row first (its standing can change under a de-listing), then the grant's."""
    return Studio.objects.select_for_update().get(pk=grant.studio_id)


def standing_refusal(studio: Studio, refusal: str = "不再拨付资助资金") -> DomainError | None:
    """S§12 / S§17 at the moment of the move: a de-listed studio (or one past its rectification deadline)
    gets no money."""
    status = rules.standing(
        status=studio.status, rectification_deadline=studio.rectification_deadline, today=timezone.localdate()
    )
    decision = rules.standing_decision(studio_status=status, refusal=refusal)
    return None if decision.allowed else DomainError(decision.message, article=decision.article)


def in_good_standing(grant: Grant, ctx) -> DomainError | None:
    return standing_refusal(Studio.objects.get(pk=grant.studio_id))


def posted(step: str):
    def guard(grant: Grant, ctx) -> str | None:
        if not grant.transfers.filter(step=step, is_reversed=False, entry__isnull=False).exists():
            return f"“{TransferStep(step).label}”尚未记账：拨付进度只随记账凭证前进（请在资助资金页记录拨付）。"
        return None

    return guard


def reversed_(step: str):
    def guard(grant: Grant, ctx) -> str | None:
        if grant.transfers.filter(step=step, is_reversed=False).exists():
            return f"“{TransferStep(step).label}”的凭证尚未冲销：拨付进度只随冲销凭证退回。"
        return None

    return guard


def _forward(step: str) -> Move:
    return Move(
        TransferStep(step).label,
        (BEFORE[step],),
        REACHES[step],
        may=lambda user, grant: can.can_record_transfer(user, grant, step),
        guards=(in_good_standing, posted(step)),
        prelock=lock_studio,
        confirm=f"记账后“{TransferStep(step).label}”的凭证即入账，只能以冲销凭证更正。",
    )


def _undo(step: str) -> Move:
    return Move(
        f"冲销：{TransferStep(step).label}",
        (REACHES[step],),
        BEFORE[step],
        may=lambda user, grant: can.can_reverse_transfer(user, grant, step),
        guards=(reversed_(step),),
        needs_comment=True,
        comment_label="冲销原因",
        confirm="冲销后原凭证以红字冲回，拨付进度退回上一步，冲销凭证不能撤回。",
    )


def stage_before_recovery(grant: Grant) -> str:
    """Where the grant's money had got to before it came back: the stage its active transfers reach."""
    return stage_reached(grant.transfers.filter(is_reversed=False))


def stage_reached(transfers) -> str:
    """The stage the transfers (those not reversed count) bring a grant's money to."""
    done = {t.step for t in transfers if not t.is_reversed}
    reached = [step for step in TRANSFER_ORDER if step in done]
    return REACHES[reached[-1]] if reached else GrantStage.AWAITING


LAST_RECOVERY = RecoveryStep.MUNICIPAL_GETS_BACK


def returned(grant: Grant, ctx) -> str | None:
    if not grant.recoveries.filter(step=LAST_RECOVERY, is_reversed=False, entry__isnull=False).exists():
        return "市总工会尚未收回结余资金：追回只随收回凭证完成（请在资助资金页记录追回）。"
    return None


def return_reversed(stage: str):
    def guard(grant: Grant, ctx) -> str | None:
        if grant.recoveries.filter(step=LAST_RECOVERY, is_reversed=False).exists():
            return "收回凭证尚未冲销：追回只随冲销凭证退回。"
        if stage_before_recovery(grant) != stage:
            return f"资助资金追回前的拨付进度不是“{GrantStage(stage).label}”。"
        return None

    return guard


# FUN-FREEZE: the stages from which a frozen grant's money can come back.
RECOVERABLE_STAGES = (GrantStage.PAID_OUT, GrantStage.AT_SYSTEM, GrantStage.PASSED_ON, GrantStage.RECEIVED)

GRANT = register(
    Workflow(
        Grant,
        "stage",
        {
            **{step.value: _forward(step) for step in TransferStep},
            **{f"undo_{step.value}": _undo(step) for step in TransferStep},
            "recover": Move(
                "资助资金已追回",
                RECOVERABLE_STAGES,
                GrantStage.RECOVERED,
                may=lambda user, grant: can.can_record_recovery(user, grant, LAST_RECOVERY),
                guards=(returned,),
                confirm="记账后结余资金即退回市总工会账簿，只能以冲销凭证更正。",
            ),
            **{
                f"undo_recover_{stage}": Move(
                    "冲销：资助资金追回",
                    (GrantStage.RECOVERED,),
                    stage,
                    may=lambda user, grant: can.can_reverse_transfer(user, grant, LAST_RECOVERY),
                    guards=(return_reversed(stage),),
                    needs_comment=True,
                    comment_label="冲销原因",
                    confirm="冲销后原凭证以红字冲回，资助资金退回追回前的进度，冲销凭证不能撤回。",
                )
                for stage in RECOVERABLE_STAGES
            },
        },
    )
)


def has_answer(finding: Finding, ctx) -> DomainError | None:
    if not str(ctx.fields.get("answer") or "").strip():
        return DomainError("请填写答复。", field="answer")
    return None


FINDING = register(
    Workflow(
        Finding,
        "status",
        {
            "answer": Move(
                "答复审查意见",
                (FindingStatus.OPEN,),
                FindingStatus.ANSWERED,
                may=can.can_answer_finding,
                guards=(has_answer,),
                confirm="提交后答复交审查人确认，不能再修改。",
            ),
            "close": Move(
                "关闭审查意见", (FindingStatus.ANSWERED,), FindingStatus.CLOSED, may=can.can_conclude_finding,
                confirm="关闭后该审查意见即告办结，不能重新打开。",
            ),
            "send_back": Move("退回答复", (FindingStatus.ANSWERED,), FindingStatus.OPEN, may=can.can_conclude_finding,
                              confirm="退回后答复单位须重新答复。"),
        },
    )
)
