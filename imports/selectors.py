"""The one visibility query of import batches (SYS-SCOPE)."""

from django.db.models import QuerySet

from jinan_union.scope import scope_by_org

from .models import ImportBatch
from .permissions import kinds_for


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    """The batches of the kinds the user may import: municipal importers see every union's, a system union's
    clerk its own union's."""
    if not getattr(user, "is_authenticated", False):
        return ImportBatch.objects.none()
    kinds = kinds_for(user)
    qs = ImportBatch.objects.filter(kind__in=kinds).select_related("union", "created_by")
    return scope_by_org(qs, user, "union")
