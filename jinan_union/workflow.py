"""The one mover of every state of every model (SYS-AUDIT, SYS-NOBYPASS).

Each app declares, per model, a `Workflow`: the state field and a table of moves that fits on one screen
(name → label, from-states, to-state, who may, guards, effect). `move(obj, name, by=…)` is the only code
that assigns a state field, as pretalx's `set_submission_state` and pretix's `approve_order` are:

1. lock the rows the move depends on (`prelock`, e.g. the naming year's quota row), then the object;
2. check, under the lock, the predicate (who may), the from-state, the comment when one is required and
   every guard — a condition that an earlier step checked and that must still hold now is a guard here too;
3. assign the state and the given fields, run the effect, save with `update_fields`;
4. record the history entry (SYS-AUDIT: actor, from, to, comment);
5. after the transaction commits, send `moved` — the hook that notifications listen to.

Refusals are `DomainError`s; a refused predicate is a forbidden one (the views answer 403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal

from .audit import record_change
from .confirm import ask
from .errors import DomainError

# sender: the model class; kwargs: obj, name, move, by, from_state, to_state, comment, entry (the history entry).
moved = Signal()

Decision = tuple[bool, str]
Predicate = Callable[[Any, models.Model], Decision]  # (user, obj) → (allowed, reason)


@dataclass
class Context:
    """What guards and effects see: who moves, the comment, the fields given to move(), and the note the
    history entry will carry (an effect may rewrite it)."""

    by: Any
    comment: str
    fields: dict[str, Any]
    from_state: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


Guard = Callable[[models.Model, Context], "str | DomainError | None"]
Effect = Callable[[models.Model, Context], "Iterable[str] | None"]


def anyone(user, obj) -> Decision:
    return True, ""


@dataclass(frozen=True)
class Move:
    label: str
    sources: tuple[str, ...]
    target: str
    may: Predicate = anyone
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    needs_comment: bool = False
    comment_label: str = "原因"
    system: bool = False  # the daily command (by=None, shown as 系统) may make this move
    prelock: Callable[[models.Model], None] | None = None
    # SYS-CONFIRM: for a move its maker cannot undo, the consequence in one sentence; the button asks for
    # confirmation with it ({% confirm obj "name" %} and static/js/confirm.js).
    confirm: str = ""


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    field: str
    moves: dict[str, Move]

    def label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.field).choices or ())
        return str(choices.get(state, state or ""))


_WORKFLOWS: dict[type[models.Model], Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    for name, m in workflow.moves.items():
        valid = {v for v, _ in workflow.model._meta.get_field(workflow.field).choices}
        unknown = {*m.sources, m.target} - valid
        if unknown:  # a typo in a table fails at import, not in production
            raise ValueError(f"{workflow.model.__name__}.{name}: unknown states {sorted(unknown)}")
    _WORKFLOWS[workflow.model] = workflow
    return workflow


def workflows() -> list[Workflow]:
    return list(_WORKFLOWS.values())


def workflow_of(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    model = model._meta.concrete_model
    try:
        return _WORKFLOWS[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no workflow") from None


def state_of(obj) -> str:
    return getattr(obj, workflow_of(obj).field)


REPEATED = "该操作已完成，无需重复提交。"


def _state_refusal(wf: Workflow, m: Move, obj) -> str:
    noun = obj._meta.verbose_name
    return f"{noun}当前状态为“{wf.label(state_of(obj))}”，不能{m.label}。"


@dataclass(frozen=True)
class Permission:
    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def allowed(obj, name: str, user) -> Permission:
    """Whether `user` may make move `name` on `obj` now, and why not: the predicate and the from-state.
    The guards run at the move itself (they may need locks and queries); templates show a button only
    when this holds, and its reason when it does not."""
    wf = workflow_of(obj)
    m = wf.moves.get(name)
    if m is None:
        return Permission(False, "未知操作。")
    ok, why = m.may(user, obj)
    if not ok:
        return Permission(False, why or "您的角色无权执行此操作。")
    if state_of(obj) not in m.sources:
        return Permission(False, _state_refusal(wf, m, obj))
    return Permission(True)


def confirmation(obj_or_label, name: str) -> str:
    """SYS-CONFIRM: the consequence sentence of move `name` of an object, a model or an "app.model" label."""
    from django.apps import apps

    target = apps.get_model(obj_or_label) if isinstance(obj_or_label, str) else obj_or_label
    return workflow_of(target).moves[str(name)].confirm


def available(obj, user) -> dict[str, Permission]:
    return {name: allowed(obj, name, user) for name in workflow_of(obj).moves}


def _auto_now_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def move(obj, name: str, *, by, comment: str = "", **fields) -> models.Model:
    """Make move `name` on `obj`; returns the saved, locked copy (and updates `obj` to match)."""
    wf = workflow_of(obj)
    m = wf.moves.get(name)
    if m is None:
        raise DomainError(f"未知操作：{name}。")
    comment = (comment or "").strip()
    model = type(obj)._meta.concrete_model
    with transaction.atomic():
        if m.prelock is not None:
            m.prelock(obj)
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        if by is None:
            if not m.system:
                raise DomainError.denied("此操作须由有权限的用户办理。")
        else:
            ok, why = m.may(by, locked)
            if not ok:
                raise DomainError.denied(why or "您的角色无权执行此操作。")
        if state_of(locked) not in m.sources:
            if state_of(locked) == m.target:  # a repeated POST (a double click, a reload): harmless, says so
                raise DomainError(f"{REPEATED}（{locked._meta.verbose_name}当前状态为“{wf.label(m.target)}”）")
            raise DomainError(_state_refusal(wf, m, locked))
        if m.needs_comment and not comment:
            raise DomainError(f"{m.label}须填写{m.comment_label}。", field="comment")
        from_state = state_of(locked)
        ctx = Context(by=by, comment=comment, fields=dict(fields), from_state=from_state, note=comment)
        for guard in m.guards:
            problem = guard(locked, ctx)
            if isinstance(problem, DomainError):
                raise problem
            if problem:
                raise DomainError(problem)
        if by is not None and m.confirm:  # SYS-CONFIRM: a posted move that cannot be undone asks first
            ask(m.confirm, locked, m.label)
        setattr(locked, wf.field, m.target)
        for key, value in fields.items():
            setattr(locked, key, value)
        changed = [wf.field, *fields]
        if m.effect is not None:
            changed += list(m.effect(locked, ctx) or ())
        changed += _auto_now_fields(model)
        locked.save(update_fields=list(dict.fromkeys(changed)))
        to_state = state_of(locked)
        entry = record_change(
            locked, actor=by, action=m.label, from_state=wf.label(from_state), to_state=wf.label(to_state),
            comment=ctx.note,
        )

        def announce():
            moved.send(sender=model, obj=locked, name=name, move=m, by=by, from_state=from_state,
                       to_state=to_state, comment=ctx.note, entry=entry)

        transaction.on_commit(announce)
    for key in dict.fromkeys(changed):
        attname = model._meta.get_field(key).attname
        setattr(obj, attname, getattr(locked, attname))
    return locked
