from typing import Any

from drf_spectacular.generators import SchemaGenerator

from cadencia.core.scoping import scopes_disabled


class ScopedSchemaGenerator(SchemaGenerator):
    """Builds the OpenAPI schema with scoping disabled.

    Schema generation only reads models' metadata (it never evaluates a queryset), but it calls
    ``get_queryset()`` outside any request, where the fail-closed scope would raise.
    """

    def get_schema(self, *args: Any, **kwargs: Any) -> Any:
        with scopes_disabled():
            return super().get_schema(*args, **kwargs)
