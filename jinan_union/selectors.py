"""Reads that the core's pages list."""

from .models import User


def users_for_admin():
    return User.objects.select_related("organisation").order_by("organisation__path", "username")

