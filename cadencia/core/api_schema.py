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


_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's validation errors: messages by field (an object), or a list of messages.
_INVALID = {"oneOf": [{"type": "object", "additionalProperties": True}, {"type": "array"}]}
_ERRORS = {
    "400": ("Invalid input: the messages name the field and the reason.", "ValidationErrors"),
    "401": ("Not signed in (no or a wrong token).", "ErrorDetail"),
    "403": ("Signed in without the permission this needs.", "ErrorDetail"),
    "404": ("No such object among those you can see, or an invalid page cursor.", "ErrorDetail"),
}


def _error_codes(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    codes = ["401", "403"]
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    # DELETE too: a service may refuse (a built-in role, a project that still holds objects).
    if method in ("post", "put", "patch", "delete") or has_query:
        codes.append("400")
    if "{" in path or any(p.get("name") == "cursor" for p in operation.get("parameters", [])):
        codes.append("404")
    return codes


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation documents the errors the API
    really returns (DRF's 400/401/403/404 bodies), not only its success code."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = _DETAIL
    schemas["ValidationErrors"] = _INVALID
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _error_codes(path, method, operation):
                description, component = _ERRORS[code]
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    },
                )
    return result
