"""Analytics reads go to the read replica when one is configured (docs/operations.md).

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database alias and this router sends
every read of the analytics rollups (``analytics.Fact``) there; writes, migrations and every other
model stay on ``default`` (the primary) - including the analytics app's export jobs, whose page a
user opens right after asking for one. Code that reads other models for analytics (cases, feedback) asks
for the replica explicitly: ``Case.objects.using(reporting_database())``. Without the variable
both answer ``default``, so a laptop or a one-server install needs nothing.

A replica lags the primary by a little: only reads that tolerate that (dashboards, exports,
reports) may use it, never a page that shows what a user has just written.
"""

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"
# Models ("app_label.model_name") whose reads the replica serves.
REPLICA_MODELS = frozenset({"analytics.fact"})


def reporting_database() -> str:
    """The alias for analytics reads: the replica if configured, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: object) -> str | None:
        if model._meta.label_lower in REPLICA_MODELS and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: object) -> str | None:
        return None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool | None:
        # Both aliases hold the same data: relations between their objects are fine.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool | None:
        # The replica receives the schema by replication, never by migrate.
        return db != REPLICA
