"""A call campaign (or only a contact database) made from a contact search: the contacts the
filters select are copied, in one statement, into a new database of the user's project, and
the campaign wizard opens with it chosen."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadencia.accounts.models import User
from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.contacts.services import contact_database_save
from cadencia.core.history import log_action

COPIED = (
    "external_id",
    "phones",
    "fields",
)


def _columns(contacts: QuerySet[Contact]) -> tuple[list[dict[str, Any]], str]:
    """The union of the source databases' columns (by name, first seen) and their region."""
    database_ids = contacts.order_by().values("database").distinct()
    columns: list[dict[str, Any]] = []
    region = ""
    for database in ContactDatabase.objects.filter(pk__in=database_ids).order_by("pk"):
        region = region or database.default_region
        names = {c["name"] for c in columns}
        columns += [c for c in database.columns if c["name"] not in names]
    return columns, region or settings.PHONE_DEFAULT_REGION


def _external_ids_clash(contacts: QuerySet[Contact]) -> bool:
    repeated = (
        contacts.exclude(external_id="")
        .order_by()
        .values("external_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    return repeated.exists()


def _copy(contacts: QuerySet[Contact], database: ContactDatabase, keep_ids: bool) -> int:
    """INSERT … SELECT: the rows never travel through Python, whatever their number. A company
    is kept only when the new database's project shares it (else that project would read it)."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    project_ids = list(database.projects.values_list("pk", flat=True))
    shared = Company.objects.filter(projects__in=project_ids).values("pk")
    shared_sql, shared_params = shared.query.sql_with_params()
    chosen_sql, chosen_params = contacts.order_by().values("pk").query.sql_with_params()
    now = timezone.now()
    external = "src.external_id" if keep_ids else "''"
    sql = (
        f"INSERT INTO {table} (database_id, external_id, phones, fields, company_id, "  # noqa: S608 - names are the model's, values are parameters
        "created_at, updated_at, last_activity_at, last_disposition) "
        f"SELECT %s, {external}, src.phones, src.fields, "
        f"CASE WHEN src.company_id IN ({shared_sql}) THEN src.company_id END, "
        "%s, %s, NULL, '' "
        f"FROM {table} src WHERE src.id IN ({chosen_sql}) ORDER BY src.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [database.pk, *shared_params, now, now, *chosen_params])
        return int(cursor.rowcount)


def contact_database_from_contacts(
    *, contacts: QuerySet[Contact], name: str, project_id: int, user: User
) -> ContactDatabase:
    """A new database in ``project_id`` holding copies of ``contacts`` (read in the caller's
    scope); ValidationError when none is selected or there are too many."""
    total = contacts.count()
    if total == 0:
        raise ValidationError(_("No contact matches these filters."))
    limit = int(settings.CAMPAIGN_FROM_CONTACTS_MAX)
    if total > limit:
        raise ValidationError(
            _("%(total)d contacts match; narrow the filters to at most %(limit)d.")
            % {"total": total, "limit": limit}
        )
    columns, region = _columns(contacts)
    keep_ids = not _external_ids_clash(contacts)
    with transaction.atomic():
        database = ContactDatabase(name=name.strip(), columns=columns, default_region=region)
        database.full_clean(exclude=["projects"])
        contact_database_save(database=database, project_ids={project_id}, user=user)
        copied = _copy(contacts, database, keep_ids)
        log_action(
            database,
            "campaigns.database_from_contacts",
            contacts=copied,
            external_ids_kept=keep_ids,
        )
    return database
