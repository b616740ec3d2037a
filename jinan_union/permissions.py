"""Role checks for views. Object-level scoping is in scope.py; these say which roles may use a page."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .enums import Role


def role_required(*roles: str):
    """Allow the view to users holding any of `roles`; others get 403. The roles are recorded on the
    view so that the URL matrix test can tell a view that forgot its check."""

    for role in roles:
        Role(role)  # a typo fails at import, not in production

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied("您的角色无权使用此功能。")
            return view(request, *args, **kwargs)

        wrapped.required_roles = tuple(roles)
        return wrapped

    return decorator


def any_role(view):
    """Any signed-in user with at least one role (pages whose content is then scoped per record)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.roles or not request.user.organisation_id:
            raise PermissionDenied("您的账号尚未分配组织和角色，请联系系统管理员。")
        return view(request, *args, **kwargs)

    wrapped.required_roles = tuple(Role.values)
    return wrapped


def require(decision: tuple[bool, str]) -> None:
    """Enforce a predicate's (allowed, reason) in a service: no caller can skip the check the page asks."""
    from .errors import DomainError

    ok, reason = decision
    if not ok:
        raise DomainError.denied(reason or "您的角色无权执行此操作。")


def public_page(view):
    """A page without login (STU-PUBLIC): exempt from LoginRequiredMiddleware, and marked so that the URL matrix
    test knows it was meant to be public (its case says `public=True`). Such a view reads only its own public
    selector."""
    from django.contrib.auth.decorators import login_not_required

    view = login_not_required(view)
    view.required_roles = ()
    view.public = True
    return view
