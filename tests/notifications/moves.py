"""Making the studios app's real moves from the notification tests, before and after its conversion.

Until studios moves through jinan_union.workflow.move() (branch wf-studios), its own `transition()` and
`_move_studio()` record the history but do not send `moved`. `announce_studio_moves` then wraps them to send it
the way move() does: after the commit, with the move's name, label, actor, states and comment. Once the
studios tables are registered with the core, it does nothing and `act()` calls move() itself, so these tests
prove the real route either way (drop the bridge when the old functions are gone)."""

from types import SimpleNamespace

from django.db import transaction

from jinan_union import workflow


def converted() -> bool:
    from studios.models import Application

    try:
        workflow.workflow_of(Application)
    except LookupError:
        return False
    return True


def act(obj, name: str, *, by, comment: str = ""):
    if converted():
        return workflow.move(obj, name, by=by, comment=comment)
    from studios import services

    return services.transition(application=obj, action=name, by=by, reason=comment)


def announce_studio_moves(monkeypatch) -> None:
    if converted():
        return
    from studios import services
    from studios.models import Application, Studio

    transition, move_studio = services.transition, services._move_studio

    def announcing_transition(*, application, action, by, reason=""):
        before = Application.objects.values_list("state", flat=True).get(pk=application.pk)
        app = transition(application=application, action=action, by=by, reason=reason)
        t = services.TRANSITIONS[action]
        transaction.on_commit(lambda: workflow.moved.send(
            sender=Application, obj=app, name=action, move=t, by=by, from_state=before, to_state=app.state,
            comment=reason))
        return app

    def announcing_move_studio(studio, action, by, comment, fields=()):
        before = studio.status
        move_studio(studio, action, by, comment, fields)
        label = services.STUDIO_TRANSITIONS[action][0]
        transaction.on_commit(lambda: workflow.moved.send(
            sender=Studio, obj=studio, name=action, move=SimpleNamespace(label=label), by=by, from_state=before,
            to_state=studio.status, comment=comment))

    monkeypatch.setattr(services, "transition", announcing_transition)
    monkeypatch.setattr(services, "_move_studio", announcing_move_studio)
