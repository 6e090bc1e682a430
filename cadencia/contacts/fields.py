"""A contact's phone numbers, kept in the contact's own row, and the lookup that finds them."""

import json
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler


class PhoneListField(models.JSONField):
    """E.164 numbers in order; the first is the main number.

    On PostgreSQL a GIN index (``jsonb_path_ops``) serves ``has_phone``; it is created by the
    migration, as Django's GinIndex cannot be declared for a model that SQLite also runs."""


@PhoneListField.register_lookup
class HasPhone(models.Lookup):
    """``phones__has_phone="+5493516219387"``: the list contains this number."""

    lookup_name = "has_phone"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        return ("%s", [str(value)])

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([str(self.rhs)]))

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        # SQLite: no index can hold a list's items; the embedded database serves small lists.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)"  # noqa: S608
        return sql, (*lhs_params, str(self.rhs))
